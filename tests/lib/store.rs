//! The store through its public API: round trips, bad files, concurrency, crashes, permissions,
//! hostile names, the journal's life cycle, and that no API key reaches a file.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use certwiz::order::draft::read_input;
use certwiz::order::{Draft, EndpointKind, OrderResponse, OrderStatus, Product, RequestStatus};
use certwiz::paths::Paths;
use certwiz::store::{
    AttemptState, Fingerprint, NewAttempt, Profile, ProfileKind, SetAsideReason, StatusChange,
    Store, StoreError, atomic,
};
use secrecy::{ExposeSecret, SecretString};
use time::OffsetDateTime;

const REQUEST: &str = include_str!("../fixtures/documented-order-request.json");
const PENDING: &str = include_str!("../fixtures/documented-order-response-pending.json");
const APPROVED: &str = include_str!("../fixtures/documented-order-response-approved.json");

fn store(root: &Path) -> (Store, Paths) {
    let paths = Paths::under(root);
    (Store::open(&paths), paths)
}

fn documented_draft() -> Draft {
    read_input(REQUEST, None).unwrap().0
}

fn profile(kind: ProfileKind, name: &str, value: &str) -> Profile {
    Profile {
        kind,
        name: name.to_owned(),
        saved_at: None,
        fields: BTreeMap::from([("name".to_owned(), value.to_owned())]),
    }
}

fn attempt(draft: &Draft) -> NewAttempt {
    NewAttempt::for_draft(
        draft,
        EndpointKind::Sandbox,
        "http://127.0.0.1:9/services/v2",
    )
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn each_kind_of_file_round_trips() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, paths) = store(tmp.path());
    let draft = documented_draft();

    let shipping = Profile::from_draft(ProfileKind::Shipping, "HQ", &draft);
    let saved = store.profiles.save(&shipping).unwrap();
    assert_eq!(
        store.profiles.get(ProfileKind::Shipping, "HQ").unwrap(),
        saved
    );
    let subject = Profile::from_draft(ProfileKind::Subject, "Signer", &draft);
    store.profiles.save(&subject).unwrap();
    let mut rebuilt = Draft::new(Product::default());
    for kind in ProfileKind::ALL {
        let name = if kind == ProfileKind::Shipping {
            "HQ"
        } else {
            "Signer"
        };
        store
            .profiles
            .get(kind, name)
            .unwrap()
            .apply_to(&mut rebuilt);
    }
    for path in ["ship_info.city", "ship_info.method", "subject.email"] {
        assert_eq!(rebuilt.get(path), draft.get(path), "{path}");
    }

    store.drafts.save_as("documented", &draft).unwrap();
    assert_eq!(store.drafts.open("documented").unwrap().draft, draft);
    store.drafts.autosave(&draft).unwrap();
    assert_eq!(store.drafts.resume().unwrap().unwrap().draft, draft);

    let entry = store.journal.create_sending(attempt(&draft)).unwrap();
    assert_eq!(store.journal.list().unwrap(), std::slice::from_ref(&entry));
    // A fresh Store reads the same journal from disk.
    let (again, _) = self::store(tmp.path());
    assert_eq!(again.journal.get(&entry.attempt_id).unwrap(), Some(entry));
    assert!(store.take_set_aside().is_empty());

    // Every file is readable JSON with its format version.
    for file in files_under(&paths.data_dir) {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        // The journal is an SQLite database (its tests are in src/store/journal).
        if name.ends_with(".lock") || name.starts_with("orders.db") {
            continue;
        }
        let value: serde_json::Value = serde_json::from_slice(&fs::read(&file).unwrap()).unwrap();
        let versioned = ["certwiz_profile", "certwiz_draft", "certwiz_journal"]
            .iter()
            .any(|k| value.get(k) == Some(&serde_json::json!(1)));
        assert!(versioned, "{name} has no format version");
    }
}

/// Replaces a file's content as a bug, a bad disk or a newer certwiz might.
fn spoil(path: &Path, text: &str) {
    fs::write(path, text).unwrap();
}

fn only_json_in(dir: &Path) -> PathBuf {
    let found: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    found[0].clone()
}

