//! `certwiz status`: an order's state once, or followed until it is final; every status seen
//! of an order in the journal is recorded there, so tracking survives a restart.

use serde_json::json;
use time::format_description::well_known::Rfc3339;
use tokio::sync::mpsc;

use super::args::EndpointArgs;
use super::{exit, profile, remote};
use crate::api::{Client, EndpointKind, TrackUpdate, Tracker};
use crate::delivery::Provisioning;
use crate::order::model::{OrderInfo, RequestInfo};
use crate::order::state::{OrderState, request_shown};
use crate::order::{OrderStatus, RequestStatus};
use crate::ordering;
use crate::outside::{self, Safe};
use crate::store::{StatusChange, Store};
use time::OffsetDateTime;

/// What `certwiz status` does with a token order's hardware init code.
#[derive(Debug, Clone, Copy, Default)]
pub struct InitCode {
    /// Print it.
    pub show: bool,
    /// Copy it to the clipboard with OSC 52.
    pub copy: bool,
}

/// `certwiz status`.
pub fn status(
    order_id: i64,
    watch: bool,
    json: bool,
    init_code: InitCode,
    endpoint: &EndpointArgs,
) -> u8 {
    let store = match profile::open_store() {
        Ok(store) => store,
        Err(exit) => return exit.report(),
    };
    let code = remote::block_on(async {
        let connection = match remote::open(endpoint).await {
            Ok(c) => c,
            Err(exit) => return exit.report(),
        };
        let journal = JournalWriter::new(&store, &connection.client);
        if watch {
            let tracker =
                Tracker::with_policy(connection.client.clone(), remote::poll_policy(&connection));
            let code = follow(&connection.client, &tracker, order_id, json, &journal).await;
            if code == exit::OK && !json {
                // What to do with the issued certificate depends on the provisioning method.
                if let Ok(order) = connection.client.order_info(order_id).await
                    && !print_delivery(&order, init_code)
                {
                    return exit::USAGE;
                }
            }
            if code == exit::OK && init_code.copy && json {
                errln!(
                    "certwiz: --copy-init-code does not copy with --watch --json; nothing was copied"
                );
                return exit::USAGE;
            }
            code
        } else {
            once(&connection.client, order_id, json, init_code, &journal).await
        }
    });
    profile::report_set_aside(&store);
    code
}

/// Records what status sees in the journal, when the order is one certwiz placed there; a
/// journal that cannot be written is said once and does not stop the command.
pub(super) struct JournalWriter {
    statuses: ordering::StatusWriter,
    endpoint: EndpointKind,
    warned: std::cell::Cell<bool>,
}

impl JournalWriter {
    /// A writer for orders on the client's kind of endpoint.
    pub(super) fn new(store: &Store, client: &Client) -> Self {
        JournalWriter {
            statuses: ordering::StatusWriter::start(store),
            endpoint: client.endpoint().kind,
            warned: std::cell::Cell::new(false),
        }
    }

    /// Records one observed status.
    pub(super) async fn record(&self, order_id: i64, change: StatusChange) {
        let result = self.statuses.record(self.endpoint, order_id, change).await;
        if let Err(e) = result
            && !self.warned.replace(true)
        {
            errln!("certwiz: warning: cannot record the status in the journal: {e}");
        }
    }
}

