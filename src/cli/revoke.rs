//! `certwiz reissue` and `certwiz revoke`: each recorded in the journal (`orders.db`, beside the
//! order attempts) before it is sent and finished with its outcome after, sent once (never
//! retried), and refused while an earlier one of the same order may have reached CertCentral:
//! the check and the record are one transaction ([`crate::store::Journal::begin_action`]), so two
//! certwiz processes racing send it once. Revoking asks the person to type the order id
//! (a script repeats it with `--confirm`) after saying what a revocation does to signatures.

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::PathBuf;

use serde_json::{Value, json};

use super::args::EndpointArgs;
use super::certificates::endpoint_key;
use super::{exit, profile, remote};
use crate::api::{ApiError, Client, ErrorKind};
use crate::order::inventory::ActionAnswer;
use crate::ordering::{definitely_not_placed, on_journal, when};
use crate::store::{ActionKind, ActionState, Begun, Store};

/// What `certwiz reissue` was asked.
#[derive(Debug, Clone)]
pub struct ReissueOptions {
    pub order_id: i64,
    /// A CSR for the new key (a lost token, a changed name).
    pub csr: Option<PathBuf>,
    pub yes: bool,
    pub json: bool,
}

/// What `certwiz revoke` was asked.
#[derive(Debug, Clone)]
pub struct RevokeOptions {
    /// The order whose certificates are revoked.
    pub order_id: Option<i64>,
    /// One certificate only.
    pub certificate_id: Option<i64>,
    pub reason: String,
    /// The id typed ahead, for scripts.
    pub confirm: Option<String>,
    pub skip_approval: bool,
    pub json: bool,
}

/// What DigiCert says a revocation does, in plain words, printed before anything is asked.
pub const REVOKE_WARNING: &str = "Revoking is permanent. Signatures made with this certificate may stop validating: \
DigiCert warns that for most implementations, revoking a document signing certificate invalidates past \
signatures and timestamps. Documents that were timestamped when they were signed stay valid, as DigiCert's \
rekey instructions say. Every revocation waits for an administrator's approval unless skipped.";

/// `certwiz reissue`.
pub fn reissue(options: &ReissueOptions, endpoint: &EndpointArgs) -> u8 {
    let mut certificate = serde_json::Map::new();
    if let Some(path) = &options.csr {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                errln!("certwiz: cannot read {}: {e}", path.display());
                return exit::USAGE;
            }
        };
        if let Err(e) = crate::order::csr::inspect(&text) {
            errln!("certwiz: {} {e}; nothing was sent", path.display());
            return exit::USAGE;
        }
        certificate.insert("csr".into(), json!(text.trim()));
    }
    if !options.yes && !io::stdin().is_terminal() {
        errln!(
            "certwiz: refusing to reissue without confirmation: standard input is not a terminal; pass --yes to confirm"
        );
        return exit::USAGE;
    }
    if !options.yes
        && !ask_yes(&format!(
            "Reissue the certificate of order {}? [y/N] ",
            options.order_id
        ))
    {
        errln!("certwiz: not sent");
        return exit::DECLINED;
    }
    let store = match profile::open_store() {
        Ok(store) => store,
        Err(exit) => return exit.report(),
    };
    let order_id = options.order_id;
    let code = remote::block_on(async {
        let connection = match remote::open(endpoint).await {
            Ok(c) => c,
            Err(exit) => return exit.report(),
        };
        let client = &connection.client;
        // The order's platform and hash, as Order info gives them, so the reissue keeps them.
        let info = match client.order_info(order_id).await {
            Ok(info) => serde_json::to_value(info).unwrap_or(Value::Null),
            Err(e) => return remote::fail(&e),
        };
        if let Some(id) = info.pointer("/certificate/server_platform/id") {
            certificate.insert("server_platform".into(), json!({ "id": id }));
        }
        if let Some(hash) = info.pointer("/certificate/signature_hash") {
            certificate.insert("signature_hash".into(), hash.clone());
        }
        let body = json!({ "certificate": certificate });
        let sent = once(
            &store,
            client,
            ActionKind::Reissue,
            order_id,
            &format!("order {order_id}"),
            || client.reissue(order_id, &body),
        )
        .await;
        finish_print(sent, options.json, |answer| match answer.request_id() {
            Some(id) => format!(
                "reissue of order {order_id} requested: request {id}; follow it with certwiz status {order_id}"
            ),
            None => format!("reissue of order {order_id} requested"),
        })
    });
    profile::report_set_aside(&store);
    code
}