/// Checks that exactly `path` was set aside for `newer`, with its bytes kept.
fn assert_set_aside(store: &Store, path: &Path, text: &str, newer: bool) {
    let reports = store.take_set_aside();
    assert_eq!(reports.len(), 1, "{reports:?}");
    let report = &reports[0];
    assert_eq!(report.path, path);
    assert_eq!(fs::read_to_string(&report.moved_to).unwrap(), text);
    assert_eq!(report.moved_to.parent(), path.parent());
    let shown = report.to_string();
    assert!(shown.contains(&path.display().to_string()), "{shown}");
    assert!(
        shown.contains(&report.moved_to.display().to_string()),
        "{shown}"
    );
    assert_eq!(
        matches!(report.reason, SetAsideReason::Newer { found: 7, .. }),
        newer,
        "{shown}"
    );
}

#[test]
fn corrupt_and_newer_files_of_each_kind_are_set_aside_and_the_rest_works() {
    for (text, newer) in [
        ("{\"certwiz_x\": 1, oops", false),
        (
            r#"{"certwiz_profile": 7, "certwiz_draft": 7, "certwiz_journal": 7}"#,
            true,
        ),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let (store, paths) = store(tmp.path());
        let draft = documented_draft();

        // Profiles: a bad one next to a good one.
        let kind = ProfileKind::Subject;
        store.profiles.save(&profile(kind, "bad", "B")).unwrap();
        let bad = only_json_in(&paths.profiles_dir().join("subject"));
        store.profiles.save(&profile(kind, "good", "G")).unwrap();
        spoil(&bad, text);
        let names: Vec<_> = store.profiles.list(kind).unwrap();
        assert_eq!(names.len(), 1);
        assert_eq!(names[0].name, "good");
        assert_set_aside(&store, &bad, text, newer);
        assert!(!bad.exists());
        store.profiles.save(&profile(kind, "bad", "again")).unwrap();
        assert_eq!(
            store.profiles.get(kind, "bad").unwrap().fields["name"],
            "again"
        );

        // A named draft.
        store.drafts.save_as("bad draft", &draft).unwrap();
        let bad = only_json_in(&paths.drafts_dir().join("named"));
        spoil(&bad, text);
        assert!(matches!(
            store.drafts.open("bad draft"),
            Err(StoreError::NotFound { .. })
        ));
        assert_set_aside(&store, &bad, text, newer);
        assert!(!bad.exists());
        store.drafts.save_as("bad draft", &draft).unwrap();

        // The autosave: resume finds nothing; the next autosave does not overwrite it.
        let autosave = store.drafts.autosave_path().to_path_buf();
        spoil(&autosave, text);
        store.drafts.autosave(&draft).unwrap();
        assert_set_aside(&store, &autosave, text, newer);
        assert_eq!(store.drafts.resume().unwrap().unwrap().draft, draft);

        // The journal: it is kept aside, and every call (a send above all) is held, naming the
        // file kept, until the person releases it; then a new journal starts.
        let journal = paths.journal_file();
        store.journal.create_sending(attempt(&draft)).unwrap();
        for side in ["-wal", "-shm"] {
            let _ = fs::remove_file(format!("{}{side}", journal.display()));
        }
        spoil(&journal, text);
        let held = store.journal.list().unwrap_err();
        let certwiz::store::StoreError::JournalHeld { kept, .. } = &held else {
            panic!("{held}");
        };
        assert_eq!(fs::read_to_string(kept).unwrap(), text);
        assert!(
            held.to_string().contains(&kept.display().to_string()),
            "{held}"
        );
        assert!(store.journal.create_sending(attempt(&draft)).is_err());
        assert!(store.journal.release().unwrap().is_some());
        store.journal.create_sending(attempt(&draft)).unwrap();
        assert_eq!(store.journal.list().unwrap().len(), 1);
    }
}

#[test]
fn a_failure_between_write_and_rename_leaves_the_old_file() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, paths) = store(tmp.path());
    store
        .profiles
        .save(&profile(ProfileKind::Shipping, "HQ", "old"))
        .unwrap();
    let file = only_json_in(&paths.profiles_dir().join("shipping"));
    let mut replacement = store.profiles.get(ProfileKind::Shipping, "HQ").unwrap();
    replacement.fields.insert("name".into(), "new".into());
    let err = atomic::write_json_with(&file, &replacement.to_file(), |_| {
        Err(io::Error::other("simulated crash"))
    })
    .unwrap_err();
    assert!(err.to_string().contains("simulated crash"));
    let kept = store.profiles.get(ProfileKind::Shipping, "HQ").unwrap();
    assert_eq!(kept.fields["name"], "old");
    assert!(store.take_set_aside().is_empty());
}

