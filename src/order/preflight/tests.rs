use serde_json::json;
use time::macros::date;

use super::answers::*;
use super::money::{Amount, Money};
use super::*;
use crate::order::catalog::FieldId;

fn plan() -> Plan {
    Plan {
        product: "document_signing_org_1".into(),
        organization_id: Some(334455),
        container_id: Some(221122),
        pays_from_balance: true,
        orders: 1,
        today: date!(2026 - 12 - 04),
    }
}

fn validations(v: serde_json::Value) -> Read<OrgValidations> {
    Read::Got(serde_json::from_value(json!({ "validations": v })).unwrap())
}

fn balance(available: &str) -> Read<Balance> {
    Read::Got(
        serde_json::from_value(json!({
            "balance": available, "currency": "USD", "unpaid_invoice_balance": "0.00",
            "negative_balance_limit": "0.00", "used_credit_from_other_containers": "0.00",
            "total_available_funds": available
        }))
        .unwrap(),
    )
}

fn usd(units: i64) -> Read<Option<Amount>> {
    Read::Got(Some(Amount::new(Money::units(units), "USD")))
}

/// All good: an active ds validation until 2028, two approvers, no limits, USD 299 of 5,000.
fn good() -> Facts {
    Facts {
        validations: validations(json!([
            {"type": "ov", "status": "active", "validated_until": "2020-01-01T00:00:00+00:00"},
            {"type": "ds", "name": "DS", "status": "active", "validated_until": "2028-03-01T00:00:00+00:00"}
        ])),
        approvers: Read::Got(
            serde_json::from_value(json!({"users": [{"name": "Jane Doe"}], "contacts": []}))
                .unwrap(),
        ),
        limits: Read::Got(serde_json::from_value(json!({"is_limited": false})).unwrap()),
        balance: balance("5000.00"),
        prices: vec![usd(299)],
    }
}

fn of(report: &Report, topic: Topic) -> Vec<&Finding> {
    report
        .findings
        .iter()
        .filter(|f| f.topic == topic)
        .collect()
}

#[test]
fn all_good_needs_no_yes_and_names_price_and_funds() {
    let report = check(&plan(), &good());
    assert!(!report.needs_yes());
    assert_eq!(report.notable().count(), 0, "{:?}", report.findings);
    assert_eq!(
        report.price_line().as_deref(),
        Some("USD 299.00 from balance USD 5,000.00")
    );
    assert_eq!(
        of(&report, Topic::Validation)[0].message,
        "organization 334455 is validated for document signing until 2028-03-01"
    );
}

#[test]
fn a_missing_ds_validation_needs_a_yes_and_says_how_to_submit_it() {
    let mut facts = good();
    facts.validations = validations(json!([{"type": "ov", "status": "active"}]));
    let report = check(&plan(), &facts);
    assert!(report.needs_yes());
    let f = of(&report, Topic::Validation)[0];
    assert_eq!(f.level, Level::NeedsYes);
    assert_eq!(f.field, FieldId::Organization);
    assert!(
        f.message
            .contains("has no document signing (ds) validation")
    );
    assert_eq!(
        f.todo.as_deref(),
        Some("submit it with: certwiz validation 334455 --submit")
    );
}

#[test]
fn an_expired_validation_needs_a_yes_by_date_or_by_status() {
    for v in [
        json!([{"type": "ds", "status": "active", "validated_until": "2026-12-03T23:00:00+00:00"}]),
        json!([{"type": "DS", "status": "expired"}]),
    ] {
        let mut facts = good();
        facts.validations = validations(v);
        let report = check(&plan(), &facts);
        let f = of(&report, Topic::Validation)[0];
        assert_eq!(f.level, Level::NeedsYes, "{f:?}");
        assert!(f.message.contains("expired"), "{f:?}");
    }
}

#[test]
fn a_pending_validation_warns_without_needing_a_yes() {
    let mut facts = good();
    facts.validations = validations(json!([{"type": "ds", "status": "pending"}]));
    let report = check(&plan(), &facts);
    let f = of(&report, Topic::Validation)[0];
    assert_eq!(f.level, Level::Warning);
    assert!(
        f.message
            .ends_with("is pending: the order waits until DigiCert completes it")
    );
    assert!(!report.needs_yes());
}