async fn once(
    client: &Client,
    order_id: i64,
    json: bool,
    init_code: InitCode,
    journal: &JournalWriter,
) -> u8 {
    let mut order = match client.order_info(order_id).await {
        Ok(order) => order,
        Err(e) => return remote::fail(&e),
    };
    let request_id = order
        .requests
        .as_deref()
        .and_then(|r| r.first())
        .and_then(|r| r.id);
    let request = match request_id {
        Some(id) => match client.request_info(id).await {
            Ok(info) => Some(info),
            Err(e) => return remote::fail(&e),
        },
        None => None,
    };
    let mut request = request;
    if let Some(r) = request.as_mut() {
        r.status = request_shown(order.status.as_ref(), r.status.as_ref());
    }
    let state = OrderState::of(
        order.status.as_ref(),
        request.as_ref().and_then(|r| r.status.as_ref()),
    );
    let certificate_id = order.certificate.as_ref().and_then(|c| c.id);
    let change = StatusChange {
        at: OffsetDateTime::now_utc(),
        order_status: order.status.clone(),
        request_id: request.as_ref().map(|r| r.id),
        request_status: request.as_ref().and_then(|r| r.status.clone()),
        certificate_id,
    };
    journal.record(order_id, change).await;
    let waits = super::waiting::why(client, order_id, order.status.as_ref(), request_id).await;
    if json {
        let next_step = delivery_step(&order);
        let init_code_hidden = !init_code.show && order.hardware_init_code.is_some();
        let copied = !init_code.copy || copy(order.hardware_init_code.as_deref());
        if !init_code.show {
            order.hardware_init_code = None;
        }
        // Every key always there (README, "JSON output").
        let value = json!({
            "order": order,
            "request": request,
            "next_step": next_step,
            "hardware_init_code_hidden": init_code_hidden,
            "why_it_waits": waits,
        });
        outln!("{}", outside::json(&value));
        if !copied {
            return exit::USAGE;
        }
    } else {
        print_state(&order, request.as_ref());
        super::waiting::print(&waits);
        if !print_delivery(&order, init_code) {
            return exit::USAGE;
        }
    }
    state.exit_code()
}

/// Once the order is issued: what to do next for its provisioning method; for a certificate
/// that has expired, its renewal (installing it is no use: it said how, weeks after).
fn delivery_step(order: &OrderInfo) -> Option<String> {
    if order.status != Some(OrderStatus::Issued) {
        return None;
    }
    let today = OffsetDateTime::now_utc().date();
    if let Some(till) = ordering::renewal::valid_till(order)
        && crate::order::inventory::parse_date(&till).is_some_and(|date| date < today)
    {
        return Some(format!(
            "its certificate expired on {}: certwiz renew {} places its renewal",
            Safe(&till),
            order.id
        ));
    }
    Some(Provisioning::of(order.cs_provisioning_method.as_deref()).next_step(order.id))
}

/// The next step of an issued order, and a token order's init code when asked for; false when
/// --copy-init-code copied nothing (said on standard error).
fn print_delivery(order: &OrderInfo, init_code: InitCode) -> bool {
    if let Some(next) = delivery_step(order) {
        outln!("next: {next}");
    }
    let copied = !init_code.copy || copy(order.hardware_init_code.as_deref());
    if let Some(code) = &order.hardware_init_code {
        if init_code.show {
            outln!("hardware init code: {}", Safe(code));
        } else if !init_code.copy {
            outln!(
                "hardware init code: hidden (--show-init-code shows it, --copy-init-code copies it)"
            );
        }
    }
    copied
}

/// --copy-init-code: copies the code when there is one; false (said on standard error) when
/// nothing was copied.
fn copy(code: Option<&str>) -> bool {
    match code {
        Some(code) => copy_to_clipboard(code),
        None => {
            errln!(
                "certwiz: the order has no hardware init code (only an issued token order has \
                 one); nothing was copied"
            );
            false
        }
    }
}

/// Puts the code on the clipboard with OSC 52, when standard output is a terminal; says so on
/// standard error either way. False when nothing was copied.
fn copy_to_clipboard(code: &str) -> bool {
    use std::io::{IsTerminal, Write};
    let mut out = std::io::stdout().lock();
    if !out.is_terminal() {
        errln!("certwiz: --copy-init-code needs a terminal on standard output; nothing was copied");
        return false;
    }
    let _ = out.write_all(crate::delivery::osc52_copy(code).as_bytes());
    let _ = out.flush();
    errln!(
        "certwiz: hardware init code copied to the clipboard (OSC 52; some terminals ignore it)"
    );
    true
}

fn print_state(order: &OrderInfo, request: Option<&RequestInfo>) {
    let status = order
        .status
        .as_ref()
        .map(OrderStatus::as_str)
        .unwrap_or("(no status)");
    outln!("order {}: {}", order.id, Safe(status));
    if let Some(request) = request {
        let status = request
            .status
            .as_ref()
            .map(RequestStatus::as_str)
            .unwrap_or("(no status)");
        outln!("request {}: {}", request.id, Safe(status));
        if let Some(comment) = &request.processor_comment {
            outln!("  comment: {}", Safe(comment));
        }
    }
    if let Some(id) = order.certificate.as_ref().and_then(|c| c.id) {
        outln!("certificate {id}");
    }
}

