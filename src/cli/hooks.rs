//! `--exec CMD`: a command run for each due certificate (`check`) and each order that becomes
//! issued (`status --watch`, `orders --watch`), with the facts in `CERTWIZ_*` variables.
//!
//! The command runs through `sh -c` with a cleared environment: only the variables a shell
//! needs to run (`PATH`, `HOME`, locale, terminal, user, temporary folder) and the facts are
//! passed, so the API key (`DIGICERT_API_KEY`, or any other secret certwiz was started with)
//! never reaches it. No install code or key is ever among the facts. Its output goes to
//! certwiz's standard error, so `--json` on standard output stays readable. A hook that fails
//! is reported and the others still run.

use std::collections::HashSet;
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock};

use crate::api::{EndpointKind, TrackUpdate};
use crate::order::OrderStatus;

/// The `--exec` of `status --watch` and `orders --watch`, set once at start.
static ON_ISSUED: OnceLock<String> = OnceLock::new();
/// The orders the issued hook ran for, so it runs once per order.
static FIRED: Mutex<Option<HashSet<i64>>> = Mutex::new(None);

/// Runs a command (`status`, `orders`) with `command` run for each followed order that
/// becomes issued.
pub fn with_issued_hook(command: Option<String>, run: impl FnOnce() -> u8) -> u8 {
    if let Some(command) = command {
        let _ = ON_ISSUED.set(command);
    }
    run()
}

/// Runs the issued hook for an update that shows its order issued, once per order, with
/// `CERTWIZ_EVENT=issued`, `CERTWIZ_ORDER_ID`, `CERTWIZ_CERTIFICATE_ID`, `CERTWIZ_STATUS` and
/// `CERTWIZ_ENDPOINT` (what following an order knows; no product or expiry).
pub fn after_update(update: &TrackUpdate, endpoint: EndpointKind) {
    let Some(command) = ON_ISSUED.get() else {
        return;
    };
    if update.order_status != Some(OrderStatus::Issued) || update.error.is_some() {
        return;
    }
    let first = FIRED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get_or_insert_with(HashSet::new)
        .insert(update.order_id);
    if first {
        let event = Event::new("issued", update.order_id)
            .with(
                "CERTIFICATE_ID",
                update.certificate_id.map(|i| i.to_string()),
            )
            .with("STATUS", Some("issued".to_owned()))
            .with("ENDPOINT", Some(endpoint.to_string()));
        run(command, &event);
    }
}

/// The variables passed through from certwiz's own environment.
const PASSED: [&str; 9] = [
    "PATH", "HOME", "LANG", "LC_ALL", "TERM", "USER", "LOGNAME", "TMPDIR", "TZ",
];

/// One event: its name and facts (`CERTWIZ_` is prefixed to each name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub facts: Vec<(&'static str, String)>,
}

impl Event {
    /// An event named `event` (`expiring`, `expired`, `issued`) for an order.
    pub fn new(event: &str, order_id: i64) -> Event {
        Event {
            facts: vec![
                ("EVENT", event.to_owned()),
                ("ORDER_ID", order_id.to_string()),
            ],
        }
    }

    /// Adds a fact when known.
    pub fn with(mut self, name: &'static str, value: Option<String>) -> Event {
        if let Some(value) = value {
            self.facts.push((name, value));
        }
        self
    }

    fn order_id(&self) -> &str {
        self.facts
            .iter()
            .find(|(k, _)| *k == "ORDER_ID")
            .map(|(_, v)| v.as_str())
            .unwrap_or("?")
    }
}

/// Runs `command` once per event, in turn; returns how many failed (each is reported).
pub fn run_all(command: &str, events: &[Event]) -> usize {
    events.iter().filter(|e| !run(command, e)).count()
}

/// Runs `command` for one event; false (and reported) when it could not start or failed.
pub fn run(command: &str, event: &Event) -> bool {
    let mut cmd = Command::new("sh");
    cmd.arg("-c").arg(command).env_clear().stdin(Stdio::null());
    for name in PASSED {
        if let Some(value) = std::env::var_os(name) {
            cmd.env(name, value);
        }
    }
    for (name, value) in &event.facts {
        cmd.env(format!("CERTWIZ_{name}"), value);
    }
    cmd.stdout(Stdio::from(std::io::stderr()));
    let order = event.order_id();
    match cmd.status() {
        Ok(status) if status.success() => true,
        Ok(status) => {
            errln!("certwiz: the --exec command for order {order} failed ({status})");
            false
        }
        Err(e) => {
            errln!("certwiz: the --exec command for order {order} could not start: {e}");
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn facts_arrive_and_secrets_do_not() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("env");
        // The test's own environment may hold anything; the hook must see only what is passed.
        let command = format!("env > '{}'", out.display());
        let event = Event::new("expiring", 42).with("PRODUCT", Some("ds_org".into()));
        assert!(run(&command, &event));
        let seen = std::fs::read_to_string(&out).unwrap();
        assert!(seen.contains("CERTWIZ_ORDER_ID=42"), "{seen}");
        assert!(seen.contains("CERTWIZ_EVENT=expiring"));
        assert!(seen.contains("CERTWIZ_PRODUCT=ds_org"));
        for line in seen.lines() {
            let name = line.split('=').next().unwrap_or_default();
            assert!(
                PASSED.contains(&name)
                    || name.starts_with("CERTWIZ_")
                    || ["PWD", "SHLVL", "_"].contains(&name),
                "unexpected variable {name}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_failing_hook_is_counted_and_the_others_run() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("log");
        let command = format!(
            "echo $CERTWIZ_ORDER_ID >> '{}'; test $CERTWIZ_ORDER_ID != 2",
            log.display()
        );
        let events: Vec<Event> = (1..=3).map(|i| Event::new("expiring", i)).collect();
        assert_eq!(run_all(&command, &events), 1);
        assert_eq!(std::fs::read_to_string(&log).unwrap(), "1\n2\n3\n");
    }
}
