//! The fault matrix, once, in the layer that decides what a fault means: each fault of the
//! embedded sandbox on the order POST, sent through the ordering core's one send
//! (`certwiz::ordering::send`, which the wizard, plain mode, `submit` and every batch row call),
//! and on the calls that follow an order (Order info, Request info) through the client every
//! front end reads with. Each row says what became of the send, the words the front ends relay,
//! the journal's state, how many orders the sandbox stored, and what a second send of the same
//! order does at once (a refusal may go again; a placed order or an unknown outcome is stopped
//! until the person names it).
//!
//! The front ends test only their own part, one drill per outcome: the wizard's words, keys and
//! exit in src/tui/sending/tests.rs, the CLI's messages and exit codes in
//! tests/cli/fault_drills.rs, and two drills of the real wizard in tests/pty/fault_drills_tui.rs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use crate::common::*;
use certwiz::api::{ApiError, Client};
use certwiz::order::{EndpointKind, Product};
use certwiz::ordering::{self, Sent};
use certwiz::paths::Paths;
use certwiz::sandbox::SandboxHandle;
use certwiz::store::{Allow, AttemptState, NewAttempt, Store};

/// What became of one send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Became {
    Placed,
    /// DigiCert refused it: not placed, and the same order may be sent again.
    Refused,
    /// It may have been placed: the next send of the same order is stopped.
    Unknown,
    /// Not sent: an earlier attempt of the same order was found and not named.
    Stopped,
}

fn became<E>(sent: &Sent<E>) -> Became {
    match sent {
        Sent::Placed { .. } => Became::Placed,
        Sent::Refused { .. } => Became::Refused,
        Sent::Unknown { .. } => Became::Unknown,
        Sent::Earlier(_) => Became::Stopped,
        Sent::NotRecorded(_) => panic!("the journal could not record the attempt"),
    }
}

/// What a front end says of the send: the error's words (the CLI prints them, the wizard shows
/// them), or the reason an outcome is unknown.
fn words(sent: &Sent<ApiError>) -> String {
    match sent {
        Sent::Placed { answer, .. } => format!("order {} placed", answer.id),
        Sent::Refused { error, .. } => error.to_string(),
        Sent::Unknown { why, error, .. } => match error {
            Some(error) => format!("{why} {error}"),
            None => why.clone(),
        },
        Sent::Earlier(found) => format!("{} earlier attempt(s)", found.len()),
        Sent::NotRecorded(e) => e.to_string(),
    }
}

struct Rig {
    _dir: tempfile::TempDir,
    sandbox: SandboxHandle,
    client: Client,
    store: Store,
}

async fn rig(spec: &str) -> Rig {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = sandbox(&dir.path().join("sandbox"), Duration::from_millis(100)).await;
    sandbox.faults().apply_spec(spec).unwrap();
    let client = client(&sandbox);
    let store = Store::open(&Paths::under(dir.path()));
    Rig {
        _dir: dir,
        sandbox,
        client,
        store,
    }
}

/// One send of the documented order through the ordering core, as every front end sends it.
async fn send(rig: &Rig) -> Sent<ApiError> {
    let draft = certwiz::form::new_draft(Product::default());
    let attempt = NewAttempt::for_draft(&draft, EndpointKind::Sandbox, "http://127.0.0.1:1/");
    let request = documented_request();
    ordering::send(&rig.store, attempt, Allow::none(), || {
        rig.client.place_order(Product::default(), &request)
    })
    .await
}

fn journal(store: &Store) -> Vec<AttemptState> {
    store
        .journal
        .list()
        .unwrap()
        .iter()
        .map(|e| e.state)
        .collect()
}

/// One row of the POST matrix.
struct Post {
    fault: &'static str,
    became: Became,
    says: &'static str,
    state: AttemptState,
    stored: usize,
    /// What a second send of the same order does at once, with no fault.
    again: Became,
}

