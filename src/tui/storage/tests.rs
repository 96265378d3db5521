//! The runtime's journal-first submit, fed a fake API: the "sending" entry is on disk before the
//! POST, nothing is sent when it cannot be written, and each outcome is journaled as the CLI
//! journals it.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::mpsc;

use crate::order::EndpointKind;
use crate::order::{OrderRequest, Product, RequestStatus};
use crate::paths::Paths;
use crate::store::{AttemptState, NewAttempt, Store};
use crate::tui::app::Model;
use crate::tui::msg::Msg;
use crate::tui::sending::{Send, outcome};
use crate::tui::services::{Failure, Placed, ServiceError, Services, refused_calls};
use crate::tui::storage::Storage;

/// Answers the order POST with `answer`, after checking what the journal holds at that moment.
struct FakeApi {
    store: Store,
    answer: Result<Placed, ServiceError>,
    posts: AtomicUsize,
}

impl Services for FakeApi {
    async fn place_order(&self, _: Product, _: OrderRequest) -> Result<Placed, ServiceError> {
        self.posts.fetch_add(1, Ordering::SeqCst);
        let entries = self.store.journal.list().unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(
            entries[0].state,
            AttemptState::Sending,
            "journaled before the POST"
        );
        self.answer.clone()
    }
    refused_calls!(all but place_order);
}

fn attempt() -> NewAttempt {
    let mut draft = Model::new_draft(Product::default());
    draft.set("subject.name", "Rene Pierce");
    NewAttempt::for_draft(&draft, EndpointKind::Sandbox, "http://127.0.0.1:1/")
}

fn body() -> OrderRequest {
    serde_json::from_str(crate::tui::fixtures::DOCUMENTED).unwrap()
}

async fn send(
    root: &std::path::Path,
    answer: Result<Placed, ServiceError>,
) -> (Store, Arc<FakeApi>, Result<Placed, ServiceError>) {
    let store = Store::open(&Paths::under(root));
    let api = Arc::new(FakeApi {
        store: store.clone(),
        answer,
        posts: AtomicUsize::new(0),
    });
    let storage = Storage::new(store.clone(), EndpointKind::Sandbox);
    let (tx, _rx) = mpsc::unbounded_channel::<Msg>();
    let result = outcome(
        &storage,
        &*api,
        Send {
            product: Product::default(),
            body: body(),
            attempt: attempt(),
            named: Vec::new(),
            stop: Default::default(),
        },
        &tx,
    )
    .await
    .0;
    (store, api, result)
}

#[tokio::test]
async fn placed_orders_are_journaled_before_and_after_the_post() {
    let dir = tempfile::tempdir().unwrap();
    let placed = Placed {
        order_id: 112233,
        request_id: Some(113),
        request_status: Some(RequestStatus::Pending),
        certificate_id: None,
    };
    let (store, api, result) = send(dir.path(), Ok(placed.clone())).await;
    assert_eq!(result, Ok(placed));
    assert_eq!(api.posts.load(Ordering::SeqCst), 1);
    let entry = &store.journal.list().unwrap()[0];
    assert_eq!(entry.state, AttemptState::Placed);
    assert_eq!(entry.order_id, Some(112233));
    assert_eq!(entry.request_ids, vec![113]);
    assert_eq!(entry.fingerprint, attempt().fingerprint);
}

#[tokio::test]
async fn unknown_outcomes_and_refusals_are_journaled_as_the_cli_does() {
    let dir = tempfile::tempdir().unwrap();
    let lost = ServiceError::new(Failure::OutcomeUnknown, "the connection dropped.");
    let (store, _, result) = send(dir.path(), Err(lost)).await;
    let entry = &store.journal.list().unwrap()[0];
    assert_eq!(entry.state, AttemptState::OutcomeUnknown);
    let message = result.unwrap_err().message;
    assert!(
        message.contains(&format!("certwiz orders settle {}", entry.attempt_id)),
        "{message}"
    );

    let dir = tempfile::tempdir().unwrap();
    let refused = ServiceError::new(Failure::BadInput, "bad city");
    let (store, _, _) = send(dir.path(), Err(refused)).await;
    assert_eq!(store.journal.list().unwrap()[0].state, AttemptState::Failed);
}

#[tokio::test]
async fn nothing_is_sent_when_the_journal_cannot_be_written() {
    let dir = tempfile::tempdir().unwrap();
    // A file where the data folder should be: no journal can be written under it.
    let root = dir.path().join("not-a-folder");
    std::fs::write(&root, "").unwrap();
    let placed = Placed {
        order_id: 1,
        request_id: None,
        request_status: None,
        certificate_id: None,
    };
    let (_, api, result) = send(&root, Ok(placed)).await;
    assert_eq!(api.posts.load(Ordering::SeqCst), 0, "never sent");
    let error = result.unwrap_err();
    assert_eq!(error.failure, Failure::Other);
    assert!(
        error.message.contains("nothing was sent"),
        "{}",
        error.message
    );
}

/// The wizard racing the CLI: the question was answered on a journal without earlier attempts,
/// but a `certwiz submit` of the same order recorded one meanwhile. The "yes" does not send: it
/// comes back as a refusal and the earlier attempt, so the wizard asks again naming it; named,
/// the next yes sends.
#[tokio::test]
async fn a_yes_on_a_stale_question_is_asked_again_naming_the_attempt_made_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&Paths::under(dir.path()));
    let meanwhile = store.journal.create_sending(attempt()).unwrap();
    let placed = Placed {
        order_id: 7,
        request_id: None,
        request_status: None,
        certificate_id: None,
    };
    let api = FakeApi {
        store: store.clone(),
        answer: Ok(placed),
        posts: AtomicUsize::new(0),
    };
    let storage = Storage::new(store.clone(), EndpointKind::Sandbox);
    let (tx, _rx) = mpsc::unbounded_channel::<Msg>();
    let send = |named: Vec<String>| Send {
        product: Product::default(),
        body: body(),
        attempt: attempt(),
        named,
        stop: Default::default(),
    };
    let (result, earlier) = outcome(&storage, &api, send(Vec::new()), &tx).await;
    assert_eq!(api.posts.load(Ordering::SeqCst), 0, "not sent");
    let error = result.unwrap_err();
    assert!(
        error.message.contains(&meanwhile.attempt_id),
        "{}",
        error.message
    );
    let earlier = earlier.unwrap();
    assert_eq!(earlier[0].attempt_id, meanwhile.attempt_id);

    // The model asks again, naming it; its yes sends past that attempt only.
    let mut m = crate::tui::fixtures::documented((120, 40));
    m.submit.set_for_test(crate::tui::app::SubmitState::Failed {
        message: error.message,
    });
    crate::tui::fixtures::answer_earlier(&mut m, Ok(earlier));
    let screen = crate::tui::fixtures::render(&m);
    assert!(screen.contains(&meanwhile.attempt_id), "{screen}");
    let effects = crate::tui::fixtures::press(&mut m, crossterm::event::KeyCode::Char('y'));
    let Some(crate::tui::msg::Effect::PlaceOrder { named, .. }) = effects.into_iter().next() else {
        panic!("y did not send:\n{}", crate::tui::fixtures::render(&m));
    };
    assert_eq!(named, vec![meanwhile.attempt_id]);
}
