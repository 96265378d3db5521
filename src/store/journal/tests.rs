use std::os::unix::fs::PermissionsExt;

use super::*;
use crate::order::{EndpointKind, OrderStatus, Product, RequestStatus};
use crate::paths::Paths;
use crate::store::Store;

fn attempt(store: &Store) -> NewAttempt {
    let _ = store;
    let draft = crate::tui::app::Model::new_draft(Product::default());
    NewAttempt::for_draft(&draft, EndpointKind::Sandbox, "http://127.0.0.1:1/")
}

fn placed(id: i64) -> OrderResponse {
    serde_json::from_value(serde_json::json!({
        "id": id, "requests": [{"id": 113, "status": "pending"}]
    }))
    .unwrap()
}

fn change(request_status: RequestStatus) -> StatusChange {
    StatusChange {
        at: OffsetDateTime::now_utc(),
        order_status: Some(OrderStatus::Pending),
        request_id: Some(113),
        request_status: Some(request_status),
        certificate_id: None,
    }
}

#[test]
fn check_and_record_stops_at_an_earlier_attempt_until_it_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&Paths::under(dir.path()));
    let j = &store.journal;
    let Recorded::Sending(first) = j.check_and_record(attempt(&store), &Allow::none()).unwrap()
    else {
        panic!("the first attempt is recorded");
    };
    // Still sending (this process runs): the same order again is stopped, naming it.
    let Recorded::Earlier(found) = j.check_and_record(attempt(&store), &Allow::none()).unwrap()
    else {
        panic!("a second attempt is stopped");
    };
    assert_eq!(found, vec![(*first).clone()]);
    // Named, it goes; a third names only the first, so the second stops it.
    let named = Allow::Named(vec![first.attempt_id.clone()]);
    let Recorded::Sending(second) = j.check_and_record(attempt(&store), &named).unwrap() else {
        panic!("named, it is recorded");
    };
    let Recorded::Earlier(found) = j.check_and_record(attempt(&store), &named).unwrap() else {
        panic!("the second is not named");
    };
    assert_eq!(found, vec![(*second).clone()]);
    // A refused attempt does not stop anything.
    j.mark_failed(&first.attempt_id, "400").unwrap();
    j.mark_failed(&second.attempt_id, "400").unwrap();
    assert!(matches!(
        j.check_and_record(attempt(&store), &Allow::none()).unwrap(),
        Recorded::Sending(_)
    ));
    // The database is the owner's alone, in WAL mode.
    let mode = std::fs::metadata(j.path()).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let conn = rusqlite::Connection::open(j.path()).unwrap();
    let wal: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(wal, "wal");
}

#[test]
fn statuses_are_recorded_once_each_on_the_newest_placed_attempt() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&Paths::under(dir.path()));
    let j = &store.journal;
    for id in [1, 2, 1] {
        let e = j.create_sending(attempt(&store)).unwrap();
        j.mark_placed(&e.attempt_id, &placed(id)).unwrap();
    }
    let sandbox = EndpointKind::Sandbox;
    let answers = j
        .record_statuses(vec![
            (sandbox, 1, change(RequestStatus::Approved)),
            (sandbox, 1, change(RequestStatus::Approved)),
            (EndpointKind::Live, 1, change(RequestStatus::Approved)),
            (sandbox, 999, change(RequestStatus::Approved)),
        ])
        .unwrap();
    assert!(answers[0].is_some() && answers[1].is_some());
    assert!(answers[2].is_none() && answers[3].is_none());
    let listed = j.list().unwrap();
    // Newest first: the newer attempt of order 1 took the status, once.
    assert_eq!(listed[0].order_id, Some(1));
    assert_eq!(listed[0].history.len(), 2, "{:?}", listed[0].history);
    assert_eq!(listed[2].history.len(), 1);
    // An approved request is final: that order is no longer followed.
    assert_eq!(j.entries_to_resume().unwrap().len(), 2);
    j.record_status(2, change(RequestStatus::Rejected)).unwrap();
    assert_eq!(j.entries_to_resume().unwrap().len(), 1);
    assert!(matches!(
        j.record_status(5, change(RequestStatus::Pending)),
        Err(StoreError::NoSuchOrder(5))
    ));
}

