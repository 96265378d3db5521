//! Every rule of the API document, with a passing and a failing case. A failing case's message
//! must name the field (its label), and its diagnostic must carry the field's dotted path.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use certwiz::order::account::{DataType, MetadataField, ProductDetails, ServerPlatform};
use certwiz::order::catalog;
use certwiz::order::draft::Draft;
use certwiz::order::validate::{
    Context, Diagnostic, Severity, custom_field_path, has_errors, validate,
};
use certwiz::order::{Product, draft::read_input};

const REQUEST: &str = include_str!("../fixtures/documented-order-request.json");

fn example() -> Draft {
    let (draft, problems) = read_input(REQUEST, None).unwrap();
    assert!(problems.is_empty());
    draft
}

fn csr(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/csr/{name}.pem",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn errors_at(draft: &Draft, ctx: &Context<'_>, path: &str) -> Vec<Diagnostic> {
    validate(draft, ctx)
        .into_iter()
        .filter(|d| d.path == path && d.severity == Severity::Error)
        .collect()
}

/// Asserts `value` at `path` passes and `bad` fails with `code`, naming the field.
fn check(path: &str, good: &str, bad: &str, code: &str) {
    let ctx = Context::default();
    let mut draft = example();
    draft.set(path, good);
    let errors = errors_at(&draft, &ctx, path);
    assert!(
        errors.is_empty(),
        "{path} = {good:?} should pass: {errors:?}"
    );
    draft.set(path, bad);
    let errors = errors_at(&draft, &ctx, path);
    assert!(
        errors.iter().any(|e| e.code == code),
        "{path} = {bad:?} should fail with {code}: {errors:?}"
    );
    let label = catalog::label(path);
    for e in &errors {
        assert!(
            e.message.contains(label),
            "message {:?} does not name {label}",
            e.message
        );
    }
}

#[test]
fn documented_example_validates_clean() {
    let diagnostics = validate(&example(), &Context::default());
    assert!(
        diagnostics.iter().all(|d| d.severity != Severity::Error),
        "{diagnostics:?}"
    );
    // The example asks to skip approval: that is worth a warning, not an error.
    assert!(
        diagnostics
            .iter()
            .any(|d| d.path == "skip_approval" && d.severity == Severity::Warning)
    );
}

