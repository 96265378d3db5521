//! Sending the rows: each journaled before its POST, stopping at the first row whose outcome is
//! unknown or whose refusal is not about the row itself.

use super::report::{Progress, RowResult};
use crate::api::{Client, ErrorKind};
use crate::attempts::{definitely_not_placed, on_journal, settle_advice};
use crate::cli::{exit, remote};
use crate::order::OrderRequest;
use crate::order::batch::Row;
use crate::store::{BatchRef, Fingerprint, NewAttempt, Store};

/// One row ready to send.
pub(super) struct Ready {
    pub row: Row,
    pub request: OrderRequest,
    pub fingerprint: Fingerprint,
}

/// Journals and sends the rows one by one. Stops at a row whose outcome is unknown, or at a
/// refusal that is not about the row itself (the key, a permission, the connection): the rows
/// after it are reported as not sent. Returns the exit code.
pub(super) async fn send_all(
    store: &Store,
    client: &Client,
    to_send: Vec<Ready>,
    id: &str,
    results: &mut Vec<RowResult>,
) -> u8 {
    let mut progress = Progress::new(to_send.len());
    let (mut failed, mut stopped) = (false, None::<u8>);
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
        let entry = match on_journal(store, move |j| j.create_sending(attempt)).await {
            Ok(entry) => entry,
            Err(e) => {
                progress.message(&format!(
                    "certwiz: cannot record row {} in the journal before sending it: {e}; it and the rows after it were not sent",
                    item.row.row
                ));
                results.push(RowResult::new(&item.row, "not_sent"));
                stopped = Some(exit::USAGE);
                continue;
            }
        };
        let attempt_id = entry.attempt_id.clone();
        let sent = client.place_order(item.row.draft.product, &item.request);
        let placed = match crate::cli::interrupt::during(signals, sent).await {
            Ok(placed) => placed,
            Err(signal) => {
                progress.finish();
                return crate::cli::interrupt::interrupted(store, &entry, signal).await;
            }
        };
        let result = match placed {
            Ok(answer) => {
                let placed = answer.clone();
                let aid = attempt_id.clone();
                let noted = on_journal(store, move |j| j.mark_placed(&aid, &placed)).await;
                if let Err(e) = &noted {
                    progress.message(&format!(
                        "certwiz: warning: order {} was placed, but the journal could not record it: {e}",
                        answer.id
                    ));
                }
                let mut r = RowResult::new(&item.row, "placed");
                r.attempt_id = Some(attempt_id);
                r.order_id = Some(answer.id);
                let first = answer.first_request();
                r.request_id = first.and_then(|q| q.id);
                r.status = first
                    .and_then(|q| q.status.as_ref())
                    .map(|s| s.as_str().to_owned());
                r
            }
            Err(error) => {
                let why = error.to_string();
                let not_placed = definitely_not_placed(error.kind());
                let aid = attempt_id.clone();
                let note = why.clone();
                let noted = on_journal(store, move |j| {
                    if not_placed {
                        j.mark_failed(&aid, &note)
                    } else {
                        j.mark_outcome_unknown(&aid, &note)
                    }
                })
                .await;
                if let Err(e) = &noted {
                    progress.message(&format!(
                        "certwiz: warning: the journal could not record row {}'s outcome: {e}",
                        item.row.row
                    ));
                }
                let mut r = RowResult::new(&item.row, "failed");
                r.attempt_id = Some(attempt_id);
                r.error = Some(why);
                if !not_placed {
                    r.state = "outcome_unknown";
                    let entry = noted.unwrap_or_else(|_| entry.clone());
                    progress.message(&format!(
                        "certwiz: row {} may have been placed; it is not sent again, and the rows after it are not sent. {}",
                        item.row.row,
                        settle_advice(&entry)
                    ));
                    stopped = Some(exit::OUTCOME_UNKNOWN);
                } else if error.kind() == ErrorKind::BadInput {
                    failed = true;
                } else {
                    progress.message(&format!(
                        "certwiz: row {} was refused ({}); the rows after it are not sent",
                        item.row.row, error
                    ));
                    failed = true;
                    stopped = Some(remote::api_exit(&error));
                }
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