/// The child of [`a_crash_between_write_and_rename_leaves_the_old_file`]: dies in the middle of
/// an atomic write, as a killed process would.
#[test]
#[ignore = "run as a child process by a_crash_between_write_and_rename_leaves_the_old_file"]
fn crash_while_writing() {
    let target = std::env::var_os("CERTWIZ_CRASH_FILE").expect("CERTWIZ_CRASH_FILE");
    let _ = atomic::write_with(Path::new(&target), b"{\"half\": \"new\"}", |_| {
        std::process::abort()
    });
    panic!("the write should not have returned");
}

#[test]
fn a_crash_between_write_and_rename_leaves_the_old_file() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, paths) = store(tmp.path());
    store.drafts.save_as("mine", &documented_draft()).unwrap();
    let file = only_json_in(&paths.drafts_dir().join("named"));
    let before = fs::read(&file).unwrap();
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "store::crash_while_writing",
            "--exact",
            "--ignored",
            "--quiet",
        ])
        .env("CERTWIZ_CRASH_FILE", &file)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.signal(), Some(6), "the child aborted: {status:?}");
    assert_eq!(fs::read(&file).unwrap(), before);
    // The crash left its temporary file, with the new bytes, which nothing reads.
    let leftovers: Vec<_> = fs::read_dir(file.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p != &file)
        .collect();
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    assert_eq!(fs::read(&leftovers[0]).unwrap(), b"{\"half\": \"new\"}");
    assert_eq!(store.drafts.list().unwrap().len(), 1);
    assert_eq!(store.drafts.open("mine").unwrap().draft, documented_draft());
    assert!(store.take_set_aside().is_empty());
}

#[test]
fn files_are_0600_and_folders_0700() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, paths) = store(tmp.path());
    let draft = documented_draft();
    store
        .profiles
        .save(&profile(ProfileKind::Shipping, "a", "A"))
        .unwrap();
    store
        .profiles
        .save(&profile(ProfileKind::Subject, "b", "B"))
        .unwrap();
    store.drafts.save_as("c", &draft).unwrap();
    store.drafts.autosave(&draft).unwrap();
    store.journal.create_sending(attempt(&draft)).unwrap();
    let mut dirs = vec![paths.data_dir.clone()];
    let mut checked = 0;
    while let Some(dir) = dirs.pop() {
        let mode = fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "{}", dir.display());
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
                assert_eq!(mode, 0o600, "{}", path.display());
                checked += 1;
            }
        }
    }
    // Four data files, the journal's database (its WAL files go when it is closed) and two lock
    // files.
    assert_eq!(checked, 7);
}

