//! The wizard's part of the fault drills, headless: its model and its runtime's send against the
//! embedded sandbox, one drill per outcome (unknown, refused, a slow answer placed) and two on
//! the polls that follow an order. Each checks what the wizard says, that it still answers keys,
//! how it would exit, the journal's state, and that the sandbox stored one order or none. What
//! each fault means (the matrix of every fault) is tested once, at the ordering core, in
//! tests/lib/faults.rs; tests/pty/fault_drills_tui.rs keeps two drills on the real binary.

use std::time::Duration;

use crossterm::event::KeyCode;
use tokio::sync::mpsc;

use crate::api::{Client, Endpoint, PollPolicy, Tracker};
use crate::order::EndpointKind;
use crate::paths::Paths;
use crate::sandbox::{self, SandboxConfig, SandboxHandle};
use crate::store::{AttemptState, Store};
use crate::tui::api_services::ApiServices;
use crate::tui::app::{Model, Overlay, Screen, SubmitState};
use crate::tui::fixtures::{documented, press, render, t0};
use crate::tui::msg::{Effect, Msg};
use crate::tui::sending::{Send, outcome};
use crate::tui::services::Services;
use crate::tui::storage::Storage;
use crate::tui::update::{go_to, update};

const NOT_PLACED: &str = "Not placed:";
const UNKNOWN: &str = "OUTCOME UNKNOWN";

struct Rig {
    _dir: tempfile::TempDir,
    sandbox: SandboxHandle,
    services: ApiServices,
    storage: Storage,
    store: Store,
}

async fn rig(faults: &str) -> Rig {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = sandbox::start(SandboxConfig {
        state_dir: dir.path().join("sandbox"),
        port: 0,
        step: Duration::from_millis(200),
    })
    .await
    .unwrap();
    sandbox.faults().apply_spec(faults).unwrap();
    let client = Client::new(Endpoint::sandbox(sandbox.base_url())).unwrap();
    let policy = PollPolicy {
        first: Duration::from_millis(100),
        max: Duration::from_millis(300),
        growth: 1.5,
    };
    let services = ApiServices::with_tracker(client.clone(), Tracker::with_policy(client, policy));
    let store = Store::open(&Paths::under(dir.path()));
    let storage = Storage::new(store.clone(), EndpointKind::Sandbox);
    Rig {
        _dir: dir,
        sandbox,
        services,
        storage,
        store,
    }
}

/// The documented order, checked against the sandbox's own account and product, as the wizard
/// on the sandbox has them.
async fn sandbox_form(rig: &Rig) -> Model {
    let mut m = documented((120, 40));
    m.draft_mut().set_custom_field(1, "");
    update(&mut m, Msg::Account(rig.services.account().await));
    let product = m.draft().product;
    let details = rig.services.product_details(product).await;
    update(&mut m, Msg::ProductDetails(product, details));
    m
}

/// The documented order on Submit, Enter and `y`: the send the runtime is asked for.
async fn yes(rig: &Rig) -> (Model, Send) {
    let mut m = sandbox_form(rig).await;
    go_to(&mut m, Screen::Submit);
    press(&mut m, KeyCode::Enter);
    let effects = press(&mut m, KeyCode::Char('y'));
    let Some(Effect::PlaceOrder {
        product,
        body,
        attempt,
        ..
    }) = effects.into_iter().next()
    else {
        panic!("y did not send: {}", render(&m));
    };
    let send = Send {
        product,
        body: *body,
        attempt: *attempt,
        named: Vec::new(),
        stop: Default::default(),
    };
    (m, send)
}

/// The documented order, sent as the wizard sends it: Enter on Submit, `y`, then the runtime's
/// journal-first POST, whose answer comes back to the model.
async fn send(rig: &Rig) -> Model {
    let (mut m, send) = yes(rig).await;
    let (tx, _rx) = mpsc::unbounded_channel();
    let result = outcome(&rig.storage, &rig.services, send, &tx).await.0;
    update(&mut m, Msg::Placed { at: t0(), result });
    m
}

fn journal_state(store: &Store) -> AttemptState {
    let entries = store.journal.list().unwrap();
    assert_eq!(entries.len(), 1);
    entries[0].state
}

/// The help opens over the screen and closes again, and `still` is shown under it.
fn answers_keys(m: &mut Model, still: &str) {
    press(m, KeyCode::Char('?'));
    assert!(matches!(m.overlay(), Some(Overlay::Help)));
    press(m, KeyCode::Esc);
    assert!(m.overlay().is_none());
    assert!(render(m).contains(still), "{still}:\n{}", render(m));
}

