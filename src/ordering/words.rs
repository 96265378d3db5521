//! How an attempt is told to a person, and the journal's record of a tracker update.

use time::OffsetDateTime;

use crate::api::{EndpointKind, TrackUpdate};
use crate::store::{JournalEntry, StatusChange};

/// A time as people read it in a list: `2026-11-28 10:34:43 UTC`.
pub fn when(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{} {:02}:{:02}:{:02} UTC",
        at.date(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// One line naming an attempt: its id, time, endpoint, state and order id.
pub fn describe(entry: &JournalEntry) -> String {
    let mut line = format!(
        "attempt {} at {} on {}: {}",
        entry.attempt_id,
        when(entry.created_at),
        entry.endpoint,
        entry.state
    );
    if let Some(id) = entry.order_id {
        line.push_str(&format!(", order {id}"));
    }
    if let Some(batch) = &entry.batch {
        line.push_str(&format!(" (batch {} row {})", batch.id, batch.row));
    }
    line
}

/// The lines that name earlier attempts of an order (submit's and renew's "sent before"): one
/// per attempt, and under one whose outcome is unknown, how to settle it.
pub fn earlier_attempts(entries: &[JournalEntry]) -> Vec<String> {
    let mut lines = Vec::new();
    for entry in entries {
        lines.push(format!("  {}", describe(entry)));
        if entry.state == crate::store::AttemptState::OutcomeUnknown {
            lines.push(format!(
                "    its outcome is unknown: {}",
                settle_advice(entry)
            ));
        }
    }
    lines
}

/// How to settle an attempt whose outcome is unknown, as commands to run.
pub fn settle_advice(entry: &JournalEntry) -> String {
    let flags = endpoint_flags(entry);
    format!(
        "find the order among the account's recent requests with `certwiz orders settle {id}{flags}`, \
         then record it with `certwiz orders settle {id} --order-id N{flags}`, or, if it is not \
         there, `certwiz orders settle {id} --not-placed{flags}`",
        id = entry.attempt_id
    )
}

/// The flags that send a command to the endpoint the attempt went to, each after a space:
/// `--sandbox` for the embedded sandbox, `--region eu` for the EU's documented URL,
/// `--api-url URL` (shell-quoted) for any other, none for the US's.
pub fn endpoint_flags(entry: &JournalEntry) -> String {
    use crate::api::endpoint::{EU_BASE_URL, US_BASE_URL};
    let base = entry.base_url.trim_end_matches('/');
    match entry.endpoint {
        EndpointKind::Sandbox => " --sandbox".to_owned(),
        EndpointKind::Live if base == US_BASE_URL || base.is_empty() => String::new(),
        EndpointKind::Live if base == EU_BASE_URL => " --region eu".to_owned(),
        EndpointKind::Live => format!(" --api-url {}", crate::export::shell_word(base)),
    }
}

/// The journal's record of a tracker update; `None` for an update that only reports an error.
pub fn change_of(update: &TrackUpdate) -> Option<StatusChange> {
    if update.error.is_some() {
        return None;
    }
    Some(StatusChange {
        at: update.at,
        order_status: update.order_status.clone(),
        request_id: update.request_id,
        request_status: update.request_status.clone(),
        certificate_id: update.certificate_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::order::{OrderStatus, RequestStatus};

    #[test]
    fn times_read_in_utc_and_error_updates_are_not_recorded() {
        let at = time::macros::datetime!(2026-11-28 11:34:43 +01:00);
        assert_eq!(when(at), "2026-11-28 10:34:43 UTC");
        let mut update = TrackUpdate {
            order_id: 1,
            at,
            order_status: Some(OrderStatus::Pending),
            request_id: Some(2),
            request_status: Some(RequestStatus::Pending),
            certificate_id: None,
            is_final: false,
            error: None,
        };
        let change = change_of(&update).unwrap();
        assert_eq!(change.request_id, Some(2));
        assert_eq!(change.at, at);
        update.error = Some("timed out".into());
        assert!(change_of(&update).is_none());
    }

    #[test]
    fn settle_advice_names_the_endpoint_the_attempt_went_to() {
        let entry = |endpoint: &str, base_url: &str| -> JournalEntry {
            serde_json::from_value(serde_json::json!({
                "attempt_id": "A1",
                "product": "document_signing_org_1",
                "fingerprint": "f",
                "endpoint": endpoint,
                "base_url": base_url,
                "created_at": "2026-11-28T10:00:00Z",
                "updated_at": "2026-11-28T10:00:00Z",
                "state": "outcome_unknown",
            }))
            .unwrap()
        };
        for (endpoint, base, flags) in [
            (
                "SANDBOX",
                "http://127.0.0.1:4100/services/v2/",
                " --sandbox",
            ),
            ("LIVE", "https://www.digicert.com/services/v2/", ""),
            (
                "LIVE",
                "https://certcentral.digicert.eu/services/v2",
                " --region eu",
            ),
            (
                "LIVE",
                "https://proxy.example/it's/services/v2",
                r" --api-url 'https://proxy.example/it'\''s/services/v2'",
            ),
        ] {
            let e = entry(endpoint, base);
            assert_eq!(endpoint_flags(&e), flags, "{base}");
            assert!(
                settle_advice(&e).contains(&format!("settle A1 --not-placed{flags}`")),
                "{}",
                settle_advice(&e)
            );
        }
    }
}