#[test]
fn documented_example_is_clean_against_seeded_product_details() {
    let details = ProductDetails {
        allowed_validity_years: vec![1, 2, 3],
        server_platforms: vec![
            ServerPlatform::new(-1, Some("OTHER")),
            ServerPlatform::new(21, None),
        ],
        ..ProductDetails::default()
    };
    let ctx = Context {
        product: Some(&details),
        metadata: Some(&[]),
        ..Context::default()
    };
    let errors: Vec<_> = validate(&example(), &ctx)
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn signature_hash_is_sha256_only() {
    check(
        "certificate.signature_hash",
        "sha256",
        "sha1",
        "not_allowed",
    );
    check(
        "certificate.signature_hash",
        "sha256",
        "SHA256",
        "not_allowed",
    );
}

#[test]
fn signature_hash_is_required() {
    let mut d = example();
    d.set("certificate.signature_hash", "");
    assert_eq!(
        errors_at(&d, &Context::default(), "certificate.signature_hash")[0].code,
        "required"
    );
}

#[test]
fn validity_is_one_to_three_years() {
    check("validity_years", "3", "4", "not_allowed");
    check("validity_years", "1", "0", "not_allowed");
    check("validity_years", "2", "two", "not_allowed");
    let mut d = example();
    d.set("validity_years", "");
    assert_eq!(
        errors_at(&d, &Context::default(), "validity_years")[0].code,
        "required"
    );
}

#[test]
fn provisioning_payment_and_ship_methods_are_documented_values() {
    for good in ["ship_token", "client_app", "email"] {
        let mut d = example();
        d.set("certificate.csr", csr("p256"));
        d.set("cs_provisioning_method", good);
        assert!(
            errors_at(&d, &Context::default(), "cs_provisioning_method").is_empty(),
            "{good}"
        );
    }
    check(
        "cs_provisioning_method",
        "client_app",
        "usb_stick",
        "not_allowed",
    );
    for good in ["balance", "card", "profile"] {
        check("payment_method", good, "cash", "not_allowed");
    }
    check("ship_info.method", "expedited", "overnight", "not_allowed");
}

#[test]
fn yes_no_fields_take_true_or_false() {
    check("use_org_as_common_name", "false", "yes", "not_allowed");
    check("skip_approval", "false", "maybe", "not_allowed");
}

#[test]
fn ids_are_positive_whole_numbers() {
    check("organization.id", "1", "0", "id");
    check("organization.id", "334455", "-4", "id");
    check("organization.id", "334455", "abc", "type");
    check("container.id", "221122", "1.5", "type");
    check("user_id_assignments", "12, 34", "12, x", "id");
    check("user_id_assignments", "12", "-3", "id");
}

#[test]
fn server_platform_accepts_other_and_real_ids() {
    check("certificate.server_platform.id", "-1", "-2", "range");
    check("certificate.server_platform.id", "21", "twenty", "type");
}

#[test]
fn server_platform_must_be_offered_by_the_product() {
    let details = ProductDetails {
        server_platforms: vec![ServerPlatform::new(21, None)],
        allowed_validity_years: vec![1, 2],
        ..ProductDetails::default()
    };
    let ctx = Context {
        product: Some(&details),
        metadata: None,
        ..Context::default()
    };
    let mut d = example();
    assert!(errors_at(&d, &ctx, "certificate.server_platform.id").is_empty());
    d.set("certificate.server_platform.id", "-1");
    assert!(
        errors_at(&d, &ctx, "certificate.server_platform.id").is_empty(),
        "-1 is always allowed"
    );
    d.set("certificate.server_platform.id", "99");
    let e = errors_at(&d, &ctx, "certificate.server_platform.id");
    assert!(e[0].message.contains("Server platform"), "{e:?}");
    d.set("validity_years", "3");
    assert!(
        errors_at(&d, &ctx, "validity_years")[0]
            .message
            .contains("Validity")
    );
}

#[test]
fn csr_is_required_for_email_provisioning_only() {
    let mut d = example();
    d.set("cs_provisioning_method", "email");
    let e = errors_at(&d, &Context::default(), "certificate.csr");
    assert_eq!(e[0].code, "required");
    assert!(e[0].message.contains("CSR"));
    d.set("certificate.csr", csr("rsa2048"));
    assert!(errors_at(&d, &Context::default(), "certificate.csr").is_empty());
    let notes = validate(&d, &Context::default());
    let note = notes.iter().find(|n| n.path == "certificate.csr").unwrap();
    assert_eq!(note.severity, Severity::Info);
    assert!(note.message.contains("RSA 2048-bit"), "{note:?}");
    d.set("cs_provisioning_method", "client_app");
    d.set("certificate.csr", "");
    assert!(errors_at(&d, &Context::default(), "certificate.csr").is_empty());
}

#[test]
fn csr_must_be_a_verified_request_with_a_token_key() {
    let mut d = example();
    d.set("cs_provisioning_method", "email");
    for (name, ok) in [
        ("rsa2048", true),
        ("rsa3072", true),
        ("rsa4096", true),
        ("p256", true),
        ("p384", true),
        ("rsa1024", false),
        ("p521", false),
        ("ed25519", false),
        ("rsa2048-bad-signature", false),
        ("not-a-csr", false),
    ] {
        d.set("certificate.csr", csr(name));
        let e = errors_at(&d, &Context::default(), "certificate.csr");
        assert_eq!(e.is_empty(), ok, "{name}: {e:?}");
        if !ok {
            assert_eq!(e[0].code, "csr");
            assert!(e[0].message.starts_with("CSR "), "{e:?}");
        }
    }
}

#[test]
fn csr_outside_email_provisioning_is_a_warning() {
    let mut d = example();
    d.set("certificate.csr", csr("p256"));
    let all = validate(&d, &Context::default());
    assert!(all.iter().any(|x| x.path == "certificate.csr"
        && x.code == "unused"
        && x.severity == Severity::Warning));
}

#[test]
fn shipping_fields_are_required_once_shipping_is_given() {
    let ctx = Context::default();
    for path in [
        "ship_info.name",
        "ship_info.addr1",
        "ship_info.city",
        "ship_info.state",
        "ship_info.zip",
        "ship_info.country",
    ] {
        let mut d = example();
        d.set(path, "");
        let e = errors_at(&d, &ctx, path);
        assert_eq!(e.len(), 1, "{path}: {e:?}");
        assert_eq!(e[0].code, "required");
        assert!(e[0].message.contains(catalog::label(path)), "{e:?}");
    }
    let mut d = example();
    d.set("ship_info.addr2", "");
    assert!(
        errors_at(&d, &ctx, "ship_info.addr2").is_empty(),
        "addr2 is optional"
    );
    d.clear_object("ship_info");
    assert!(
        validate(&d, &ctx).iter().all(|x| !x.is_error()),
        "no shipping at all is fine"
    );
}

#[test]
fn container_and_platform_ids_are_required_inside_their_objects() {
    let field = catalog::field("container.id").unwrap();
    assert_eq!(field.requirement, catalog::Requirement::RequiredInObject);
    let field = catalog::field("certificate.server_platform.id").unwrap();
    assert_eq!(field.requirement, catalog::Requirement::RequiredInObject);
    // From a bare body: an object without its id is reported at the id.
    for (body, path) in [
        (serde_json::json!({"container": {}}), "container.id"),
        (
            serde_json::json!({"certificate": {"server_platform": {}}}),
            "certificate.server_platform.id",
        ),
    ] {
        let (_, problems) = Draft::from_body(Product::default(), &body);
        assert!(
            problems
                .iter()
                .any(|p| p.path == path && p.code == "required"),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .all(|p| p.message.contains(catalog::label(path)))
        );
    }
    let (_, problems) = Draft::from_body(
        Product::default(),
        &serde_json::json!({"container": {"id": 5}}),
    );
    assert!(problems.is_empty());
}

#[test]
fn country_is_an_iso_code_in_any_case() {
    check("ship_info.country", "us", "usa", "country");
    check("ship_info.country", "DE", "XX", "country");
}

#[test]
fn email_must_be_an_email() {
    check(
        "subject.email",
        "rene.pierce@yahoo.com",
        "rene.pierce",
        "email",
    );
    check(
        "subject.email",
        "a.b+c@example.co.uk",
        "rene@localhost",
        "email",
    );
    check(
        "subject.email",
        "x@example.com",
        "two words@example.com",
        "email",
    );
}

#[test]
fn phone_is_made_of_phone_characters() {
    check("subject.phone", "054-139-0798", "call me", "phone");
    check("subject.phone", "+1 (555) 010-0199 x12", "12", "phone");
}

#[test]
fn subject_fields_are_required() {
    for path in [
        "subject.name",
        "subject.job_title",
        "subject.phone",
        "subject.email",
        "organization.id",
    ] {
        let mut d = example();
        d.set(path, "");
        let e = errors_at(&d, &Context::default(), path);
        assert_eq!(e[0].code, "required", "{path}");
        assert!(e[0].message.contains(catalog::label(path)));
    }
}

#[test]
fn text_rejects_control_characters_blanks_and_absurd_lengths() {
    check(
        "subject.name",
        "Rene Pierce",
        "Rene\u{7}Pierce",
        "control_chars",
    );
    check(
        "subject.name",
        "Rene Pierce",
        "Rene\nPierce",
        "control_chars",
    );
    check("subject.job_title", "Counselor", "   ", "blank");
    check("ship_info.city", "Richmond", &"x".repeat(256), "too_long");
    check(
        "comments",
        "line one\nline two",
        "bell\u{7}",
        "control_chars",
    );
    check("comments", "ok", &"x".repeat(4001), "too_long");
}

/// Issue 22: lookalike names (a bidi override shows "Rene \u{202e}ecreiP" as "Rene Pierce"),
/// zero-width characters, bidi isolates, U+061C and a leading BOM are refused with their
/// position, in every name that goes on the certificate or before DigiCert's validators.
#[test]
fn names_refuse_invisible_format_characters_with_their_position() {
    for (path, good) in [
        ("subject.name", "Rene Pierce"),
        ("ship_info.name", "Erin Guerra"),
        ("organization_contact.first_name", "Jill"),
        ("organization_contact.last_name", "Valentine"),
        ("subject.job_title", "Counselor"),
        ("ship_info.addr1", "1 Main St"),
        ("comments", "Zoë: 名前 ok"),
    ] {
        for bad in [
            "Rene \u{202e}ecreiP",
            "Rene\u{200b}Pierce",
            "Rene \u{2067}Pierce\u{2069}",
            "Rene\u{061c} Pierce",
            "\u{feff}Rene Pierce",
            "Rene\u{2060}Pierce",
            "Rene\u{e0041}",
        ] {
            check(path, good, bad, "invisible_chars");
        }
    }
    let mut draft = example();
    draft.set("subject.name", "Rene \u{202e}ecreiP");
    let errors = errors_at(&draft, &Context::default(), "subject.name");
    assert!(
        errors[0]
            .message
            .contains("U+202E RIGHT-TO-LEFT OVERRIDE, at character 6"),
        "{errors:?}"
    );
    // Accented and non-Latin letters are names like any other.
    for fine in ["Zoë Ñúñez", "名前 太郎", "Özil-Gündoğan"] {
        check("subject.name", fine, "x\u{200d}", "invisible_chars");
    }
}

#[test]
fn agreement_is_sent_as_one() {
    check("csa_agreed_to", "1", "yes", "not_allowed");
    let mut d = example();
    d.set("csa_agreed_to", "");
    let all = validate(&d, &Context::default());
    assert!(
        all.iter()
            .any(|x| x.path == "csa_agreed_to" && x.severity == Severity::Warning)
    );
}

#[test]
fn warnings_do_not_block() {
    let mut d = example();
    d.set("ship_info.method", "expedited");
    d.set("cs_provisioning_method", "client_app");
    let all = validate(&d, &Context::default());
    let warned = |path: &str, code: &str| {
        all.iter()
            .any(|x| x.path == path && x.code == code && x.severity == Severity::Warning)
    };
    assert!(
        warned("ship_info.method", "cost"),
        "expedited shipping costs extra"
    );
    assert!(
        warned("skip_approval", "admin_key"),
        "skip_approval needs an administrator's key"
    );
    assert!(
        warned("ship_info", "unused"),
        "a shipping address is only used when shipped"
    );
    assert!(all.iter().all(|x| !x.is_error()), "{all:?}");
}

fn metadata() -> Vec<MetadataField> {
    let json = serde_json::json!([
        {"id": 1, "label": "PO number", "is_required": true, "is_active": true, "data_type": "text"},
        {"id": 2, "label": "Cost center", "is_required": false, "is_active": true, "data_type": "int"},
        {"id": 3, "label": "Billing contact", "is_required": false, "is_active": true, "data_type": "email_address"},
        {"id": 4, "label": "Watchers", "is_required": false, "is_active": true, "data_type": "email_list"},
        {"id": 5, "label": "Old field", "is_required": true, "is_active": false, "data_type": "text"}
    ]);
    serde_json::from_value(json).unwrap()
}

#[test]
fn custom_fields_follow_the_account_metadata() {
    let meta = metadata();
    let ctx = Context {
        metadata: Some(&meta),
        product: None,
        ..Context::default()
    };
    let mut d = example();
    let e = errors_at(&d, &ctx, &custom_field_path(1));
    assert!(
        e[0].message.contains("PO number") && e[0].code == "required",
        "{e:?}"
    );
    assert!(
        errors_at(&d, &ctx, &custom_field_path(5)).is_empty(),
        "inactive fields are not required"
    );
    d.set_custom_field(1, "PO-77");
    assert!(errors_at(&d, &ctx, &custom_field_path(1)).is_empty());
    for (id, good, bad) in [
        (2, "4411", "forty"),
        (3, "billing@example.com", "billing"),
        (4, "a@example.com, b@example.com", "a@example.com, nope"),
    ] {
        d.set_custom_field(id, good);
        assert!(
            errors_at(&d, &ctx, &custom_field_path(id)).is_empty(),
            "{id} {good}"
        );
        d.set_custom_field(id, bad);
        let e = errors_at(&d, &ctx, &custom_field_path(id));
        let label = meta.iter().find(|m| m.id == id).unwrap().name();
        assert!(
            !e.is_empty() && e[0].message.contains(&label),
            "{id} {bad}: {e:?}"
        );
        d.set_custom_field(id, "");
    }
    d.set_custom_field(99, "x");
    assert!(
        errors_at(&d, &ctx, &custom_field_path(99))[0]
            .message
            .contains("not a custom field")
    );
}

#[test]
fn custom_field_ids_must_be_positive_and_unique() {
    let body = serde_json::json!({"custom_fields": [
        {"metadata_id": 0, "value": "a"},
        {"metadata_id": 7, "value": "b"},
        {"metadata_id": 7, "value": "c"},
        {"metadata_id": 8, "value": " "}
    ]});
    let (d, _) = Draft::from_body(Product::default(), &body);
    let all = validate(&d, &Context::default());
    let has = |path: &str, code: &str| {
        all.iter()
            .any(|x| x.path == path && x.code == code && x.is_error())
    };
    assert!(has("custom_fields[0].metadata_id", "id"));
    assert!(has("custom_fields.7", "duplicate"));
    assert!(has("custom_fields.8", "blank"));
}

#[test]
fn bare_bodies_report_types_nulls_and_unknown_fields() {
    let mut body: serde_json::Value = serde_json::from_str(REQUEST).unwrap();
    body["validity_years"] = serde_json::json!("2");
    body["skip_approval"] = serde_json::json!("true");
    body["ship_info"]["zip"] = serde_json::json!(69662);
    body["order_validty"] = serde_json::json!({"years": 1});
    body["comments"] = serde_json::Value::Null;
    let (_, problems) = Draft::from_body(Product::default(), &body);
    let codes: Vec<(&str, &str)> = problems.iter().map(|p| (p.path.as_str(), p.code)).collect();
    for expected in [
        ("validity_years", "type"),
        ("skip_approval", "type"),
        ("ship_info.zip", "type"),
        ("order_validty", "unknown_field"),
        ("comments", "type"),
    ] {
        assert!(codes.contains(&expected), "{expected:?} not in {codes:?}");
    }
    assert!(problems.iter().all(Diagnostic::is_error));
}

#[test]
fn a_draft_without_errors_always_converts_to_a_typed_request() {
    let d = example();
    assert!(d.to_request().is_ok());
    let mut d = Draft::new(Product::DocumentSigningOrg2);
    for (path, value) in [
        ("organization.id", "1"),
        ("subject.name", "A"),
        ("subject.job_title", "B"),
        ("subject.phone", "+1 555 0100 22"),
        ("subject.email", "a@example.com"),
        ("csa_agreed_to", "1"),
    ] {
        d.set(path, value);
    }
    assert!(
        validate(&d, &Context::default())
            .iter()
            .all(|x| !x.is_error())
    );
    let certwiz::order::OrderRequest::Older(request) = d.to_request().unwrap() else {
        panic!("an older product's draft gives the older body");
    };
    assert_eq!(request.validity_years, Some(1));
    assert!(request.ship_info.is_none());
}

#[test]
fn data_types_unknown_to_the_documentation_are_checked_as_text() {
    let meta: Vec<MetadataField> = serde_json::from_value(
        serde_json::json!([{"id": 9, "data_type": "date", "is_required": false}]),
    )
    .unwrap();
    assert_eq!(meta[0].data_type, DataType::Other("date".into()));
    let ctx = Context {
        metadata: Some(&meta),
        product: None,
        ..Context::default()
    };
    let mut d = example();
    d.set_custom_field(9, "2026-01-01");
    assert!(errors_at(&d, &ctx, &custom_field_path(9)).is_empty());
}

#[test]
fn the_validity_is_given_in_one_form_only() {
    let ctx = Context::default();
    let mut d = example();
    // Choosing the current form replaces the deprecated one.
    d.set("order_validity.years", "2");
    assert!(!d.has("validity_years"));
    assert_eq!(d.validity_path(), "order_validity.years");
    assert!(errors_at(&d, &ctx, "validity_years").is_empty());
    d.set("order_validity.years", "4");
    assert_eq!(
        errors_at(&d, &ctx, "order_validity.years")[0].code,
        "not_allowed"
    );
    // Neither form: required, at the form a new draft uses.
    d.set("order_validity.years", "");
    assert_eq!(errors_at(&d, &ctx, "validity_years")[0].code, "required");
    // Both, as a file may give them: refused.
    let mut body: serde_json::Value = serde_json::from_str(REQUEST).unwrap();
    body["order_validity"] = serde_json::json!({"years": 2});
    let (both, problems) = Draft::from_body(Product::default(), &body);
    assert!(problems.is_empty());
    assert_eq!(
        errors_at(&both, &ctx, "order_validity.years")[0].code,
        "both_forms"
    );
}

#[test]
fn the_organization_contact_needs_its_names_once_given() {
    let ctx = Context::default();
    let mut d = example();
    assert!(errors_at(&d, &ctx, "organization_contact.first_name").is_empty());
    d.set("organization_contact.email", "ada@example.com");
    assert_eq!(
        errors_at(&d, &ctx, "organization_contact.first_name")[0].code,
        "required"
    );
    assert_eq!(
        errors_at(&d, &ctx, "organization_contact.last_name")[0].code,
        "required"
    );
    d.set("organization_contact.first_name", "Ada");
    d.set("organization_contact.last_name", "Lovelace");
    assert!(!has_errors(&validate(&d, &ctx)));
}

#[test]
fn a_division_loop_in_the_answer_cannot_hang_validation() {
    use certwiz::order::account::{Container, Organization};
    let orgs: Vec<Organization> = serde_json::from_value(serde_json::json!([
        {"id": 334455, "container": {"id": 1}}
    ]))
    .unwrap();
    let containers: Vec<Container> = serde_json::from_value(serde_json::json!([
        {"id": 221122, "parent_id": 2}, {"id": 2, "parent_id": 221122}, {"id": 1}
    ]))
    .unwrap();
    let ctx = Context {
        organizations: Some(&orgs),
        containers: Some(&containers),
        ..Context::default()
    };
    assert_eq!(
        errors_at(&example(), &ctx, "container.id")[0].code,
        "division_of_other_organization"
    );
}

/// Issue 22: a 10 MB paste into a field gave an error quoting all of it ("\"1111…\" is too long
/// for a phone number"), so the detail pane showed ten megabytes of digits and never the words
/// that say what is wrong. Every message quotes at most a short head of what was typed, with its
/// length, and still names the field and says what is wrong.
#[test]
fn a_huge_value_gets_a_short_message_that_says_what_is_wrong() {
    let huge_digits = "1".repeat(10 * 1024 * 1024);
    let huge_text = "x".repeat(10 * 1024 * 1024);
    let ctx = Context::default();
    for (path, value, says) in [
        (
            "organization_contact.telephone",
            &huge_digits,
            "too long for a phone number",
        ),
        (
            "organization_contact.email",
            &huge_text,
            "is not an email address",
        ),
        (
            "certificate.server_platform.id",
            &huge_text,
            "must be a whole number",
        ),
        ("organization.id", &huge_text, "must be a whole number"),
        ("certificate.signature_hash", &huge_text, "must be"),
        ("ship_info.country", &huge_text, "country code"),
        ("ship_info.city", &huge_text, "too long"),
    ] {
        let mut draft = example();
        draft.set(path, value);
        let errors = errors_at(&draft, &ctx, path);
        assert!(!errors.is_empty(), "{path}: no error for 10 MB");
        assert!(
            errors.iter().any(|e| e.message.contains(says)),
            "{path}: no message says {says:?}"
        );
        for e in &errors {
            assert!(
                e.message.chars().count() <= 300,
                "{path}: a message of {} characters: {}…",
                e.message.chars().count(),
                e.message.chars().take(120).collect::<String>()
            );
        }
    }
}
