//! Sending the rows: each checked and journaled at its own moment of sending, stopping at the
//! first row whose outcome is unknown or whose refusal is not about the row itself.

use super::report::{Progress, RowResult};
use crate::api::{Client, ErrorKind};
use crate::cli::interrupt::Stopped;
use crate::cli::{exit, remote};
use crate::order::OrderRequest;
use crate::order::batch::Row;
use crate::ordering::{Sent, describe, send, settle_advice};
use crate::store::{Allow, BatchRef, Fingerprint, NewAttempt, Store};

/// One row ready to send.
pub(super) struct Ready {
    pub row: Row,
    pub request: OrderRequest,
    pub fingerprint: Fingerprint,
}

/// Sends the rows one by one, each through the ordering core's one send: the row's check for an
/// earlier attempt of the same order and its record are one decision at its own moment of
/// sending, so a row placed meanwhile by another certwiz (a single submit, another batch) is
/// not sent again. Stops at a row whose outcome is unknown, or at a refusal that is not about
/// the row itself (the key, a permission, the connection): the rows after it are reported as
/// not sent. Returns the exit code.
pub(super) async fn send_all(
    store: &Store,
    client: &Client,
    to_send: Vec<Ready>,
    id: &str,
    allow_duplicate: bool,
    results: &mut Vec<RowResult>,
) -> u8 {
    let mut progress = Progress::new(to_send.len());
    let (mut failed, mut duplicate, mut stopped) = (false, false, None::<u8>);
    let allow = if allow_duplicate {
        Allow::Any
    } else {
        Allow::none()
    };
    for item in to_send {
        if stopped.is_some() {
            results.push(RowResult::new(&item.row, "not_sent"));
            continue;
        }
        progress.sending(&item.row);
        let mut attempt = NewAttempt::for_draft(
            &item.row.draft,
            client.endpoint().kind,
            client.endpoint().base.as_str(),
        );
        attempt.batch = Some(BatchRef {
            id: id.to_owned(),
            row: item.row.row,
        });
        let signals = crate::cli::interrupt::listen();
        let sent = send(store, attempt, allow.clone(), || {
            crate::cli::interrupt::post(
                signals,
                client.place_order(item.row.draft.product, &item.request),
            )
        })
        .await;
        if let Sent::Unknown {
            entry,
            error: Some(Stopped::Signal(n)),
            ..
        } = &sent
        {
            progress.finish();
            return crate::cli::interrupt::interrupted(entry, *n);
        }
        let result = match sent {
            Sent::Earlier(found) => {
                let named: Vec<String> = found.iter().map(describe).collect();
                progress.message(&format!(
                    "certwiz: row {} was not sent: the same order was submitted before (found at its moment of sending): {}",
                    item.row.row,
                    named.join("; ")
                ));
                duplicate = true;
                let mut r = RowResult::new(&item.row, "not_sent");
                r.error = Some(format!(
                    "the same order was submitted before (found at its moment of sending): {}",
                    named.join("; ")
                ));
                r
            }
            Sent::NotRecorded(e) => {
                progress.message(&format!(
                    "certwiz: cannot record row {} in the journal before sending it: {e}; it and the rows after it were not sent",
                    item.row.row
                ));
                stopped = Some(exit::USAGE);
                RowResult::new(&item.row, "not_sent")
            }
            Sent::Placed {
                entry,
                answer,
                unrecorded,
            } => {
                if let Some(e) = &unrecorded {
                    progress.message(&format!(
                        "certwiz: warning: order {} was placed, but the journal could not record it: {e}",
                        answer.id
                    ));
                }
                let mut r = RowResult::new(&item.row, "placed");
                r.attempt_id = Some(entry.attempt_id);
                r.order_id = Some(answer.id);
                let first = answer.first_request();
                r.request_id = first.and_then(|q| q.id);
                r.status = first
                    .and_then(|q| q.status.as_ref())
                    .map(|s| s.as_str().to_owned());
                r
            }
            Sent::Refused {
                entry,
                error,
                unrecorded,
            } => {
                if let Some(e) = &unrecorded {
                    progress.message(&format!(
                        "certwiz: warning: the journal could not record row {}'s outcome: {e}",
                        item.row.row
                    ));
                }
                let mut r = RowResult::new(&item.row, "failed");
                r.attempt_id = Some(entry.attempt_id);
                r.error = Some(error.to_string());
                failed = true;
                if let Stopped::Api(error) = &error
                    && error.kind() != ErrorKind::BadInput
                {
                    progress.message(&format!(
                        "certwiz: row {} was refused ({}); the rows after it are not sent",
                        item.row.row, error
                    ));
                    stopped = Some(remote::api_exit(error));
                }
                r
            }
            Sent::Unknown {
                entry,
                why,
                unrecorded,
                ..
            } => {
                if let Some(e) = &unrecorded {
                    progress.message(&format!(
                        "certwiz: warning: the journal could not record row {}'s outcome: {e}",
                        item.row.row
                    ));
                }
                let mut r = RowResult::new(&item.row, "outcome_unknown");
                r.attempt_id = Some(entry.attempt_id.clone());
                r.error = Some(why);
                progress.message(&format!(
                    "certwiz: row {} may have been placed; it is not sent again, and the rows after it are not sent. {}",
                    item.row.row,
                    settle_advice(&entry)
                ));
                stopped = Some(exit::OUTCOME_UNKNOWN);
                r
            }
        };
        progress.done(&result);
        results.push(result);
    }
    progress.finish();
    let code = match stopped {
        Some(code) => code,
        None if failed => exit::API_ERROR,
        None if duplicate => exit::DECLINED,
        None => exit::OK,
    };
    if code != exit::OK {
        eprintln!(
            "certwiz: run the same command with --resume to place the rows not placed yet{}",
            if code == exit::OUTCOME_UNKNOWN {
                ", once the row whose outcome is unknown is settled"
            } else {
                ""
            }
        );
    }
    code
}
