//! Sending the rows, several at once under the client's one rate limiter: each checked and
//! journaled at its own moment of sending; a row whose outcome is unknown, or a refusal that is
//! not about the row itself, stops new rows.

use super::report::{Progress, RowResult};
use crate::api::{Client, ErrorKind};
use crate::cli::exit::{self, Exit, Outcome};
use crate::cli::interrupt::Stopped;
use crate::cli::remote;
use crate::order::OrderRequest;
use crate::order::batch::Row;
use crate::ordering::{Sent, describe, send, settle_advice};
use crate::store::{Allow, BatchRef, Fingerprint, JournalEntry, NewAttempt, Store};

use futures::StreamExt;
use futures::stream::FuturesUnordered;

/// One row ready to send.
pub(super) struct Ready {
    pub row: Row,
    pub request: OrderRequest,
    pub fingerprint: Fingerprint,
}

/// How many rows are sent at once by default (`--jobs`). The shared rate limiter paces them to DigiCert's limits
/// (100 requests in 5 s, 1,000 in 3 min: 20 a second at most); at 300 ms a POST, 6 in flight
/// keep that ceiling busy, so 8 leave room for slower answers without queueing many rows
/// behind an outcome that turns out unknown.
pub const IN_FLIGHT: usize = 8;

/// Sends the rows, up to `jobs` at once ([`IN_FLIGHT`] unless `--jobs` says), each through the ordering core's one send: the
/// row's check for an earlier attempt of the same order and its record are one decision at its
/// own moment of sending, so a row placed meanwhile by another certwiz (a single submit,
/// another batch, or an equal row in flight) is not sent again. A row whose outcome is unknown,
/// or a refusal that is not about the row itself (the key, a permission, the connection), stops
/// new rows: the rows already in flight finish and are recorded, the rows after them are
/// reported as not sent. Every reason is printed here, as it happens; the results are in row
/// order.
pub(super) async fn send_all(
    store: &Store,
    client: &Client,
    to_send: Vec<Ready>,
    id: &str,
    allow_duplicate: bool,
    jobs: usize,
    results: &mut Vec<RowResult>,
) -> Outcome {
    let mut progress = Progress::new(to_send.len());
    let (mut failed, mut duplicate, mut stopped) = (false, false, None::<u8>);
    let mut signalled: Option<(JournalEntry, i32)> = None;
    let allow = if allow_duplicate {
        Allow::Any
    } else {
        Allow::none()
    };
    let mut waiting = to_send.into_iter().enumerate();
    let mut in_flight = FuturesUnordered::new();
    let mut finished: Vec<(usize, RowResult)> = Vec::new();
    loop {
        while in_flight.len() < jobs.max(1) && stopped.is_none() && signalled.is_none() {
            let Some((index, item)) = waiting.next() else {
                break;
            };
            progress.sending(&item.row);
            let allow = allow.clone();
            in_flight.push(async move {
                let sent = send_row(store, client, &item, id, allow).await;
                (index, item, sent)
            });
        }
        let Some((index, item, sent)) = in_flight.next().await else {
            break;
        };
        if let Sent::Unknown {
            entry,
            error: Some(Stopped::Signal(n)),
            ..
        } = &sent
        {
            // Recorded as of unknown outcome; the rows in flight finish and are recorded too
            // (each hears the signal), then certwiz exits with the signal's code.
            let mut r = RowResult::new(&item.row, "outcome_unknown");
            r.attempt_id = Some(entry.attempt_id.clone());
            r.error = Some(Stopped::Signal(*n).to_string());
            signalled.get_or_insert((entry.clone(), *n));
            finished.push((index, r));
            continue;
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
                    "certwiz: cannot record row {} in the journal before sending it: {e}; it and the rows not started yet are not sent",
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
                        "certwiz: row {} was refused ({}); no new row is sent (rows already sent finish)",
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
                    "certwiz: row {} may have been placed; it is not sent again, and no new row is sent (rows already sent finish). Attempt {}: {}",
                    item.row.row,
                    entry.attempt_id,
                    settle_advice(&entry)
                ));
                stopped = Some(exit::OUTCOME_UNKNOWN);
                r
            }
        };
        progress.done(&result);
        finished.push((index, result));
    }
    for (index, item) in waiting {
        finished.push((index, RowResult::new(&item.row, "not_sent")));
    }
    finished.sort_by_key(|(index, _)| *index);
    results.extend(finished.into_iter().map(|(_, r)| r));
    progress.finish();
    if let Some((entry, n)) = signalled {
        return Err(crate::cli::interrupt::interrupted(&entry, n));
    }
    let code = match stopped {
        Some(code) => code,
        None if failed => exit::API_ERROR,
        None if duplicate => exit::DECLINED,
        None => return Ok(()),
    };
    errln!(
        "certwiz: run the same command with --resume to place the rows not placed yet{}",
        if code == exit::OUTCOME_UNKNOWN {
            ", once the row whose outcome is unknown is settled"
        } else {
            ""
        }
    );
    Err(Exit::code(code))
}

/// One row through the ordering core's one send, its POST stopped by a signal that comes first.
async fn send_row(
    store: &Store,
    client: &Client,
    item: &Ready,
    id: &str,
    allow: Allow,
) -> Sent<Stopped> {
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
    send(store, attempt, allow, || {
        crate::cli::interrupt::post(
            signals,
            client.place_order(item.row.draft.product, &item.request),
        )
    })
    .await
}
