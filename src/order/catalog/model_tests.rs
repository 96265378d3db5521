//! Ties the catalog's choices to the serde model: every option of a choice field is a value the
//! model reads and writes back unchanged, at the field's path in a whole request, and every
//! variant of the model's enum is an option of the catalog.

use std::fmt::Debug;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{ChoiceOption, FIELDS, FieldId, FieldKind, FieldSpec, JsonType};
use crate::order::Product;
use crate::order::draft::Draft;
use crate::order::model::{PaymentMethod, ProvisioningMethod, ShipMethod, SignatureHash};

const REQUEST: &str = include_str!("../../../tests/fixtures/documented-order-request.json");

fn options(spec: &FieldSpec) -> (&'static [ChoiceOption], JsonType) {
    match spec.kind {
        FieldKind::Choice { options, json } => (options, json),
        other => panic!("{} is not a choice but {other:?}", spec.path),
    }
}

/// An option's value as JSON, typed as the catalog says it is sent.
fn option_json(spec: &FieldSpec, option: &ChoiceOption) -> Value {
    match options(spec).1 {
        JsonType::String => Value::String(option.value.to_owned()),
        JsonType::Integer => option
            .value
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|e| panic!("{}: {:?} is not an integer: {e}", spec.path, option.value)),
    }
}

/// Every option deserializes into `T` and serializes back to the same JSON; and, set in the
/// documented order, it is read by the whole request at the field's path.
fn options_round_trip<T: Serialize + DeserializeOwned + Debug>(spec: &FieldSpec) {
    let (documented, _) =
        Draft::from_body(Product::default(), &serde_json::from_str(REQUEST).unwrap());
    for option in options(spec).0 {
        let json = option_json(spec, option);
        let typed: T = serde_json::from_value(json.clone()).unwrap_or_else(|e| {
            panic!(
                "{}: catalog option {json} is not a model value: {e}",
                spec.path
            )
        });
        assert_eq!(serde_json::to_value(&typed).unwrap(), json, "{}", spec.path);

        let mut draft = documented.clone();
        draft.set(spec.id, option.value);
        let request = draft.to_request().unwrap_or_else(|e| {
            panic!("{} = {json}: the request does not read it: {e}", spec.path)
        });
        let sent = serde_json::to_value(&request).unwrap();
        assert_eq!(
            sent.pointer(&spec.id.pointer()),
            Some(&json),
            "{}",
            spec.path
        );
    }
}

/// Every variant of the model's enum is an option of the catalog.
fn variants_are_options<T: Serialize + Debug>(spec: &FieldSpec, all: &[T]) {
    let offered: Vec<Value> = options(spec)
        .0
        .iter()
        .map(|o| option_json(spec, o))
        .collect();
    for variant in all {
        let json = serde_json::to_value(variant).unwrap();
        assert!(
            offered.contains(&json),
            "{variant:?} ({json}) of the model is not an option of {}",
            spec.path
        );
    }
}

fn enum_field<T: Serialize + DeserializeOwned + Debug>(spec: &FieldSpec, all: &[T]) {
    options_round_trip::<T>(spec);
    variants_are_options(spec, all);
}

#[test]
fn every_catalog_choice_is_a_model_value_and_every_model_value_a_choice() {
    let mut checked = Vec::new();
    // The older products' choices: the current products' pages are cut, so their values are
    // kept as text in the model (`CurrentRequest`), not as enums.
    for spec in FIELDS.iter().filter(|f| {
        matches!(f.kind, FieldKind::Choice { .. })
            && f.products != crate::order::ProductSet::CURRENT
    }) {
        match spec.id {
            FieldId::SignatureHash => enum_field(spec, SignatureHash::ALL),
            FieldId::Provisioning => enum_field(spec, ProvisioningMethod::ALL),
            FieldId::ShipMethod => enum_field(spec, ShipMethod::ALL),
            FieldId::PaymentMethod => enum_field(spec, PaymentMethod::ALL),
            // The model keeps the years as a number (u8); the catalog's choices are the ones
            // DigiCert offers, and each must be read and written back.
            FieldId::ValidityYears | FieldId::OrderValidityYears => options_round_trip::<u8>(spec),
            other => panic!("choice field {other:?} has no model type in this test: add it"),
        }
        checked.push(spec.id);
    }
    assert_eq!(checked.len(), 6, "{checked:?}");
}
