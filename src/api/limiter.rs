//! Keeps certwiz under DigiCert's per-key limits: 100 requests in any 5 seconds and 1000 in any
//! 3 minutes, rolling.
//!
//! The core, [`RateLimit`], is a pure struct driven by explicit instants so a test can run a fake
//! clock through thousands of requests in microseconds. [`Limiter`] wraps it for async callers and
//! is shared by every call of a [`Client`](super::Client).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One rolling window: at most `max` requests in any `span`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub span: Duration,
    pub max: usize,
}

/// DigiCert's documented limits per key.
pub const DIGICERT_WINDOWS: [Window; 2] = [
    Window {
        span: Duration::from_secs(5),
        max: 100,
    },
    Window {
        span: Duration::from_secs(180),
        max: 1000,
    },
];

/// Kept on top of each span, because DigiCert counts arrivals and ours are sends: at least this,
/// and at least [`MARGIN_DIVISOR`]th of the span (100 ms of 5 s, 3.6 s of 3 minutes), so a
/// request delayed on its way cannot land inside the window of one sent after it.
const MARGIN: Duration = Duration::from_millis(50);

/// The margin's share of a span: one fiftieth.
const MARGIN_DIVISOR: u32 = 50;

/// The margin kept on top of `span`.
pub fn margin(span: Duration) -> Duration {
    (span / MARGIN_DIVISOR).max(MARGIN)
}

/// The pure limiter: remembers when recent requests went out.
#[derive(Debug, Clone)]
pub struct RateLimit {
    windows: Vec<Window>,
    /// Send times, oldest first, no older than the longest span.
    sent: VecDeque<Instant>,
}

impl RateLimit {
    /// A limiter for the given windows.
    pub fn new(windows: &[Window]) -> Self {
        RateLimit {
            windows: windows.to_vec(),
            sent: VecDeque::new(),
        }
    }

    /// A limiter with DigiCert's limits.
    pub fn digicert() -> Self {
        RateLimit::new(&DIGICERT_WINDOWS)
    }

    /// How long to wait from `now` before a request may go; zero when it may go now.
    pub fn wait_before(&self, now: Instant) -> Duration {
        self.windows
            .iter()
            .filter_map(|w| {
                // The request `max` places back must have left the window before one more fits.
                let index = self.sent.len().checked_sub(w.max)?;
                let oldest = *self.sent.get(index)?;
                let free_at = oldest + w.span + margin(w.span);
                free_at.checked_duration_since(now)
            })
            .max()
            .unwrap_or(Duration::ZERO)
    }

    /// Takes a slot at `now` if one is free; otherwise says how long to wait.
    pub fn try_acquire(&mut self, now: Instant) -> Result<(), Duration> {
        let wait = self.wait_before(now);
        if !wait.is_zero() {
            return Err(wait);
        }
        self.sent.push_back(now);
        self.forget_before(now);
        Ok(())
    }

    fn forget_before(&mut self, now: Instant) {
        let longest = self
            .windows
            .iter()
            .map(|w| w.span + margin(w.span))
            .max()
            .unwrap_or_default();
        let most = self.windows.iter().map(|w| w.max).max().unwrap_or(0);
        while let Some(first) = self.sent.front() {
            let expired = now
                .checked_duration_since(*first)
                .is_some_and(|d| d > longest);
            if expired || self.sent.len() > most {
                self.sent.pop_front();
            } else {
                break;
            }
        }
    }
}

/// The async limiter every call of one client goes through. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Limiter {
    core: Arc<Mutex<RateLimit>>,
}

impl Limiter {
    /// A limiter with DigiCert's limits.
    pub fn digicert() -> Self {
        Limiter::new(RateLimit::digicert())
    }

    /// Wraps a core.
    pub fn new(core: RateLimit) -> Self {
        Limiter {
            core: Arc::new(Mutex::new(core)),
        }
    }

    /// Waits until a request may go, and takes its slot.
    pub async fn acquire(&self) {
        loop {
            let now = tokio::time::Instant::now().into_std();
            let result = {
                let mut core = self.core.lock().unwrap_or_else(|e| e.into_inner());
                core.try_acquire(now)
            };
            match result {
                Ok(()) => return,
                Err(wait) => {
                    tracing::debug!("rate limit: waiting {} ms", wait.as_millis());
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `polls` requests as fast as the limiter allows on a fake clock; returns the send times.
    fn run(polls: usize) -> (Instant, Vec<Instant>) {
        let start = Instant::now();
        let mut clock = start;
        let mut limit = RateLimit::digicert();
        let mut sent = Vec::with_capacity(polls);
        while sent.len() < polls {
            match limit.try_acquire(clock) {
                Ok(()) => sent.push(clock),
                Err(wait) => clock += wait,
            }
        }
        (start, sent)
    }

    /// The most requests any window of `span` holds, checking every window that starts at a send.
    fn busiest(sent: &[Instant], span: Duration) -> usize {
        sent.iter()
            .map(|&from| {
                sent.iter()
                    .filter(|&&t| t >= from && t < from + span)
                    .count()
            })
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn thousand_polls_stay_inside_both_windows() {
        let (start, sent) = run(1000);
        assert_eq!(sent.len(), 1000);
        assert!(busiest(&sent, Duration::from_secs(5)) <= 100);
        assert!(busiest(&sent, Duration::from_secs(180)) <= 1000);
        // ...without throttling more than needed: ten bursts of a hundred, five seconds apart.
        let took = *sent.last().unwrap() - start;
        assert!(took < Duration::from_secs(47), "{took:?}");
        assert!(took >= Duration::from_secs(45), "{took:?}");
    }

    #[test]
    fn the_three_minute_window_holds_beyond_a_thousand() {
        let (start, sent) = run(2500);
        assert!(busiest(&sent, Duration::from_secs(5)) <= 100);
        assert!(busiest(&sent, Duration::from_secs(180)) <= 1000);
        assert_eq!(
            busiest(&sent, Duration::from_secs(180)),
            1000,
            "uses the window fully"
        );
        let took = *sent.last().unwrap() - start;
        assert!(took >= Duration::from_secs(360), "{took:?}");
        // With the margin: a send delayed by up to 100 ms (of 5 s) or 3.6 s (of 3 minutes) on
        // its way still arrives outside the window of the sends after it.
        let ms = Duration::from_millis;
        assert!(busiest(&sent, Duration::from_secs(5) + ms(99)) <= 100);
        assert!(busiest(&sent, Duration::from_secs(183) + ms(599)) <= 1000);
    }

    #[test]
    fn memory_stays_bounded() {
        let mut limit = RateLimit::digicert();
        let mut clock = Instant::now();
        for _ in 0..5000 {
            if let Err(wait) = limit.try_acquire(clock) {
                clock += wait;
            }
        }
        assert!(limit.sent.len() <= 1000);
    }

    #[tokio::test]
    async fn async_limiter_waits_for_a_free_slot() {
        let limiter = Limiter::new(RateLimit::new(&[Window {
            span: Duration::from_millis(100),
            max: 2,
        }]));
        let start = tokio::time::Instant::now();
        for _ in 0..5 {
            limiter.acquire().await;
        }
        // Sends 3-4 wait for 1-2 to leave the window, send 5 for 3-4.
        let took = start.elapsed();
        assert!(took >= Duration::from_millis(200), "{took:?}");
    }
}
