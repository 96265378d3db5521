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

/// One recorded action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub id: i64,
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
    tx.execute_batch(SCHEMA)?;
    if let Some(earlier) = select(tx, endpoint, kind, target)?
        .into_iter()
        .rev()
        .find(|a| kind.stopped_by(a.state))
    {
        return Ok(Begun::Earlier(earlier));
    }
    let now = OffsetDateTime::now_utc();
    tx.execute(
        "INSERT INTO actions (endpoint, kind, target, state, detail, created_at, updated_at) \
         VALUES (?1, ?2, ?3, 'sending', ?4, ?5, ?5)",
        params![
            endpoint,
            kind.as_str(),
            target,
            detail,
            now.unix_timestamp()
        ],
    )?;
    Ok(Begun::Sending(Action {
        id: tx.last_insert_rowid(),
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
    tx.execute_batch(SCHEMA)?;
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
    tx.execute_batch(SCHEMA)?;
    select(tx, endpoint, kind, target)
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
    let mut statement = tx.prepare(
        "SELECT id, target, state, result_id, detail, created_at FROM actions \
         WHERE endpoint = ?1 AND kind = ?2 AND target = ?3 ORDER BY id",
    )?;
    let rows = statement
        .query_map(params![endpoint, kind.as_str(), target], |r| {
            Ok(Action {
                id: r.get(0)?,
                kind,
                target: r.get(1)?,
                state: ActionState::parse(&r.get::<_, String>(2)?),
                result_id: r.get(3)?,
                detail: r.get(4)?,
                created_at: at(r.get(5)?),
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