/// How the wizard would exit after this: 4 while the outcome is unknown.
fn exit_code(m: &Model) -> u8 {
    match m.submit.state() {
        SubmitState::InFlight { .. } | SubmitState::Unknown { .. } => 4,
        _ => 0,
    }
}

/// A POST fault: the message, keys answered after it, the exit code (4 when the outcome is
/// unknown), the journal and the stored orders.
async fn post_drill(fault: &str, message: &str, code: u8, orders: usize) {
    let rig = rig(&format!("place_order={fault}")).await;
    let mut m = send(&rig).await;
    let screen = render(&m);
    let headline = if code == 4 { UNKNOWN } else { NOT_PLACED };
    assert!(screen.contains(headline), "{fault}:\n{screen}");
    assert!(screen.contains(message), "{fault}: {message}\n{screen}");
    answers_keys(&mut m, message);
    // Enter on an unknown outcome asks before sending again; No keeps it unsent.
    if code == 4 {
        press(&mut m, KeyCode::Enter);
        assert!(
            render(&m).contains("Send this order AGAIN?"),
            "{}",
            render(&m)
        );
        press(&mut m, KeyCode::Char('n'));
        assert!(m.overlay().is_none());
    }
    assert_eq!(exit_code(&m), code, "{fault}:\n{}", render(&m));
    assert_eq!(rig.sandbox.orders_placed(), orders, "{fault}");
    let state = if code == 4 {
        AttemptState::OutcomeUnknown
    } else {
        AttemptState::Failed
    };
    assert_eq!(journal_state(&rig.store), state, "{fault}");
}

/// A tracking fault on the order_info polls after placing: what Orders shows, keys answered, and
/// how tracking ends.
async fn tracking_drill(fault: &str, shown: &[&str]) {
    let rig = rig(&format!("order_info={fault}")).await;
    let mut m = send(&rig).await;
    assert!(render(&m).contains("Order 112233 placed"), "{}", render(&m));
    let (tx, mut rx) = mpsc::unbounded_channel();
    let order = m.orders.followed()[0].clone();
    rig.services.track(order.order_id, order.request_id, tx);
    go_to(&mut m, Screen::Orders);
    let all_shown = |m: &Model| shown.iter().all(|s| render(m).contains(s));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while !all_shown(&m) {
        match tokio::time::timeout_at(deadline, rx.recv()).await {
            Ok(Some(event)) => {
                update(&mut m, Msg::Track(event));
            }
            _ => break,
        }
    }
    assert!(all_shown(&m), "{fault}: {shown:?}\n{}", render(&m));
    answers_keys(&mut m, shown[0]);
    assert_eq!(exit_code(&m), 0, "{fault}");
    assert_eq!(rig.sandbox.orders_placed(), 1, "{fault}");
    assert_eq!(journal_state(&rig.store), AttemptState::Placed, "{fault}");
}

#[tokio::test]
async fn an_unknown_outcome_is_said_and_not_sent_again_without_asking() {
    // A 5xx may come after DigiCert stored the order: not known to be unplaced.
    post_drill("500", "HTTP 500", 4, 0).await;
}

#[tokio::test]
async fn a_refusal_is_said_and_the_form_can_be_sent_again() {
    post_drill("401", "The API key is not valid", 0, 0).await;
}

#[tokio::test]
async fn following_goes_on_past_a_passing_fault_and_stops_on_a_refused_key() {
    tracking_drill("500", &["✓ approved"]).await;
    tracking_drill("401", &["The API key is not valid", "following stopped"]).await;
}

/// Latency on the POST: nothing is stored and the journal says "sending" until the answer.
#[tokio::test]
async fn slow_answer() {
    let rig = rig("place_order=latency:1500").await;
    let (mut m, send) = yes(&rig).await;
    assert!(render(&m).contains("Sending"), "{}", render(&m));
    answers_keys(&mut m, "Sending");
    let (tx, _rx) = mpsc::unbounded_channel();
    let storage = rig.storage.clone();
    let services = rig.services;
    let posting = tokio::spawn(async move { outcome(&storage, &services, send, &tx).await.0 });
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(rig.sandbox.orders_placed(), 0);
    assert_eq!(journal_state(&rig.store), AttemptState::Sending);
    let result = posting.await.unwrap();
    update(&mut m, Msg::Placed { at: t0(), result });
    assert!(render(&m).contains("Order 112233 placed"), "{}", render(&m));
    assert_eq!(exit_code(&m), 0);
    assert_eq!(rig.sandbox.orders_placed(), 1);
    assert_eq!(journal_state(&rig.store), AttemptState::Placed);
}
