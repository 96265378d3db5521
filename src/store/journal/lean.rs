//! The journal read one entry at a time, for the tracker's statuses.
//!
//! Recording a batch of statuses used to parse every entry of the journal into memory at once
//! (for a thousand followed orders, the largest allocation of the wizard, on the writer's thread).
//! Here the file's entries are borrowed as raw JSON text; each is parsed alone (so a bad entry is
//! still found, as before) and dropped, and only the entries the batch changes are written anew.
//! The file written is the same as [`Journal::record_statuses`] writes through `modify`: the
//! untouched entries keep their text, the changed ones are written in the same pretty layout.
//!
//! Anything unusual (no file, a file that does not parse, a newer version) goes the ordinary way,
//! which sets a bad file aside as every other journal operation does.

use std::collections::HashMap;
use std::io;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use time::OffsetDateTime;

use super::statuses::log_status;
use super::{JOURNAL_FORMAT_VERSION, Journal, JournalEntry, StatusChange};
use crate::order::EndpointKind;
use crate::store::atomic;
use crate::store::attempt_state::AttemptState;
use crate::store::error::StoreError;

#[derive(Deserialize, Serialize)]
struct RawFile<'a> {
    certwiz_journal: u32,
    #[serde(borrow)]
    entries: Vec<&'a RawValue>,
}

/// The placed order an entry records, if it is one.
fn placed_key(entry: &JournalEntry) -> Option<(EndpointKind, i64)> {
    (entry.state == AttemptState::Placed)
        .then_some(entry.order_id)
        .flatten()
        .map(|id| (entry.endpoint, id))
}

/// Calls `each` with every entry of a journal file, parsed one at a time; `None` when the bytes
/// are not a journal this build reads (the ordinary path then deals with the file).
fn each_entry<'a>(
    bytes: &'a [u8],
    mut each: impl FnMut(usize, JournalEntry),
) -> Option<RawFile<'a>> {
    let file: RawFile<'a> = serde_json::from_slice(bytes).ok()?;
    if file.certwiz_journal > JOURNAL_FORMAT_VERSION {
        return None;
    }
    for (i, raw) in file.entries.iter().enumerate() {
        each(i, serde_json::from_str(raw.get()).ok()?);
    }
    Some(file)
}

/// An entry in the layout `to_vec_pretty` gives it inside the journal's `entries` array (JSON
/// text has no raw newline inside a string, so indenting after each newline is exact).
fn pretty_entry(entry: &JournalEntry) -> Result<Box<RawValue>, StoreError> {
    let text = serde_json::to_string_pretty(entry).map_err(StoreError::Encode)?;
    RawValue::from_string(text.replace('\n', "\n    ")).map_err(StoreError::Encode)
}

