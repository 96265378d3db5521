//! Why an order waits, in plain words, from `GET /order/certificate/{order_id}/validation`
//! (<https://dev.digicert.com/en/certcentral-apis/services-api/orders/validation-status.html>)
//! and the approvers call. The pages show only the value `pending` for a step; a step is "open"
//! when it says `pending`, and any other word certwiz does not know as done is shown as it
//! comes.

use time::Date;

use super::answers::{Approvers, OrderValidation, VerificationDetails};
use super::types::date_of;

/// Words that mean a step is finished. Only `active` is on the pages (for validations and
/// verified contacts); the others are what CertCentral's console shows, and an unknown word is
/// never hidden: it is shown as it comes.
const DONE: [&str; 5] = ["active", "completed", "complete", "approved", "verified"];

fn is_done(word: &str) -> bool {
    DONE.iter().any(|d| d.eq_ignore_ascii_case(word.trim()))
}

/// The organization's validations whose `validated_until` is before `today`: DigiCert keeps the
/// status `active` on an expired validation and only its date has passed, so [`explain`], which
/// reads statuses, would not name it. A `ds` one says how to submit it again.
pub fn expired(answer: &OrderValidation, today: Date) -> Vec<String> {
    answer
        .organization_validations
        .iter()
        .filter_map(|v| {
            let until = v.validated_until.as_deref().and_then(date_of)?;
            if until >= today {
                return None;
            }
            let name = v
                .name
                .clone()
                .or_else(|| v.kind.clone())
                .unwrap_or_else(|| "organization".into());
            let again = match (v.kind.as_deref(), answer.organization_id) {
                (Some(kind), Some(org)) if kind.eq_ignore_ascii_case("ds") => {
                    format!("; submit it with: certwiz validation {org} --submit")
                }
                _ => String::new(),
            };
            Some(format!(
                "organization validation ({name}) expired on {until}: the order waits until DigiCert validates the organization again{again}"
            ))
        })
        .collect()
}

/// The lines that explain why an order waits: each step not done, who can approve, and the
/// command that approves. `request_id` is the order's approval request when it waits for one.
pub fn explain(
    answer: &OrderValidation,
    approvers: Option<&Approvers>,
    needs_approval: Option<i64>,
) -> Vec<String> {
    let mut lines = Vec::new();
    for v in &answer.organization_validations {
        let name = v
            .name
            .clone()
            .or_else(|| v.kind.clone())
            .unwrap_or_else(|| "organization".into());
        if let Some(status) = v.status.as_deref().filter(|s| !is_done(s)) {
            lines.push(format!(
                "organization validation ({name}) is {status}: DigiCert is validating the organization"
            ));
        }
        if let Some(details) = &v.verification_details {
            steps(details, &mut lines);
        }
        for contact in &v.verified_contacts {
            if let Some(status) = contact.status.as_deref().filter(|s| !is_done(s)) {
                let who = contact
                    .display_name()
                    .unwrap_or_else(|| "a verified contact".into());
                lines.push(format!(
                    "the signer's verification: {who} is {status} (DigiCert confirms the request with them)"
                ));
            }
        }
    }
    if let Some(request_id) = needs_approval {
        let names = approvers.map(Approvers::names).unwrap_or_default();
        let who = if names.is_empty() {
            "an administrator of the account".to_owned()
        } else {
            names.join(", ")
        };
        lines.push(format!(
            "approval: the order waits for approval in the account; can approve: {who}"
        ));
        lines.push(format!(
            "approve it (with a key allowed to): certwiz approve {request_id}"
        ));
    }
    lines
}

fn steps(details: &VerificationDetails, lines: &mut Vec<String>) {
    let parts = [
        ("organization type", &details.organization_type),
        ("organization status", &details.organization_status),
        ("address", &details.address_verification),
        ("fraud screening", &details.blacklist_fraud),
        ("request authenticity", &details.request_authenticity),
    ];
    for (step, value) in parts {
        if let Some(word) = value.as_deref().filter(|w| !is_done(w)) {
            lines.push(format!("{step} check: {word}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn documented_pending() -> OrderValidation {
        // The shape of the page's example (its values, a pending order).
        serde_json::from_value(json!({
            "order_id": "112211",
            "order_status": "pending",
            "organization_id": "12345",
            "organization_name": "Example Organization",
            "organization_validations": [{
                "type": "ov", "name": "OV", "description": "Normal Organization Validation",
                "status": "pending",
                "verified_contacts": [{"user_id": "0", "name": "Jane Doe", "status": "pending"}],
                "verification_details": {
                    "organization_type": "pending", "organization_status": "pending",
                    "address_verification": "pending", "blacklist_fraud": "pending",
                    "request_authenticity": "pending"
                }
            }]
        }))
        .unwrap()
    }

    #[test]
    fn a_pending_order_names_each_open_step() {
        let lines = explain(&documented_pending(), None, None);
        assert_eq!(
            lines[0],
            "organization validation (OV) is pending: DigiCert is validating the organization"
        );
        assert!(
            lines.contains(&"address check: pending".to_owned()),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("the signer's verification: Jane Doe is pending"))
        );
        assert!(!lines.iter().any(|l| l.contains("approve")));
    }

    #[test]
    fn finished_steps_are_not_listed_and_unknown_words_are_shown() {
        let answer: OrderValidation = serde_json::from_value(json!({
            "organization_validations": [{"type": "ds", "name": "DS", "status": "active",
              "verification_details": {"address_verification": "completed", "blacklist_fraud": "on hold"}}]
        }))
        .unwrap();
        assert_eq!(
            explain(&answer, None, None),
            vec!["fraud screening check: on hold"]
        );
    }

    /// Read in tmux: an order placed while the organization's `ds` validation had expired
    /// waited, and "Why it waits" listed the organization's checks but not the expired
    /// validation (its status says `active`; only its date has passed).
    #[test]
    fn an_expired_validation_is_named_by_its_date() {
        let answer: OrderValidation = serde_json::from_value(json!({
            "organization_id": "334455",
            "organization_validations": [
                {"type": "ds", "name": "DS", "status": "active",
                 "validated_until": "2026-11-26T00:00:00+00:00"},
                {"type": "ov", "name": "OV", "status": "active",
                 "validated_until": "2027-11-26T00:00:00+00:00"}
            ]
        }))
        .unwrap();
        let today = time::macros::date!(2026 - 12 - 06);
        assert_eq!(
            expired(&answer, today),
            vec![
                "organization validation (DS) expired on 2026-11-26: the order waits until DigiCert validates the organization again; submit it with: certwiz validation 334455 --submit"
            ]
        );
        assert!(expired(&answer, time::macros::date!(2026 - 11 - 26)).is_empty());
        assert!(explain(&answer, None, None).is_empty());
    }

    #[test]
    fn waiting_for_approval_names_approvers_and_the_command() {
        let approvers: Approvers = serde_json::from_value(json!({
            "users": [{"name": "Jane Doe"}], "contacts": [{"first_name": "John", "last_name": "Smith"}]
        }))
        .unwrap();
        let lines = explain(&OrderValidation::default(), Some(&approvers), Some(113));
        assert_eq!(
            lines,
            vec![
                "approval: the order waits for approval in the account; can approve: Jane Doe, John Smith",
                "approve it (with a key allowed to): certwiz approve 113",
            ]
        );
        let lines = explain(&OrderValidation::default(), None, Some(113));
        assert!(lines[0].ends_with("can approve: an administrator of the account"));
    }
}