#[test]
fn a_sending_attempt_whose_process_is_gone_is_an_unknown_outcome_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&Paths::under(dir.path()));
    let j = &store.journal;
    let e = j.create_sending(attempt(&store)).unwrap();
    assert!(j.mark_interrupted(INTERRUPTED_AFTER).unwrap().is_empty());
    // Another process (gone now) owned it.
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    let conn = rusqlite::Connection::open(j.path()).unwrap();
    conn.execute(
        "UPDATE attempts SET owner_pid = ?1, owner_start = 1 WHERE attempt_id = ?2",
        rusqlite::params![i64::from(pid), e.attempt_id],
    )
    .unwrap();
    drop(conn);
    let cut = j.mark_interrupted(INTERRUPTED_AFTER).unwrap();
    assert_eq!(cut.len(), 1);
    assert_eq!(
        j.get(&e.attempt_id).unwrap().unwrap().state,
        AttemptState::OutcomeUnknown
    );
}

#[test]
fn an_unreadable_journal_is_kept_aside_and_holds_every_send_until_released() {
    for damage in ["zeros", "truncated", "newer", "garbage"] {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&Paths::under(dir.path()));
        let j = &store.journal;
        for _ in 0..40 {
            let e = j.create_sending(attempt(&store)).unwrap();
            j.mark_placed(&e.attempt_id, &placed(7)).unwrap();
        }
        let len = std::fs::metadata(j.path()).unwrap().len() as usize;
        // Fold the WAL into the file first, so the damage is to the database itself.
        let conn = rusqlite::Connection::open(j.path()).unwrap();
        conn.pragma_update(None, "wal_checkpoint", "TRUNCATE")
            .unwrap();
        if damage == "newer" {
            conn.pragma_update(None, "user_version", 99).unwrap();
        }
        drop(conn);
        let len = std::fs::metadata(j.path()).unwrap().len().max(len as u64) as usize;
        match damage {
            "zeros" => std::fs::write(j.path(), vec![0u8; len]).unwrap(),
            "truncated" => {
                let bytes = std::fs::read(j.path()).unwrap();
                std::fs::write(j.path(), &bytes[..bytes.len() / 2]).unwrap();
            }
            "garbage" => std::fs::write(j.path(), "not a journal at all").unwrap(),
            _ => {}
        }
        let err = j
            .check_and_record(attempt(&store), &Allow::Any)
            .unwrap_err();
        let StoreError::JournalHeld { kept, .. } = &err else {
            panic!("{damage}: {err}");
        };
        assert!(kept.exists(), "{damage}: kept aside");
        assert!(err.to_string().contains("certwiz orders release"), "{err}");
        // Still held: nothing starts a new journal behind the person's back.
        assert!(matches!(
            j.check_and_record(attempt(&store), &Allow::Any),
            Err(StoreError::JournalHeld { .. })
        ));
        assert!(matches!(j.list(), Err(StoreError::JournalHeld { .. })));
        assert!(j.release().unwrap().is_some());
        assert!(j.list().unwrap().is_empty(), "{damage}: a new journal");
    }
}

#[test]
fn each_connection_keeps_a_small_page_cache() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&Paths::under(dir.path()));
    let j = &store.journal;
    j.create_sending(attempt(&store)).unwrap();
    let conn = db::open(j.path()).unwrap();
    let cache: i64 = conn
        .pragma_query_value(None, "cache_size", |r| r.get(0))
        .unwrap();
    // Negative: KiB, not pages (16 pages of 4 KiB). SQLite's default is -2000.
    assert_eq!(cache, -db::CACHE_KIB);
    assert_eq!(cache, -64);
}