#[test]
fn hostile_names_stay_inside_their_folder_and_round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, paths) = store(tmp.path());
    let long = "ü/".repeat(100);
    let names = [
        "../../etc/passwd",
        "a/b",
        ".",
        "..",
        "/",
        "~",
        "-rf",
        ".hidden",
        "Rene / counselor",
        "Zoë 🚀 名前",
        "CON",
        "a%2Fb",
        long.as_str(),
    ];
    for name in names {
        store
            .profiles
            .save(&profile(ProfileKind::Shipping, name, name))
            .unwrap();
        store.drafts.save_as(name, &documented_draft()).unwrap();
    }
    for name in names {
        let p = store.profiles.get(ProfileKind::Shipping, name).unwrap();
        assert_eq!((p.name.as_str(), p.fields["name"].as_str()), (name, name));
        assert_eq!(store.drafts.open(name).unwrap().name.as_deref(), Some(name));
    }
    let mut listed: Vec<String> = store
        .profiles
        .list(ProfileKind::Shipping)
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    let mut want: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
    listed.sort();
    want.sort();
    assert_eq!(listed, want);
    assert_eq!(store.drafts.list().unwrap().len(), names.len());
    // Nothing was written outside the data folder, and each item is one file in its folder.
    let outside: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(outside.len(), 1, "only the data folder: {outside:?}");
    let shipping = paths.profiles_dir().join("shipping");
    let files: Vec<_> = files_under(&paths.data_dir)
        .into_iter()
        .filter(|f| !f.to_string_lossy().ends_with(".lock"))
        .collect();
    assert_eq!(files.len(), 2 * names.len());
    for f in &files {
        let dir = f.parent().unwrap();
        assert!(
            dir == shipping || dir == paths.drafts_dir().join("named"),
            "{}",
            f.display()
        );
    }
    for bad in ["", "  ", "tab\there", "line\nbreak", "nul\0"] {
        let err = store
            .profiles
            .save(&profile(ProfileKind::Shipping, bad, "x"))
            .unwrap_err();
        assert!(matches!(err, StoreError::Name(_)), "{bad:?}: {err}");
        assert!(store.drafts.save_as(bad, &documented_draft()).is_err());
    }
    for name in names {
        store.profiles.delete(ProfileKind::Shipping, name).unwrap();
    }
    assert!(
        store
            .profiles
            .list(ProfileKind::Shipping)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn threads_with_their_own_handles_lose_no_journal_entry_or_profile() {
    const THREADS: usize = 8;
    const EACH: usize = 12;
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().to_path_buf();
    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            let root = root.clone();
            std::thread::spawn(move || {
                // A Store per thread, as another process would have.
                let (store, _) = store(&root);
                let mut draft = documented_draft();
                let mut ids = Vec::new();
                for i in 0..EACH {
                    draft.set("comments", format!("{t}-{i}"));
                    let entry = store.journal.create_sending(attempt(&draft)).unwrap();
                    ids.push(entry.attempt_id.clone());
                    let name = format!("p{t}-{i}");
                    store
                        .profiles
                        .save(&profile(ProfileKind::Subject, &name, &name))
                        .unwrap();
                    store
                        .profiles
                        .save(&profile(ProfileKind::Subject, "shared", &name))
                        .unwrap();
                    if i % 3 == 0 {
                        store.journal.mark_failed(&entry.attempt_id, "400").unwrap();
                    }
                }
                ids
            })
        })
        .collect();
    let ids: Vec<String> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    let (store, _) = store(&root);
    let entries = store.journal.list().unwrap();
    assert_eq!(entries.len(), THREADS * EACH);
    for id in &ids {
        let entry = entries.iter().find(|e| &e.attempt_id == id).unwrap();
        assert!(matches!(
            entry.state,
            AttemptState::Failed | AttemptState::Sending
        ));
    }
    let failed = entries
        .iter()
        .filter(|e| e.state == AttemptState::Failed)
        .count();
    assert_eq!(failed, THREADS * EACH.div_ceil(3));
    let profiles = store.profiles.list(ProfileKind::Subject).unwrap();
    assert_eq!(profiles.len(), THREADS * EACH + 1);
    assert!(store.take_set_aside().is_empty());
}

/// The child of [`processes_appending_to_the_journal_lose_no_entry`]: one certwiz-like process
/// that records attempts and settles some of them.
#[test]
#[ignore = "run as a child process by processes_appending_to_the_journal_lose_no_entry"]
fn journal_writer() {
    let root = std::env::var_os("CERTWIZ_JOURNAL_ROOT").expect("CERTWIZ_JOURNAL_ROOT");
    let writer = std::env::var("CERTWIZ_WRITER").expect("CERTWIZ_WRITER");
    let (store, _) = store(Path::new(&root));
    let mut draft = documented_draft();
    for i in 0..JOURNAL_EACH {
        draft.set("comments", format!("{writer}-{i}"));
        let entry = store.journal.create_sending(attempt(&draft)).unwrap();
        if i % 2 == 0 {
            store
                .journal
                .mark_outcome_unknown(&entry.attempt_id, "timeout")
                .unwrap();
        }
    }
}

const JOURNAL_EACH: usize = 15;