#[test]
fn a_validation_ending_within_the_margin_warns() {
    let mut facts = good();
    facts.validations = validations(json!([
        {"type": "ds", "status": "active", "validated_until": "2027-01-03T00:00:00+00:00"}
    ]));
    let f = check(&plan(), &facts).findings[0].clone();
    assert_eq!(f.level, Level::Warning);
    assert!(
        f.message.contains("ends on 2027-01-03, within 30 days"),
        "{f:?}"
    );
    // One day past the margin is fine.
    facts.validations = validations(json!([
        {"type": "ds", "status": "active", "validated_until": "2027-01-04T00:00:00+00:00"}
    ]));
    assert_eq!(check(&plan(), &facts).findings[0].level, Level::Good);
}

#[test]
fn an_unknown_status_is_a_note_naming_it() {
    let mut facts = good();
    facts.validations = validations(json!([{"type": "ds", "status": "on_hold"}]));
    let f = check(&plan(), &facts).findings[0].clone();
    assert_eq!(f.level, Level::Note);
    assert!(f.message.contains("the status on_hold"));
}

#[test]
fn nobody_to_approve_is_a_warning() {
    let mut facts = good();
    facts.approvers = Read::Got(Approvers::default());
    let report = check(&plan(), &facts);
    let f = of(&report, Topic::Approvers)[0];
    assert_eq!(f.level, Level::Warning);
    assert!(!report.needs_yes());
}

#[test]
fn a_product_outside_the_division_limits_is_a_warning_at_the_division() {
    let mut facts = good();
    facts.limits = Read::Got(
        serde_json::from_value(json!({"is_limited": true, "product_limits": [
            {"container_id": 221122, "role_id": 0, "product_name_id": "ssl_basic"}
        ]}))
        .unwrap(),
    );
    let report = check(&plan(), &facts);
    let f = of(&report, Topic::ProductLimits)[0];
    assert_eq!((f.level, f.field), (Level::Warning, FieldId::Division));
    assert!(f.message.contains("do not list document_signing_org_1"));
    facts.limits = Read::Got(
        serde_json::from_value(json!({"is_limited": true, "product_limits": [
            {"container_id": "221122", "role_id": 0, "product_name_id": "document_signing_org_1"}
        ]}))
        .unwrap(),
    );
    assert_eq!(
        of(&check(&plan(), &facts), Topic::ProductLimits)[0].level,
        Level::Good
    );
}

#[test]
fn short_funds_need_a_yes_and_a_batch_sums_its_rows() {
    let mut facts = good();
    facts.balance = balance("120.00");
    let report = check(&plan(), &facts);
    let f = of(&report, Topic::Funds)[0];
    assert_eq!(f.level, Level::NeedsYes);
    assert_eq!(
        f.message,
        "the balance is short: USD 299.00 is needed and USD 120.00 is available, so CertCentral may refuse the order"
    );
    assert_eq!(
        report.price_line().as_deref(),
        Some("USD 299.00 from balance USD 120.00")
    );
    // Three rows of 299 against 800: short only as a batch.
    let mut facts = good();
    facts.balance = balance("800.00");
    facts.prices = vec![usd(299), usd(299), usd(299)];
    let batch = Plan {
        orders: 3,
        ..plan()
    };
    let report = check(&batch, &facts);
    assert!(report.needs_yes());
    assert_eq!(
        of(&report, Topic::Price)[0].message,
        "these 3 orders cost USD 897.00"
    );
}

#[test]
fn paying_by_card_does_not_read_the_balance() {
    let mut facts = good();
    facts.balance = Read::NotAsked;
    let card = Plan {
        pays_from_balance: false,
        ..plan()
    };
    let report = check(&card, &facts);
    assert!(of(&report, Topic::Funds).is_empty());
    assert_eq!(report.price_line().as_deref(), Some("USD 299.00"));
}

#[test]
fn an_unlimited_negative_balance_is_never_short() {
    let mut facts = good();
    facts.balance = Read::Got(
        serde_json::from_value(
            json!({"balance": "-1000.70", "currency": "USD", "unlimited_negative_balance": true}),
        )
        .unwrap(),
    );
    let report = check(&plan(), &facts);
    assert!(!report.needs_yes());
    assert_eq!(
        report.price_line().as_deref(),
        Some("USD 299.00 from balance USD -1,000.70 (no negative balance limit)")
    );
}