pub(super) async fn follow(
    client: &Client,
    tracker: &Tracker,
    order_id: i64,
    json: bool,
    journal: &JournalWriter,
) -> u8 {
    let (tx, mut rx) = mpsc::unbounded_channel();
    tracker.track(order_id, None, tx);
    while let Some(update) = rx.recv().await {
        report(&update, json, journal).await;
        if update.is_final {
            return final_code(client, &update, json).await;
        }
        // Nobody reads what the watch prints any more (`| head -1`): it stops, as a pipe asks.
        if crate::say::reader_gone() {
            return exit::OK;
        }
        if !json && update.error.is_none() {
            let status = update.order_status.as_ref();
            super::waiting::print(
                &super::waiting::why(client, order_id, status, update.request_id).await,
            );
        }
    }
    errln!("certwiz: tracking stopped unexpectedly");
    exit::API_ERROR
}

/// Records a tracker update in the journal (when the order is there) and prints it.
pub(super) async fn report(update: &TrackUpdate, json: bool, journal: &JournalWriter) {
    if let Some(change) = ordering::change_of(update) {
        journal.record(update.order_id, change).await;
    }
    if json {
        outln!("{}", outside::json_line(&update_json(update)));
    } else {
        print_update(update);
    }
    super::hooks::after_update(update, journal.endpoint);
}

pub(super) fn update_json(u: &TrackUpdate) -> serde_json::Value {
    json!({
        "order_id": u.order_id,
        "at": u.at.format(&Rfc3339).unwrap_or_default(),
        "order_status": u.order_status.as_ref().map(OrderStatus::as_str),
        "request_id": u.request_id,
        "request_status": u.request_status.as_ref().map(RequestStatus::as_str),
        "certificate_id": u.certificate_id,
        "is_final": u.is_final,
        "error": u.error,
    })
}

pub(super) fn print_update(u: &TrackUpdate) {
    let at = u.at.time();
    let clock = format!("{:02}:{:02}:{:02}", at.hour(), at.minute(), at.second());
    if let Some(error) = &u.error {
        errln!("{clock}  order {}: {}", u.order_id, Safe(error));
        return;
    }
    let mut line = format!(
        "{clock}  order {}: {}",
        u.order_id,
        Safe(
            u.order_status
                .as_ref()
                .map(OrderStatus::as_str)
                .unwrap_or("?")
        )
    );
    if let Some(id) = u.request_id {
        let status = u
            .request_status
            .as_ref()
            .map(RequestStatus::as_str)
            .unwrap_or("?");
        line.push_str(&format!(", request {id}: {}", Safe(status)));
    }
    if let Some(id) = u.certificate_id {
        line.push_str(&format!(", certificate {id}"));
    }
    outln!("{line}");
}

/// The exit code of a final update: 0 approved or issued, 1 ended otherwise, 3 tracking failed
/// (the words and the code are [`OrderState`]'s).
async fn final_code(client: &Client, u: &TrackUpdate, json: bool) -> u8 {
    if u.error.is_some() {
        return exit::API_ERROR;
    }
    let state = OrderState::of(u.order_status.as_ref(), u.request_status.as_ref());
    if !state.has_ended() {
        if !json {
            // Approved or issued: the request was approved (issuing follows approval).
            let words = if state.is_final() {
                "approved"
            } else {
                "still in progress"
            };
            match u.certificate_id {
                Some(id) => outln!("{words}: certificate {id}"),
                None => outln!("{words}"),
            }
        }
        return state.exit_code();
    }
    if !json {
        let ended = state.final_words().unwrap_or("ended");
        let comment = match u.request_id {
            Some(id) => client
                .request_info(id)
                .await
                .ok()
                .and_then(|r| r.processor_comment),
            None => None,
        };
        match comment {
            Some(comment) => outln!("{}: {}", Safe(ended), Safe(&comment)),
            None => outln!("{}", Safe(ended)),
        }
    }
    state.exit_code()
}