#[test]
fn processes_appending_to_the_journal_lose_no_entry() {
    const PROCESSES: usize = 6;
    let tmp = tempfile::tempdir().unwrap();
    let children: Vec<_> = (0..PROCESSES)
        .map(|w| {
            std::process::Command::new(std::env::current_exe().unwrap())
                .args(["store::journal_writer", "--exact", "--ignored", "--quiet"])
                .env("CERTWIZ_JOURNAL_ROOT", tmp.path())
                .env("CERTWIZ_WRITER", w.to_string())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let (store, _) = store(tmp.path());
    let entries = store.journal.list().unwrap();
    assert_eq!(entries.len(), PROCESSES * JOURNAL_EACH);
    let fingerprints: std::collections::HashSet<_> =
        entries.iter().map(|e| e.fingerprint.clone()).collect();
    assert_eq!(
        fingerprints.len(),
        entries.len(),
        "each attempt's draft differs"
    );
    let timed_out = entries
        .iter()
        .filter(|e| {
            e.state == AttemptState::OutcomeUnknown && e.error.as_deref() == Some("timeout")
        })
        .count();
    assert_eq!(timed_out, PROCESSES * JOURNAL_EACH.div_ceil(2));
    // The writers have exited: every attempt they left "sending" was cut off, so it is an
    // unknown outcome now (some were marked so already by a later writer's send).
    store
        .journal
        .mark_interrupted(certwiz::store::journal::INTERRUPTED_AFTER)
        .unwrap();
    let entries = store.journal.list().unwrap();
    assert!(
        entries
            .iter()
            .all(|e| e.state == AttemptState::OutcomeUnknown),
        "{entries:#?}"
    );
    assert!(store.take_set_aside().is_empty());
}

fn response(text: &str) -> OrderResponse {
    serde_json::from_str(text).unwrap()
}

fn change(order: Option<&str>, request: Option<&str>, certificate: Option<i64>) -> StatusChange {
    StatusChange {
        at: OffsetDateTime::now_utc(),
        order_status: order.map(OrderStatus::from),
        request_id: Some(113),
        request_status: request.map(RequestStatus::from),
        certificate_id: certificate,
    }
}

#[test]
fn the_journal_follows_an_order_from_sending_to_final() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, _) = store(tmp.path());
    let draft = documented_draft();
    let fingerprint = Fingerprint::of_draft(&draft);
    let entry = store.journal.create_sending(attempt(&draft)).unwrap();
    assert_eq!(entry.state, AttemptState::Sending);
    assert_eq!(entry.fingerprint, fingerprint);
    assert_eq!(entry.endpoint, EndpointKind::Sandbox);
    assert!(store.journal.entries_to_resume().unwrap().is_empty());

    let placed = store
        .journal
        .mark_placed(&entry.attempt_id, &response(PENDING))
        .unwrap();
    assert_eq!(placed.state, AttemptState::Placed);
    assert_eq!(
        (placed.order_id, placed.request_ids.as_slice()),
        (Some(112233), &[113][..])
    );
    assert_eq!(
        placed.latest().unwrap().request_status,
        Some(RequestStatus::Pending)
    );
    assert_eq!(
        store.journal.entries_to_resume().unwrap(),
        std::slice::from_ref(&placed)
    );

    // Repeats are not added; changes are, with their times.
    store
        .journal
        .record_status(112233, change(None, Some("pending"), None))
        .unwrap();
    store
        .journal
        .record_status(112233, change(Some("pending"), Some("submitted"), None))
        .unwrap();
    let done = store
        .journal
        .record_status(112233, change(Some("issued"), Some("approved"), Some(113)))
        .unwrap();
    let seen: Vec<_> = done
        .history
        .iter()
        .map(|c| c.request_status.clone().unwrap().to_string())
        .collect();
    assert_eq!(seen, ["pending", "submitted", "approved"]);
    assert!(done.is_final());
    assert_eq!(done.certificate_id, Some(113));
    assert!(store.journal.entries_to_resume().unwrap().is_empty());
    assert!(matches!(
        store.journal.record_status(1, change(None, None, None)),
        Err(StoreError::NoSuchOrder(1))
    ));

    // The same draft again is recognised; a changed one is not.
    let earlier = store.journal.find_by_fingerprint(&fingerprint).unwrap();
    assert_eq!(earlier.len(), 1);
    assert!(earlier[0].blocks_resubmit());
    let mut other = draft.clone();
    other.set("validity_years", "3");
    assert_ne!(Fingerprint::of_draft(&other), fingerprint);
    assert_eq!(
        Fingerprint::of(Product::DocumentSigningOrg1, &draft.to_body()),
        fingerprint
    );
    assert_ne!(
        Fingerprint::of(Product::DocumentSigningOrg2, &draft.to_body()),
        fingerprint
    );
}

