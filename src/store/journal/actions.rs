//! What certwiz did to an order after it was issued besides renewing it (a renewal is an order,
//! journaled as an attempt): reissues and revocations, in the same database as the attempts
//! (`orders.db`), so they share its safety: created 0600, one `BEGIN IMMEDIATE` transaction per
//! decision, and an unreadable journal holds them as it holds every order.
//!
//! An action's life mirrors an attempt's: `Journal::begin_action` looks for an earlier action of
//! the same kind on the same target that stops this one and, when there is none, records it as
//! "sending", in one transaction; then `Journal::finish_action` with what became of it. Two
//! certwiz processes racing therefore send it once.
//!
//! The table is created by the first action (`CREATE TABLE IF NOT EXISTS`), so the database's
//! format version stays 1 and a certwiz that does not know it reads the journal as before.

use rusqlite::{Transaction, params};
use time::OffsetDateTime;

use super::db;
use super::owner;
use super::rows::Fault;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS actions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    endpoint TEXT NOT NULL,
    kind TEXT NOT NULL,
    target INTEGER NOT NULL,
    state TEXT NOT NULL,
    result_id INTEGER,
    detail TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS actions_by_target ON actions (endpoint, kind, target);
";

/// The process that records an action as sending (issue 20: an action left "sending" by a
/// process that is gone reads as "outcome unknown", as an attempt does). Added to a table made
/// before them; NULL in older rows (those count as running until `owner::INTERRUPTED_AFTER`).
fn ensure_schema(tx: &Transaction<'_>) -> Result<(), Fault> {
    tx.execute_batch(SCHEMA)?;
    let has_owner = tx
        .prepare("SELECT 1 FROM pragma_table_info('actions') WHERE name = 'owner_pid'")?
        .exists([])?;
    if !has_owner {
        tx.execute_batch(
            "ALTER TABLE actions ADD COLUMN owner_pid INTEGER; \
             ALTER TABLE actions ADD COLUMN owner_start INTEGER;",
        )?;
    }
    Ok(())
}

/// What certwiz did to an order or certificate after issuance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    /// `POST /order/certificate/{order_id}/reissue`.
    Reissue,
    /// `PUT /order/certificate/{order_id}/revoke`.
    RevokeOrder,
    /// `PUT /certificate/{certificate_id}/revoke`.
    RevokeCertificate,
}

impl ActionKind {
    /// The word stored.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::Reissue => "reissue",
            ActionKind::RevokeOrder => "revoke_order",
            ActionKind::RevokeCertificate => "revoke_certificate",
        }
    }

    /// The word stored, read back.
    pub fn parse(text: &str) -> Option<ActionKind> {
        match text {
            "reissue" => Some(ActionKind::Reissue),
            "revoke_order" => Some(ActionKind::RevokeOrder),
            "revoke_certificate" => Some(ActionKind::RevokeCertificate),
            _ => None,
        }
    }

    /// What its target is, for people: "order N" or "certificate N".
    pub fn target_noun(self) -> &'static str {
        match self {
            ActionKind::Reissue | ActionKind::RevokeOrder => "order",
            ActionKind::RevokeCertificate => "certificate",
        }
    }

    /// The word printed.
    pub fn noun(self) -> &'static str {
        match self {
            ActionKind::Reissue => "reissue",
            ActionKind::RevokeOrder | ActionKind::RevokeCertificate => "revocation",
        }
    }

    /// Whether an earlier action in `state` stops a new one: any revocation that may have reached
    /// CertCentral (a second is never needed), a reissue only while its outcome is open (an
    /// answered reissue may be followed by another, after a second lost token).
    pub fn stopped_by(self, state: ActionState) -> bool {
        match self {
            ActionKind::RevokeOrder | ActionKind::RevokeCertificate => state.may_have_happened(),
            ActionKind::Reissue => {
                matches!(state, ActionState::Sending | ActionState::OutcomeUnknown)
            }
        }
    }
}

/// Where an action stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionState {
    /// Recorded, then sent: if nothing follows, the process ended before the answer.
    Sending,
    /// CertCentral accepted it.
    Done,
    /// CertCentral refused it: nothing happened.
    Refused,
    /// Sent, answer lost: not to be sent again before looking.
    OutcomeUnknown,
}