#[test]
fn each_unreadable_answer_is_one_quiet_note_and_never_a_block() {
    let why = "CertCentral refused it (403 access_denied)";
    let facts = Facts {
        validations: Read::Unreadable(why.into()),
        approvers: Read::Unreadable(why.into()),
        limits: Read::Unreadable(why.into()),
        balance: Read::Unreadable(why.into()),
        prices: vec![Read::Unreadable(why.into())],
    };
    let report = check(&plan(), &facts);
    assert!(!report.needs_yes());
    assert_eq!(report.findings.len(), 5, "{:?}", report.findings);
    for f in &report.findings {
        assert_eq!(f.level, Level::Note);
        assert!(
            f.message.ends_with(&format!(": not checked ({why})")),
            "{f:?}"
        );
    }
    assert_eq!(report.price_line(), None);
}

#[test]
fn no_price_is_a_note_and_the_funds_are_still_shown() {
    let mut facts = good();
    facts.prices = vec![Read::Got(None)];
    let report = check(&plan(), &facts);
    assert_eq!(of(&report, Topic::Price)[0].level, Level::Note);
    let f = of(&report, Topic::Funds)[0];
    assert_eq!(
        f.message,
        "USD 5,000.00 available; the price is not known, so it is not compared"
    );
    assert_eq!(report.price_line(), None);
}

#[test]
fn the_estimate_wins_unless_it_is_zero_then_the_price_list() {
    let list: PriceList = serde_json::from_value(json!({"standard_prices": [
        {"name_id": "document_signing_org_1", "prices": [
            {"lifetime": 1, "cost": 199, "currency": "usd"},
            {"lifetime": 2, "cost": 299, "currency": "usd"}
        ]}
    ]}))
    .unwrap();
    let estimate: PriceEstimate =
        serde_json::from_value(json!({"total_price": 350, "currency": "USD"})).unwrap();
    let zero: PriceEstimate =
        serde_json::from_value(json!({"total_price": 0, "currency": "USD"})).unwrap();
    let p = "document_signing_org_1";
    assert_eq!(
        price_of(Some(&estimate), Some(&list), p, Some(2)).map(|a| a.to_string()),
        Some("USD 350.00".into())
    );
    assert_eq!(
        price_of(Some(&zero), Some(&list), p, Some(2)).map(|a| a.to_string()),
        Some("USD 299.00".into())
    );
    assert_eq!(price_of(Some(&zero), Some(&list), p, Some(3)), None);
    assert_eq!(
        price_of(None, Some(&list), "document_signing_org_2", Some(1)),
        None
    );
    assert_eq!(price_of(Some(&zero), None, p, Some(1)), None);
}

#[test]
fn the_ds_summary_names_the_state_in_a_few_words() {
    let today = date!(2026 - 12 - 04);
    let of = |v: serde_json::Value| -> String {
        let list: OrgValidations = serde_json::from_value(json!({ "validations": v })).unwrap();
        ds_summary(&list, today)
    };
    assert_eq!(
        of(json!([{"type": "ov", "status": "active"}])),
        "no ds validation"
    );
    assert_eq!(
        of(
            json!([{"type": "ds", "status": "active", "validated_until": "2028-12-03T00:00:00+00:00"}])
        ),
        "ds validation active until 2028-12-03"
    );
    assert_eq!(
        of(
            json!([{"type": "ds", "status": "active", "validated_until": "2026-11-24T00:00:00+00:00"}])
        ),
        "ds validation expired on 2026-11-24"
    );
    assert_eq!(
        of(json!([{"type": "ds", "status": "pending"}])),
        "ds validation pending"
    );
}

#[test]
fn a_finding_holds_while_the_values_it_depends_on_do() {
    use super::CheckedFor;
    let read = CheckedFor {
        product: "document_signing_org_1".into(),
        organization_id: Some(1),
        container_id: Some(2),
        pays_from_balance: true,
        years: Some(1),
    };
    let other_org = CheckedFor {
        organization_id: Some(9),
        ..read.clone()
    };
    assert!(!read.holds(Topic::Validation, &other_org));
    assert!(!read.holds(Topic::Approvers, &other_org));
    assert!(read.holds(Topic::Funds, &other_org));
    let by_card = CheckedFor {
        pays_from_balance: false,
        ..read.clone()
    };
    assert!(!read.holds(Topic::Funds, &by_card));
    assert!(read.holds(Topic::Price, &by_card));
    assert!(read.holds(Topic::Validation, &by_card));
    let other_division = CheckedFor {
        container_id: Some(3),
        ..read.clone()
    };
    assert!(!read.holds(Topic::ProductLimits, &other_division));
    let two_years = CheckedFor {
        years: Some(2),
        ..read.clone()
    };
    assert!(!read.holds(Topic::Price, &two_years));
    assert!(read.holds(Topic::ProductLimits, &two_years));
}
