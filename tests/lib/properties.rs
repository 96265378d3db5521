//! Property tests: arbitrary text in every field, and arbitrary JSON as an input file, never
//! panic; whatever validates converts to the typed request and reads back the same.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use certwiz::order::catalog::FIELDS;
use certwiz::order::draft::{Draft, read_input};
use certwiz::order::validate::{Context, validate};
use certwiz::order::{OrderRequest, Product};
use proptest::prelude::*;
use serde_json::Value;

const REQUEST: &str = include_str!("../fixtures/documented-order-request.json");

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null)),
        ".{0,40}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        let keys = prop_oneof![
            // Real field names make the walk go deep into the catalog.
            proptest::sample::select(vec![
                "certificate",
                "csr",
                "server_platform",
                "id",
                "signature_hash",
                "validity_years",
                "organization",
                "container",
                "ship_info",
                "subject",
                "name",
                "email",
                "custom_fields",
                "metadata_id",
                "value",
                "user_id_assignments",
                "csa_agreed_to",
                "certwiz_draft",
                "values",
                "product",
            ])
            .prop_map(str::to_owned),
            "[a-z_]{1,12}",
        ];
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((keys, inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_text_in_any_field_never_panics(
        index in 0..FIELDS.len(),
        text in any::<String>(),
        provisioning in proptest::sample::select(vec!["ship_token", "client_app", "email", "other"]),
    ) {
        let (mut draft, _) = read_input(REQUEST, None).unwrap();
        draft.set("cs_provisioning_method", provisioning);
        let field = &FIELDS[index];
        if field.is_custom_field() {
            draft.set_custom_field(1, text.clone());
        } else {
            draft.set(field.path, text.clone());
        }
        let diagnostics = validate(&draft, &Context::default());
        let body = draft.to_body();
        if diagnostics.iter().all(|d| !d.is_error()) {
            let typed: OrderRequest = draft.to_request().expect("valid drafts convert");
            let (back, problems) = Draft::from_body(draft.product, &serde_json::to_value(&typed).unwrap());
            prop_assert!(problems.is_empty(), "{:?}", problems);
            prop_assert_eq!(back.to_body(), body);
        }
    }

    #[test]
    fn any_json_as_input_never_panics(value in json_value()) {
        let text = serde_json::to_string(&value).unwrap();
        if let Ok((draft, _)) = read_input(&text, Some(Product::DocumentSigningOrg2)) {
            let _ = validate(&draft, &Context::default());
            let _ = draft.to_body();
        }
    }

    #[test]
    fn any_bytes_as_input_never_panic(text in any::<String>()) {
        let _ = read_input(&text, None);
    }
}