impl ActionState {
    /// The word stored and printed.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionState::Sending => "sending",
            ActionState::Done => "done",
            ActionState::Refused => "refused",
            ActionState::OutcomeUnknown => "outcome_unknown",
        }
    }

    fn parse(text: &str) -> ActionState {
        match text {
            "done" => ActionState::Done,
            "refused" => ActionState::Refused,
            "outcome_unknown" => ActionState::OutcomeUnknown,
            // An unknown word is read as the state that stops most.
            _ => ActionState::Sending,
        }
    }

    /// Whether an action in this state may have reached CertCentral.
    pub fn may_have_happened(self) -> bool {
        !matches!(self, ActionState::Refused)
    }
}

/// One recorded action. Its state is as read: "sending" by a process that is gone (or for
/// longer than `owner::INTERRUPTED_AFTER`) reads as "outcome unknown".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub id: i64,
    /// The endpoint it was sent to (its key, as recorded).
    pub endpoint: String,
    pub kind: ActionKind,
    /// The order (reissue, revoke_order) or certificate (revoke_certificate) acted on.
    pub target: i64,
    pub state: ActionState,
    /// The request the answer named, once done.
    pub result_id: Option<i64>,
    pub detail: String,
    pub created_at: OffsetDateTime,
}

/// What `Journal::begin_action` decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Begun {
    /// Recorded as "sending": send it now.
    Sending(Action),
    /// Not recorded, not to be sent: this earlier action stops it.
    Earlier(Action),
}

/// The decision of `Journal::begin_action`, inside its transaction.
pub fn begin(
    tx: &Transaction<'_>,
    endpoint: &str,
    kind: ActionKind,
    target: i64,
    detail: &str,
) -> Result<Begun, Fault> {
    if let Some(problem) = db::check_whole(tx)? {
        return Err(Fault::Bad(format!("its integrity check failed: {problem}")));
    }
    ensure_schema(tx)?;
    if let Some(earlier) = select(tx, endpoint, kind, target)?
        .into_iter()
        .rev()
        .find(|a| kind.stopped_by(a.state))
    {
        return Ok(Begun::Earlier(earlier));
    }
    let now = OffsetDateTime::now_utc();
    let (pid, start) = owner::me();
    tx.execute(
        "INSERT INTO actions (endpoint, kind, target, state, detail, created_at, updated_at, \
         owner_pid, owner_start) VALUES (?1, ?2, ?3, 'sending', ?4, ?5, ?5, ?6, ?7)",
        params![
            endpoint,
            kind.as_str(),
            target,
            detail,
            now.unix_timestamp(),
            i64::from(pid),
            start.and_then(|s| i64::try_from(s).ok())
        ],
    )?;
    Ok(Begun::Sending(Action {
        id: tx.last_insert_rowid(),
        endpoint: endpoint.to_owned(),
        kind,
        target,
        state: ActionState::Sending,
        result_id: None,
        detail: detail.to_owned(),
        created_at: at(now.unix_timestamp()),
    }))
}

/// Records what became of an action, inside a transaction.
pub fn finish(
    tx: &Transaction<'_>,
    id: i64,
    state: ActionState,
    result_id: Option<i64>,
    detail: &str,
) -> Result<(), Fault> {
    ensure_schema(tx)?;
    tx.execute(
        "UPDATE actions SET state = ?2, result_id = ?3, detail = ?4, updated_at = ?5 \
         WHERE id = ?1",
        params![
            id,
            state.as_str(),
            result_id,
            detail,
            OffsetDateTime::now_utc().unix_timestamp()
        ],
    )?;
    Ok(())
}

/// The actions of a kind on a target at an endpoint, oldest first, inside a transaction.
pub fn list(
    tx: &Transaction<'_>,
    endpoint: &str,
    kind: ActionKind,
    target: i64,
) -> Result<Vec<Action>, Fault> {
    ensure_schema(tx)?;
    select(tx, endpoint, kind, target)
}

/// Every action whose outcome is open (sending, or unknown as read), oldest first, inside a
/// transaction; none when no action was ever recorded.
pub fn open(tx: &Transaction<'_>) -> Result<Vec<Action>, Fault> {
    ensure_schema(tx)?;
    query(
        tx,
        "WHERE state IN ('sending', 'outcome_unknown') ORDER BY id",
        params![],
    )
}