#[test]
fn unknown_outcomes_are_kept_until_settled() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, _) = store(tmp.path());
    let draft = documented_draft();
    let a = store.journal.create_sending(attempt(&draft)).unwrap();
    let unknown = store
        .journal
        .mark_outcome_unknown(&a.attempt_id, "timed out after 30 s")
        .unwrap();
    assert_eq!(unknown.state, AttemptState::OutcomeUnknown);
    assert_eq!(unknown.error.as_deref(), Some("timed out after 30 s"));
    let found = store
        .journal
        .find_by_fingerprint(&Fingerprint::of_draft(&draft))
        .unwrap();
    assert!(found[0].blocks_resubmit());
    // Settled once the order is found among recent orders.
    let settled = store
        .journal
        .mark_placed(&a.attempt_id, &response(APPROVED))
        .unwrap();
    assert!(settled.is_final() && settled.error.is_none());
    let err = store
        .journal
        .mark_failed(&a.attempt_id, "late")
        .unwrap_err();
    assert!(matches!(err, StoreError::Transition { .. }), "{err}");
    assert!(err.to_string().contains("placed"), "{err}");
    assert!(
        store
            .journal
            .mark_outcome_unknown(&a.attempt_id, "late")
            .is_err()
    );

    // A refused order does not block a new attempt, and cannot become placed.
    let b = store.journal.create_sending(attempt(&draft)).unwrap();
    let failed = store
        .journal
        .mark_failed(&b.attempt_id, "organization.id: not found")
        .unwrap();
    assert!(!failed.blocks_resubmit());
    assert!(
        store
            .journal
            .mark_placed(&b.attempt_id, &response(PENDING))
            .is_err()
    );
    assert!(matches!(
        store.journal.mark_failed("nope", "x"),
        Err(StoreError::NoSuchAttempt(_))
    ));

    // An attempt left "sending" by a certwiz that died becomes "outcome unknown".
    let c = store.journal.create_sending(attempt(&draft)).unwrap();
    assert!(
        store
            .journal
            .mark_interrupted(Duration::from_secs(3600))
            .unwrap()
            .is_empty()
    );
    let changed = store.journal.mark_interrupted(Duration::ZERO).unwrap();
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0].attempt_id, c.attempt_id);
    assert_eq!(changed[0].state, AttemptState::OutcomeUnknown);
    let newest_first: Vec<_> = store
        .journal
        .list()
        .unwrap()
        .into_iter()
        .map(|e| e.attempt_id)
        .collect();
    assert_eq!(newest_first, [c.attempt_id, b.attempt_id, a.attempt_id]);
}

#[test]
fn no_api_key_reaches_any_file() {
    let key = SecretString::from("dk-TESTKEY-4f9a2c7e1b8d".to_owned());
    let tmp = tempfile::tempdir().unwrap();
    let (store, paths) = store(tmp.path());
    let draft = documented_draft();
    // A base URL that carries the key as a password must not write it down.
    let url = format!(
        "https://certwiz:{}@127.0.0.1:8443/services/v2",
        key.expose_secret()
    );
    let entry = store
        .journal
        .create_sending(NewAttempt::for_draft(&draft, EndpointKind::Live, &url))
        .unwrap();
    assert_eq!(entry.base_url, "https://127.0.0.1:8443/services/v2");
    store
        .journal
        .mark_outcome_unknown(&entry.attempt_id, "connection reset")
        .unwrap();
    store.drafts.autosave(&draft).unwrap();
    store.drafts.save_as("d", &draft).unwrap();
    store
        .profiles
        .save(&Profile::from_draft(ProfileKind::Subject, "s", &draft))
        .unwrap();
    let files = files_under(&paths.data_dir);
    assert!(files.len() >= 4);
    for file in files {
        let bytes = fs::read(&file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(key.expose_secret()),
            "{} holds the key",
            file.display()
        );
    }
}
