//! When to autosave: soon after typing pauses, and never more than about a second behind even
//! while typing goes on. The caller passes the time in, so tests need no real clock.

use std::time::{Duration, Instant};

/// Decides when the draft in progress is due to be saved.
#[derive(Debug, Clone)]
pub struct Debouncer {
    /// Save once no change came for this long.
    quiet: Duration,
    /// Save at the latest this long after the oldest unsaved change.
    max_lag: Duration,
    /// The oldest and the newest unsaved change.
    pending: Option<(Instant, Instant)>,
    /// After a failed save, no new try before this.
    retry_at: Option<Instant>,
}

impl Default for Debouncer {
    /// Saves after 250 ms of quiet, at most one second behind.
    fn default() -> Self {
        Debouncer::new(Duration::from_millis(250), Duration::from_secs(1))
    }
}

impl Debouncer {
    /// A debouncer with the given quiet time and bound on how far behind a save may fall.
    pub fn new(quiet: Duration, max_lag: Duration) -> Self {
        Debouncer {
            quiet,
            max_lag: max_lag.max(quiet),
            pending: None,
            retry_at: None,
        }
    }

    /// Notes a change to the draft.
    pub fn changed(&mut self, now: Instant) {
        let first = self.pending.map_or(now, |(first, _)| first);
        self.pending = Some((first, now));
    }

    /// Whether there are changes not yet saved.
    pub fn is_dirty(&self) -> bool {
        self.pending.is_some()
    }

    /// When the next save is due, for the event loop's timer; `None` when all is saved.
    pub fn deadline(&self) -> Option<Instant> {
        let due = self
            .pending
            .map(|(first, last)| (last + self.quiet).min(first + self.max_lag))?;
        Some(self.retry_at.map_or(due, |retry| due.max(retry)))
    }

    /// Whether a save is due now.
    pub fn is_due(&self, now: Instant) -> bool {
        self.deadline().is_some_and(|d| now >= d)
    }

    /// Notes that the draft was saved as it stood at `saved`; later changes stay pending.
    pub fn saved(&mut self, saved: Instant) {
        if let Some((_, last)) = self.pending
            && last <= saved
        {
            self.pending = None;
        }
        self.retry_at = None;
    }

    /// Notes a failed save: it is tried again after the longest wait rather than at once.
    pub fn failed(&mut self, now: Instant) {
        self.retry_at = Some(now + self.max_lag);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn saves_after_a_pause() {
        let t0 = Instant::now();
        let mut d = Debouncer::default();
        assert!(!d.is_due(t0) && d.deadline().is_none());
        d.changed(t0);
        assert!(d.is_dirty());
        assert!(!d.is_due(t0 + 249 * MS));
        assert!(d.is_due(t0 + 250 * MS));
        d.saved(t0 + 250 * MS);
        assert!(!d.is_dirty() && !d.is_due(t0 + 5000 * MS));
    }

    #[test]
    fn continuous_typing_is_saved_at_most_a_second_behind() {
        let t0 = Instant::now();
        let mut d = Debouncer::default();
        let mut saves = Vec::new();
        // A key every 100 ms for 3.5 s, checking every 10 ms for 4 s.
        for tick in 0..=400u32 {
            let now = t0 + tick * 10 * MS;
            if tick % 10 == 0 && tick <= 350 {
                d.changed(now);
            }
            if d.is_due(now) {
                saves.push(tick * 10);
                d.saved(now);
            }
        }
        assert_eq!(saves, [1000, 2100, 3200, 3750]);
    }

    #[test]
    fn a_change_during_a_save_stays_pending() {
        let t0 = Instant::now();
        let mut d = Debouncer::default();
        d.changed(t0);
        let snapshot = t0 + 300 * MS;
        d.changed(t0 + 310 * MS);
        d.saved(snapshot);
        assert!(d.is_dirty());
    }

    #[test]
    fn a_failed_save_is_retried_later() {
        let t0 = Instant::now();
        let mut d = Debouncer::default();
        d.changed(t0);
        d.failed(t0 + 250 * MS);
        assert!(!d.is_due(t0 + 500 * MS));
        assert!(d.is_due(t0 + 1250 * MS));
    }
}