/// What settling an action decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settled {
    /// Recorded as the person said.
    Settled(Action),
    /// No action has this id.
    Missing,
    /// Not settled: its outcome is not open (done or refused already), or its process is still
    /// sending it. Its state as read.
    NotOpen(Action),
}

/// Records a person's finding about an action whose outcome is unknown: it happened (with the
/// request it made, when known) or it did not. Only the record changes; nothing is sent.
pub fn settle(
    tx: &Transaction<'_>,
    id: i64,
    happened: bool,
    request_id: Option<i64>,
) -> Result<Settled, Fault> {
    ensure_schema(tx)?;
    let Some(action) = query(tx, "WHERE id = ?1", params![id])?.into_iter().next() else {
        return Ok(Settled::Missing);
    };
    if action.state != ActionState::OutcomeUnknown {
        return Ok(Settled::NotOpen(action));
    }
    let (state, detail) = if happened {
        (ActionState::Done, "settled: it was done")
    } else {
        (ActionState::Refused, "settled: it was not done")
    };
    finish(tx, id, state, request_id, detail)?;
    Ok(Settled::Settled(Action {
        state,
        result_id: request_id,
        detail: detail.to_owned(),
        ..action
    }))
}

fn at(seconds: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(seconds).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

fn select(
    tx: &Transaction<'_>,
    endpoint: &str,
    kind: ActionKind,
    target: i64,
) -> Result<Vec<Action>, Fault> {
    query(
        tx,
        "WHERE endpoint = ?1 AND kind = ?2 AND target = ?3 ORDER BY id",
        params![endpoint, kind.as_str(), target],
    )
}

/// The actions `filter` (a WHERE and ORDER BY clause) keeps, their states as read.
fn query(
    tx: &Transaction<'_>,
    filter: &str,
    args: impl rusqlite::Params,
) -> Result<Vec<Action>, Fault> {
    let mut statement = tx.prepare(&format!(
        "SELECT id, endpoint, kind, target, state, result_id, detail, created_at, owner_pid, \
         owner_start FROM actions {filter}"
    ))?;
    let now = OffsetDateTime::now_utc();
    let rows = statement
        .query_map(args, |r| {
            let created_at = at(r.get(7)?);
            let mut state = ActionState::parse(&r.get::<_, String>(4)?);
            if state == ActionState::Sending
                && (owner::is_gone(r.get(8)?, r.get(9)?)
                    || now - created_at > owner::INTERRUPTED_AFTER)
            {
                state = ActionState::OutcomeUnknown;
            }
            Ok(Action {
                id: r.get(0)?,
                endpoint: r.get(1)?,
                // An unknown word is read as a reissue: it stops a second one while open.
                kind: ActionKind::parse(&r.get::<_, String>(2)?).unwrap_or(ActionKind::Reissue),
                target: r.get(3)?,
                state,
                result_id: r.get(5)?,
                detail: r.get(6)?,
                created_at,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paths::Paths;
    use crate::store::Store;

    #[test]
    fn actions_are_recorded_then_finished_and_stop_a_second_one() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&Paths::under(dir.path()));
        let journal = &store.journal;
        let Begun::Sending(first) = journal
            .begin_action("SANDBOX", ActionKind::Reissue, 7, "reissue of order 7")
            .unwrap()
        else {
            panic!("the first reissue is recorded");
        };
        // While its outcome is open, a second reissue of the same order is stopped.
        let again = journal
            .begin_action("SANDBOX", ActionKind::Reissue, 7, "again")
            .unwrap();
        assert_eq!(again, Begun::Earlier(first.clone()));
        journal
            .finish_action(first.id, ActionState::Done, Some(70), "sent")
            .unwrap();
        let listed = journal.actions("SANDBOX", ActionKind::Reissue, 7).unwrap();
        assert_eq!(
            (listed[0].state, listed[0].result_id),
            (ActionState::Done, Some(70))
        );
        // An answered reissue may be followed by another; a done revocation never is.
        let next = journal.begin_action("SANDBOX", ActionKind::Reissue, 7, "next");
        assert!(matches!(next, Ok(Begun::Sending(_))), "{next:?}");
        let Ok(Begun::Sending(revoke)) =
            journal.begin_action("SANDBOX", ActionKind::RevokeOrder, 7, "revoke")
        else {
            panic!("the first revocation is recorded");
        };
        journal
            .finish_action(revoke.id, ActionState::Done, None, "sent")
            .unwrap();
        let second = journal.begin_action("SANDBOX", ActionKind::RevokeOrder, 7, "again");
        assert!(matches!(second, Ok(Begun::Earlier(_))), "{second:?}");
        // Another endpoint, kind or target is another action.
        for (endpoint, kind, target) in [
            ("https://live", ActionKind::RevokeOrder, 7),
            ("SANDBOX", ActionKind::RevokeCertificate, 7),
            ("SANDBOX", ActionKind::RevokeOrder, 8),
        ] {
            let other = journal.begin_action(endpoint, kind, target, "other");
            assert!(matches!(other, Ok(Begun::Sending(_))), "{other:?}");
        }
        // A refused revocation does not stop the next.
        let Ok(Begun::Sending(refused)) =
            journal.begin_action("SANDBOX", ActionKind::RevokeOrder, 9, "revoke")
        else {
            panic!("recorded");
        };
        journal
            .finish_action(refused.id, ActionState::Refused, None, "no")
            .unwrap();
        let retry = journal.begin_action("SANDBOX", ActionKind::RevokeOrder, 9, "revoke");
        assert!(matches!(retry, Ok(Begun::Sending(_))), "{retry:?}");
    }

    /// Issue 20: an action left "sending" by a process that is gone reads as "outcome unknown",
    /// stops a second one, and is settled by the person's finding (never by sending again).
    #[test]
    fn an_action_left_sending_by_a_dead_process_is_unknown_and_settles() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&Paths::under(dir.path()));
        let journal = &store.journal;
        let Ok(Begun::Sending(mine)) =
            journal.begin_action("SANDBOX", ActionKind::RevokeOrder, 7, "revoke")
        else {
            panic!("recorded");
        };
        // Still being sent by this (running) process: open, not settleable.
        assert_eq!(
            journal.open_actions().unwrap()[0].state,
            ActionState::Sending
        );
        assert!(matches!(
            journal.settle_action(mine.id, false, None),
            Ok(Settled::NotOpen(_))
        ));
        // The same row as a process that is gone wrote it.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = i64::from(child.id());
        child.wait().unwrap();
        let conn = rusqlite::Connection::open(journal.path()).unwrap();
        conn.execute(
            "UPDATE actions SET owner_pid = ?1, owner_start = 1 WHERE id = ?2",
            params![dead, mine.id],
        )
        .unwrap();
        let open = journal.open_actions().unwrap();
        assert_eq!(open[0].state, ActionState::OutcomeUnknown);
        let again = journal.begin_action("SANDBOX", ActionKind::RevokeOrder, 7, "again");
        assert!(
            matches!(&again, Ok(Begun::Earlier(a)) if a.state == ActionState::OutcomeUnknown),
            "{again:?}"
        );
        let Ok(Settled::Settled(done)) = journal.settle_action(mine.id, true, Some(70)) else {
            panic!("settled");
        };
        assert_eq!((done.state, done.result_id), (ActionState::Done, Some(70)));
        assert!(journal.open_actions().unwrap().is_empty());
        // Settled once: not again; a done revocation still stops a second.
        assert!(matches!(
            journal.settle_action(mine.id, false, None),
            Ok(Settled::NotOpen(_))
        ));
        assert!(matches!(
            journal.settle_action(999, false, None),
            Ok(Settled::Missing)
        ));
        let second = journal.begin_action("SANDBOX", ActionKind::RevokeOrder, 7, "again");
        assert!(matches!(second, Ok(Begun::Earlier(_))), "{second:?}");
    }

    #[test]
    fn the_orders_journal_still_reads_with_the_actions_table() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&Paths::under(dir.path()));
        store
            .journal
            .begin_action("SANDBOX", ActionKind::RevokeOrder, 1, "revoke")
            .unwrap();
        assert!(store.journal.list().unwrap().is_empty());
        assert!(store.journal.hold().unwrap().is_none());
    }
}
