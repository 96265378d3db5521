//! `certwiz reissue` and `certwiz revoke`: each recorded in the inventory before it is sent and
//! finished with its outcome after, sent once (never retried), and refused while an earlier one
//! of the same order may have reached CertCentral. Revoking asks the person to type the order id
//! (a script repeats it with `--confirm`) after saying what a revocation does to signatures.

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::PathBuf;

use serde_json::{Value, json};

use super::args::EndpointArgs;
use super::certificates::{endpoint_key, open_inventory, stored_failure};
use super::{exit, remote};
use crate::api::{ApiError, Client, ErrorKind};
use crate::order::inventory::ActionAnswer;
use crate::store::inventory::{ActionKind, ActionState, Inventory};

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
                eprintln!("certwiz: cannot read {}: {e}", path.display());
                return exit::USAGE;
            }
        };
        if let Err(e) = crate::order::csr::inspect(&text) {
            eprintln!("certwiz: {} {e}; nothing was sent", path.display());
            return exit::USAGE;
        }
        certificate.insert("csr".into(), json!(text.trim()));
    }
    if !options.yes && !io::stdin().is_terminal() {
        eprintln!(
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
        eprintln!("certwiz: not sent");
        return exit::DECLINED;
    }
    let inventory = match open_inventory() {
        Ok(inventory) => inventory,
        Err(code) => return code,
    };
    let order_id = options.order_id;
    remote::block_on(async {
        let connection = match remote::open(endpoint).await {
            Ok(c) => c,
            Err(code) => return code,
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
            &inventory,
            client,
            ActionKind::Reissue,
            order_id,
            "reissue",
            || client.reissue(order_id, &body),
        )
        .await;
        finish_print(sent, options.json, |answer| match answer.request_id() {
            Some(id) => format!(
                "reissue of order {order_id} requested: request {id}; follow it with certwiz status {order_id}"
            ),
            None => format!("reissue of order {order_id} requested"),
        })
    })
}

/// `certwiz revoke`.
pub fn revoke(options: &RevokeOptions, endpoint: &EndpointArgs) -> u8 {
    let (target, what) = match (options.order_id, options.certificate_id) {
        (Some(order), None) => (order, format!("every certificate of order {order}")),
        (None, Some(cert)) => (cert, format!("certificate {cert}")),
        _ => {
            eprintln!("certwiz: name either ORDER_ID or --certificate ID");
            return exit::USAGE;
        }
    };
    if options.reason.trim().is_empty() {
        eprintln!("certwiz: --reason must say why");
        return exit::USAGE;
    }
    eprintln!("{REVOKE_WARNING}");
    eprintln!("This revokes {what}.");
    let typed = match &options.confirm {
        Some(text) => text.trim().to_owned(),
        None if io::stdin().is_terminal() => {
            eprint!("Type {target} to revoke it: ");
            let _ = io::stderr().flush();
            let mut line = String::new();
            if io::stdin().lock().read_line(&mut line).is_err() {
                line.clear();
            }
            line.trim().to_owned()
        }
        None => {
            eprintln!(
                "certwiz: not revoked: standard input is not a terminal; a script repeats the id with --confirm {target}"
            );
            return exit::DECLINED;
        }
    };
    if typed != target.to_string() {
        eprintln!("certwiz: not revoked: {typed:?} is not {target}; nothing was sent");
        return exit::DECLINED;
    }
    let inventory = match open_inventory() {
        Ok(inventory) => inventory,
        Err(code) => return code,
    };
    let mut body = json!({ "comments": options.reason.trim() });
    if options.skip_approval {
        body["skip_approval"] = json!(true);
    }
    remote::block_on(async {
        let connection = match remote::open(endpoint).await {
            Ok(c) => c,
            Err(code) => return code,
        };
        let client = &connection.client;
        let sent = once(
            &inventory,
            client,
            ActionKind::Revoke,
            target,
            &what,
            || async {
                match (options.order_id, options.certificate_id) {
                    (Some(order), _) => client.revoke_order(order, &body).await,
                    (_, Some(cert)) => client.revoke_certificate(cert, &body).await,
                    _ => Err(ApiError::new(
                        ErrorKind::BadInput,
                        "revoking",
                        "nothing named",
                    )),
                }
            },
        )
        .await;
        finish_print(sent, options.json, |answer| {
            match (answer.request_id(), answer.status.as_deref()) {
                (Some(id), Some(status)) => format!(
                    "revocation of {what} requested: request {id} is {status}; an administrator must approve it"
                ),
                (Some(id), None) => format!("revocation of {what} requested: request {id}"),
                _ => format!(
                    "revocation of {what} sent; CertCentral answered without a request (as it does when approval is skipped)"
                ),
            }
        })
    })
}

/// Sends an action once: refused while an earlier one of the same kind on the same target may
/// have reached CertCentral (done, sent without an answer, or outcome unknown) for revocations,
/// or may still be in flight for reissues; recorded before, finished after.
async fn once<F, Fut>(
    inventory: &Inventory,
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
    let earlier = inventory
        .actions(&key, kind, target)
        .map_err(|e| stored_failure(&e))?;
    let blocking = earlier.iter().find(|a| match kind {
        ActionKind::Revoke => a.state.may_have_happened(),
        _ => matches!(a.state, ActionState::Sending | ActionState::OutcomeUnknown),
    });
    if let Some(a) = blocking {
        eprintln!(
            "certwiz: not sent: a {} of {target} was sent from here before ({}); look at the order (certwiz status) before sending another",
            kind.as_str(),
            a.state.as_str()
        );
        return Err(exit::DECLINED);
    }
    let id = inventory
        .begin(
            &key,
            kind,
            target,
            &format!("{} of {what} being sent", kind.as_str()),
        )
        .map_err(|e| {
            eprintln!(
                "certwiz: cannot record the {} before sending it; nothing was sent",
                kind.as_str()
            );
            stored_failure(&e)
        })?;
    let result = send().await;
    let (state, result_id, detail) = match &result {
        Ok(answer) => (ActionState::Done, answer.request_id(), "sent".to_owned()),
        Err(e) if e.kind() == ErrorKind::OutcomeUnknown => {
            (ActionState::OutcomeUnknown, None, e.to_string())
        }
        Err(e) => (ActionState::Refused, None, e.to_string()),
    };
    if let Err(e) = inventory.finish(id, state, result_id, &detail) {
        eprintln!("certwiz: warning: the inventory could not record the outcome: {e}");
    }
    result.map_err(|e| {
        let code = remote::fail(&e);
        if e.kind() == ErrorKind::OutcomeUnknown {
            eprintln!(
                "certwiz: it may have been done; do not send it again before looking at the order"
            );
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
                println!("{:#}", serde_json::to_value(&answer).unwrap_or(Value::Null));
            } else {
                println!("{}", words(&answer));
            }
            exit::OK
        }
        Err(code) => code,
    }
}

fn ask_yes(question: &str) -> bool {
    eprint!("{question}");
    let _ = io::stderr().flush();
    let mut answer = String::new();
    io::stdin().lock().read_line(&mut answer).is_ok()
        && matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes")
}