/// `certwiz revoke`.
pub fn revoke(options: &RevokeOptions, endpoint: &EndpointArgs) -> u8 {
    let (kind, target, what) = match (options.order_id, options.certificate_id) {
        (Some(order), None) => (
            ActionKind::RevokeOrder,
            order,
            format!("every certificate of order {order}"),
        ),
        (None, Some(cert)) => (
            ActionKind::RevokeCertificate,
            cert,
            format!("certificate {cert}"),
        ),
        _ => {
            errln!("certwiz: name either ORDER_ID or --certificate ID");
            return exit::USAGE;
        }
    };
    if options.reason.trim().is_empty() {
        errln!("certwiz: --reason must say why");
        return exit::USAGE;
    }
    errln!("{REVOKE_WARNING}");
    errln!("This revokes {what}.");
    let typed = match &options.confirm {
        Some(text) => text.trim().to_owned(),
        None if io::stdin().is_terminal() => {
            err!("Type {target} to revoke it: ");
            let _ = io::stderr().flush();
            let mut line = String::new();
            if io::stdin().lock().read_line(&mut line).is_err() {
                line.clear();
            }
            line.trim().to_owned()
        }
        None => {
            errln!(
                "certwiz: not revoked: standard input is not a terminal; a script repeats the id with --confirm {target}"
            );
            return exit::DECLINED;
        }
    };
    if typed != target.to_string() {
        errln!("certwiz: not revoked: {typed:?} is not {target}; nothing was sent");
        return exit::DECLINED;
    }
    let store = match profile::open_store() {
        Ok(store) => store,
        Err(exit) => return exit.report(),
    };
    let mut body = json!({ "comments": options.reason.trim() });
    if options.skip_approval {
        body["skip_approval"] = json!(true);
    }
    let code = remote::block_on(async {
        let connection = match remote::open(endpoint).await {
            Ok(c) => c,
            Err(exit) => return exit.report(),
        };
        let client = &connection.client;
        let sent = once(&store, client, kind, target, what.as_str(), || async {
            match (options.order_id, options.certificate_id) {
                (Some(order), _) => client.revoke_order(order, &body).await,
                (_, Some(cert)) => client.revoke_certificate(cert, &body).await,
                _ => Err(ApiError::new(
                    ErrorKind::BadInput,
                    "revoking",
                    "nothing named",
                )),
            }
        })
        .await;
        finish_print(sent, options.json, |answer| {
            match (answer.request_id(), answer.status.as_deref()) {
                (Some(id), Some("pending")) => format!(
                    "revocation of {what} requested: request {id} is pending; an administrator must approve it"
                ),
                (Some(id), Some(status)) => format!(
                    "revocation of {what} requested: request {id} is {}",
                    crate::outside::Safe(status)
                ),
                (Some(id), None) => format!("revocation of {what} requested: request {id}"),
                _ => format!(
                    "revocation of {what} sent; CertCentral answered without a request (as it does when approval is skipped)"
                ),
            }
        })
    });
    profile::report_set_aside(&store);
    code
}

/// Sends an action once: the journal's one transaction refuses it while an earlier one of the
/// same kind on the same target stops it (see [`ActionKind::stopped_by`]) and otherwise records
/// it as sending; then it is sent (never retried) and its outcome recorded. An answer that is not
/// a refusal DigiCert documents leaves the outcome unknown.
async fn once<F, Fut>(
    store: &Store,
    client: &Client,
    kind: ActionKind,
    target: i64,
    what: &str,
    send: F,
) -> Result<ActionAnswer, u8>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<ActionAnswer, ApiError>>,
{
    let key = endpoint_key(client);
    let detail = format!("{} of {what} being sent", kind.noun());
    let begun = on_journal(store, move |j| j.begin_action(&key, kind, target, &detail)).await;
    let action = match begun {
        Ok(Begun::Sending(action)) => action,
        Ok(Begun::Earlier(a)) => {
            let state = match a.state {
                ActionState::Sending => "no answer recorded yet".to_owned(),
                ActionState::OutcomeUnknown => "its outcome is unknown".to_owned(),
                ActionState::Done => match a.result_id {
                    Some(id) => format!("requested: request {id}"),
                    None => "requested".to_owned(),
                },
                ActionState::Refused => "refused".to_owned(),
            };
            errln!(
                "certwiz: not sent: a {} of {what} was sent from here at {} ({state}); look at the order (certwiz status) before sending another",
                kind.noun(),
                when(a.created_at),
            );
            if a.state == ActionState::OutcomeUnknown {
                errln!(
                    "certwiz: its outcome is unknown (action {}): {}",
                    a.id,
                    super::orders::action_advice(&a)
                );
            }
            return Err(exit::DECLINED);
        }
        Err(e) => {
            errln!(
                "certwiz: cannot record the {} in the journal before sending it: {e}; nothing was sent",
                kind.noun()
            );
            return Err(exit::USAGE);
        }
    };
    let result = send().await;
    let (state, result_id, detail) = match &result {
        Ok(answer) => (ActionState::Done, answer.request_id(), "sent".to_owned()),
        Err(e) if definitely_not_placed(e.kind()) => (ActionState::Refused, None, e.to_string()),
        Err(e) => (ActionState::OutcomeUnknown, None, e.to_string()),
    };
    let id = action.id;
    let note = detail.clone();
    if let Err(e) = on_journal(store, move |j| j.finish_action(id, state, result_id, &note)).await {
        errln!("certwiz: warning: the journal could not record the outcome: {e}");
    }
    result.map_err(|e| {
        let code = remote::fail(&e);
        if state == ActionState::OutcomeUnknown {
            errln!(
                "certwiz: it may have been done; do not send it again before looking at the order; then: {}",
                super::orders::action_advice(&action)
            );
            return exit::OUTCOME_UNKNOWN;
        }
        code
    })
}

fn finish_print(
    sent: Result<ActionAnswer, u8>,
    json: bool,
    words: impl FnOnce(&ActionAnswer) -> String,
) -> u8 {
    match sent {
        Ok(answer) => {
            if json {
                let value = serde_json::to_value(&answer).unwrap_or(Value::Null);
                outln!("{}", crate::outside::json(&value));
            } else {
                outln!("{}", words(&answer));
            }
            exit::OK
        }
        Err(code) => code,
    }
}

fn ask_yes(question: &str) -> bool {
    err!("{question}");
    let _ = io::stderr().flush();
    let mut answer = String::new();
    io::stdin().lock().read_line(&mut answer).is_ok()
        && matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes")
}