impl Journal {
    /// [`Journal::record_statuses`] without holding the whole journal in memory: the same
    /// answers, the same file written (or none when nothing changed).
    pub fn record_statuses_lean(
        &self,
        changes: Vec<(EndpointKind, i64, StatusChange)>,
    ) -> Result<Vec<Option<StatusChange>>, StoreError> {
        let guard = self.lock.acquire()?;
        let bytes = match std::fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Ok(changes.iter().map(|_| None).collect());
            }
            Err(e) => return Err(StoreError::io("read", &self.path, e)),
        };
        // Newest last in the file: an order journalled twice is found at its newest entry.
        let wanted: HashMap<(EndpointKind, i64), ()> =
            changes.iter().map(|(e, id, _)| ((*e, *id), ())).collect();
        let mut newest: HashMap<(EndpointKind, i64), (usize, JournalEntry)> = HashMap::new();
        let file = each_entry(&bytes, |i, entry| {
            if let Some(key) = placed_key(&entry).filter(|k| wanted.contains_key(k)) {
                newest.insert(key, (i, entry));
            }
        });
        let Some(file) = file else {
            drop(guard);
            return self.record_statuses(changes);
        };
        let mut changed = Vec::new();
        let mut answers = Vec::with_capacity(changes.len());
        for (endpoint, order_id, change) in changes {
            let Some((index, entry)) = newest.get_mut(&(endpoint, order_id)) else {
                answers.push(None);
                continue;
            };
            if entry.latest().is_none_or(|last| !last.same_status(&change)) {
                log_status(order_id, &change);
                entry.push_status(change);
                entry.updated_at = OffsetDateTime::now_utc();
                changed.push(*index);
            }
            answers.push(entry.latest().cloned());
        }
        if changed.is_empty() {
            return Ok(answers);
        }
        let mut written: HashMap<usize, Box<RawValue>> = HashMap::new();
        for (index, entry) in newest.values() {
            if changed.contains(index) {
                written.insert(*index, pretty_entry(entry)?);
            }
        }
        let entries = file
            .entries
            .iter()
            .enumerate()
            .map(|(i, raw)| written.get(&i).map_or(*raw, |new| &**new))
            .collect();
        let out = RawFile {
            certwiz_journal: JOURNAL_FORMAT_VERSION,
            entries,
        };
        atomic::write_json_streamed(&self.path, &out)?;
        Ok(answers)
    }

    /// The latest status of every placed order, newest entry first for an order journalled
    /// twice, read one entry at a time.
    pub fn latest_statuses(
        &self,
    ) -> Result<HashMap<(EndpointKind, i64), StatusChange>, StoreError> {
        let guard = self.lock.acquire()?;
        let bytes = match std::fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(HashMap::new()),
            Err(e) => return Err(StoreError::io("read", &self.path, e)),
        };
        let mut latest = HashMap::new();
        let read = each_entry(&bytes, |_, entry| {
            if let Some(key) = placed_key(&entry)
                && let Some(status) = entry.history.last()
            {
                latest.insert(key, status.clone());
            }
        });
        if read.is_some() {
            return Ok(latest);
        }
        drop(guard);
        Ok(self
            .list()?
            .into_iter()
            .rev()
            .filter_map(|e| Some((placed_key(&e)?, e.history.last()?.clone())))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::MetadataExt;

    use super::super::JournalFile;
    use crate::order::{EndpointKind, OrderStatus, Product, RequestStatus};
    use crate::paths::Paths;
    use crate::store::{JournalEntry, NewAttempt, StatusChange, Store};

    fn change(request_status: RequestStatus) -> StatusChange {
        StatusChange {
            at: time::OffsetDateTime::UNIX_EPOCH,
            order_status: Some(OrderStatus::Pending),
            request_id: Some(113),
            request_status: Some(request_status),
            certificate_id: None,
        }
    }

    /// A journal with orders 1 and 2 placed on the sandbox, order 1 placed a second time (newer),
    /// and one attempt that failed.
    fn journal_in(dir: &std::path::Path) -> Store {
        let store = Store::open(&Paths::under(dir));
        let draft = crate::tui::app::Model::new_draft(Product::default());
        for id in [1, 2, 1, 0] {
            let attempt =
                NewAttempt::for_draft(&draft, EndpointKind::Sandbox, "http://127.0.0.1:1/");
            let entry = store.journal.create_sending(attempt).unwrap();
            if id == 0 {
                store.journal.mark_failed(&entry.attempt_id, "no").unwrap();
                continue;
            }
            let response = serde_json::from_value(serde_json::json!({
                "id": id, "requests": [{"id": 113, "status": "pending"}]
            }))
            .unwrap();
            store
                .journal
                .mark_placed(&entry.attempt_id, &response)
                .unwrap();
        }
        store
    }

    fn without_update_times(mut entries: Vec<JournalEntry>) -> Vec<JournalEntry> {
        for e in &mut entries {
            e.updated_at = time::OffsetDateTime::UNIX_EPOCH;
        }
        entries
    }

    #[test]
    fn lean_statuses_answer_and_write_as_the_ordinary_path_does() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let ordinary = journal_in(a.path());
        let lean = journal_in(b.path());
        std::fs::copy(ordinary.journal.path(), lean.journal.path()).unwrap();
        let sandbox = EndpointKind::Sandbox;
        let changes = vec![
            (sandbox, 1, change(RequestStatus::Approved)),
            (sandbox, 2, change(RequestStatus::Pending)),
            (EndpointKind::Live, 1, change(RequestStatus::Approved)),
            (sandbox, 999, change(RequestStatus::Approved)),
            (sandbox, 1, change(RequestStatus::Rejected)),
        ];
        let expected = ordinary.journal.record_statuses(changes.clone()).unwrap();
        let answers = lean.journal.record_statuses_lean(changes).unwrap();
        assert_eq!(answers, expected);
        assert!(answers[0].is_some() && answers[2].is_none() && answers[3].is_none());
        let written = lean.journal.list().unwrap();
        // Only the newer entry of order 1 took the statuses.
        assert_eq!(written[1].history.len(), 3, "{:?}", written[1]);
        assert_eq!(written[3].history.len(), 1);
        assert_eq!(
            without_update_times(written.clone()),
            without_update_times(ordinary.journal.list().unwrap())
        );
        // Byte for byte the layout the ordinary path writes.
        let mut entries = written;
        entries.reverse();
        let file = JournalFile {
            certwiz_journal: super::JOURNAL_FORMAT_VERSION,
            entries,
        };
        let mut canonical = serde_json::to_vec_pretty(&file).unwrap();
        canonical.push(b'\n');
        let bytes = std::fs::read(lean.journal.path()).unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            String::from_utf8(canonical).unwrap()
        );
    }

    #[test]
    fn a_lean_repeat_writes_nothing_and_a_bad_file_is_set_aside_as_usual() {
        let dir = tempfile::tempdir().unwrap();
        let store = journal_in(dir.path());
        let sandbox = EndpointKind::Sandbox;
        let inode = || std::fs::metadata(store.journal.path()).unwrap().ino();
        let before = inode();
        let pending = || vec![(sandbox, 2, change(RequestStatus::Pending))];
        assert!(store.journal.record_statuses_lean(pending()).unwrap()[0].is_some());
        let written = inode();
        assert_ne!(written, before, "a new status is written");
        assert!(store.journal.record_statuses_lean(pending()).unwrap()[0].is_some());
        assert_eq!(inode(), written, "a repeat is not written");

        std::fs::write(store.journal.path(), "not a journal").unwrap();
        let after = vec![(sandbox, 2, change(RequestStatus::Approved))];
        assert_eq!(store.journal.record_statuses_lean(after).unwrap(), [None]);
        assert!(
            !store.journal.path().exists(),
            "the bad file is moved aside"
        );
        assert_eq!(store.take_set_aside().len(), 1);
    }

    #[test]
    fn latest_statuses_name_each_placed_orders_newest_entry() {
        let dir = tempfile::tempdir().unwrap();
        let store = journal_in(dir.path());
        let sandbox = EndpointKind::Sandbox;
        store
            .journal
            .record_statuses(vec![(sandbox, 1, change(RequestStatus::Approved))])
            .unwrap();
        let latest = store.journal.latest_statuses().unwrap();
        assert_eq!(latest.len(), 2);
        let one = &latest[&(sandbox, 1)];
        assert_eq!(one.request_status, Some(RequestStatus::Approved));
        let two = &latest[&(sandbox, 2)];
        assert_eq!(two.request_status, Some(RequestStatus::Pending));
        std::fs::remove_file(store.journal.path()).unwrap();
        assert!(store.journal.latest_statuses().unwrap().is_empty());
    }
}