const POST: &[Post] = &[
    // A 5xx may come after DigiCert stored the order: not known to be unplaced.
    Post {
        fault: "500",
        became: Became::Unknown,
        says: "The order may or may not have been placed (HTTP 500)",
        state: AttemptState::OutcomeUnknown,
        stored: 0,
        again: Became::Stopped,
    },
    Post {
        fault: "429",
        became: Became::Refused,
        says: "CertCentral's rate limit was reached while placing the order (HTTP 429)",
        state: AttemptState::Failed,
        stored: 0,
        again: Became::Placed,
    },
    // The answer is lost after the sandbox stored the order: exactly the case to look up.
    Post {
        fault: "drop",
        became: Became::Unknown,
        says: "The order may or may not have been placed",
        state: AttemptState::OutcomeUnknown,
        stored: 1,
        again: Became::Stopped,
    },
    Post {
        fault: "malformed",
        became: Became::Unknown,
        says: "it answered, but not with the expected JSON",
        state: AttemptState::OutcomeUnknown,
        stored: 1,
        again: Became::Stopped,
    },
    Post {
        fault: "401",
        became: Became::Refused,
        says: "The API key is not valid: CertCentral refused it while placing the order (HTTP 401)",
        state: AttemptState::Failed,
        stored: 0,
        again: Became::Placed,
    },
    Post {
        fault: "403",
        became: Became::Refused,
        says: "The API key is valid but lacks the permission for placing the order (HTTP 403)",
        state: AttemptState::Failed,
        stored: 0,
        again: Became::Placed,
    },
    // A slow answer within the client's timeout is an answer.
    Post {
        fault: "latency:500",
        became: Became::Placed,
        says: "order 112233 placed",
        state: AttemptState::Placed,
        stored: 1,
        again: Became::Stopped,
    },
];

#[tokio::test]
async fn every_post_fault_through_the_one_send() {
    for row in POST {
        let rig = rig(&format!("place_order={}", row.fault)).await;
        let sent = send(&rig).await;
        let fault = row.fault;
        assert_eq!(became(&sent), row.became, "{fault}: {sent:?}");
        let said = words(&sent);
        assert!(said.contains(row.says), "{fault}: {said}");
        assert_eq!(journal(&rig.store), [row.state], "{fault}");
        assert_eq!(rig.sandbox.orders_placed(), row.stored, "{fault}");

        // The person sends again at once, as people do.
        let again = send(&rig).await;
        assert_eq!(became(&again), row.again, "{fault}, again: {again:?}");
        let stored = row.stored + usize::from(row.again == Became::Placed);
        assert_eq!(rig.sandbox.orders_placed(), stored, "{fault}: sent twice");
        assert!(stored <= 1, "{fault}: two orders");
    }
}

/// One row of the matrix of the calls that follow a placed order: `None` when the client
/// retries the fault unseen and reads the order, else the words of its error.
struct Follow {
    fault: &'static str,
    says: Option<&'static str>,
}

const FOLLOW: &[Follow] = &[
    Follow {
        fault: "500",
        says: None,
    },
    Follow {
        fault: "429",
        says: None,
    },
    Follow {
        fault: "drop",
        says: None,
    },
    Follow {
        fault: "latency:500",
        says: None,
    },
    Follow {
        fault: "malformed",
        says: Some("not with the expected JSON"),
    },
    Follow {
        fault: "401",
        says: Some("The API key is not valid"),
    },
    Follow {
        fault: "403",
        says: Some("lacks the permission for reading"),
    },
];

#[tokio::test]
async fn every_fault_on_the_calls_that_follow_an_order() {
    for row in FOLLOW {
        for route in ["order_info", "request_info"] {
            let rig = rig("").await;
            let Sent::Placed { answer, .. } = send(&rig).await else {
                panic!("not placed");
            };
            let request = answer.first_request().and_then(|r| r.id).unwrap();
            rig.sandbox
                .faults()
                .apply_spec(&format!("{route}={}", row.fault))
                .unwrap();
            let read = match route {
                "order_info" => rig.client.order_info(answer.id).await.map(|_| ()),
                _ => rig.client.request_info(request).await.map(|_| ()),
            };
            let what = format!("{route}={}", row.fault);
            match (row.says, read) {
                (None, Ok(())) => {}
                (Some(says), Err(e)) => assert!(e.to_string().contains(says), "{what}: {e}"),
                (says, read) => panic!("{what}: expected {says:?}, read {read:?}"),
            }
            assert_eq!(journal(&rig.store), [AttemptState::Placed], "{what}");
            assert_eq!(rig.sandbox.orders_placed(), 1, "{what}");
        }
    }
}
