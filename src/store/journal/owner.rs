//! Which process is sending an attempt, so that an attempt left "sending" by a process that is
//! gone (killed, Ctrl-C, a crash) reads as "outcome unknown" at once, not minutes later.
//!
//! A process is its id and its start time (in clock ticks since boot, from `/proc/PID/stat`), so
//! a reused process id is not taken for the sender. Where `/proc` cannot tell, the owner counts
//! as running and only the ten-minute bound applies.

use std::sync::OnceLock;
use std::time::Duration;

/// An attempt (or action) still "sending" after this long was cut off even if its process still
/// runs: the POST times out after a minute.
pub const INTERRUPTED_AFTER: Duration = Duration::from_secs(10 * 60);

/// This process: its id and start time.
pub fn me() -> (u32, Option<u64>) {
    static ME: OnceLock<(u32, Option<u64>)> = OnceLock::new();
    *ME.get_or_init(|| {
        let pid = std::process::id();
        (pid, start_of(pid))
    })
}

/// The start time of a process, field 22 of `/proc/PID/stat`; `None` when it cannot be read.
fn start_of(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces and parentheses: count after its last ')'.
    let after = &stat[stat.rfind(')')? + 1..];
    after.split_whitespace().nth(19)?.parse().ok()
}

/// Whether the process that recorded an attempt is gone for certain.
pub fn is_gone(pid: Option<i64>, start: Option<i64>) -> bool {
    let (Some(pid), Some(start)) = (pid, start) else {
        return false;
    };
    let Ok(pid) = u32::try_from(pid) else {
        return false;
    };
    if !std::path::Path::new("/proc/self/stat").exists() {
        return false;
    }
    match start_of(pid) {
        Some(now) => i64::try_from(now).ok() != Some(start),
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_running_and_a_finished_one_is_gone() {
        let (pid, start) = me();
        let start = start.map(|s| s as i64);
        assert!(!is_gone(Some(i64::from(pid)), start));
        // Another start time at the same id: the id was reused.
        assert!(is_gone(Some(i64::from(pid)), start.map(|s| s + 1)));
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let child_pid = child.id();
        let child_start = start_of(child_pid).map(|s| s as i64);
        child.wait().unwrap();
        assert!(is_gone(Some(i64::from(child_pid)), child_start.or(Some(1))));
        assert!(!is_gone(None, None), "unknown owners count as running");
    }
}
