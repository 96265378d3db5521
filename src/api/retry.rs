//! When a safe call (a GET) is tried again: on 429, 5xx and transport failures, with exponential
//! backoff and jitter, a bounded number of times within a bounded time. Placing an order and the
//! PUTs are never retried; the client does not even ask.

use std::time::Duration;

use super::error::{ApiError, ErrorKind};

/// How GETs are retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// The first delay; each retry doubles it.
    pub base: Duration,
    /// No single delay is longer.
    pub cap: Duration,
    /// No retry starts when this much time has passed since the first attempt.
    pub budget: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 4,
            base: Duration::from_millis(500),
            cap: Duration::from_secs(8),
            budget: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// The delay before retry number `retry` (0 for the first), or `None` when the error is not
    /// worth retrying or the count or time budget is spent.
    pub fn delay(&self, retry: u32, elapsed: Duration, error: &ApiError) -> Option<Duration> {
        if retry >= self.max_retries || !error.kind().is_transient() {
            return None;
        }
        let mut nominal = self
            .base
            .saturating_mul(2u32.saturating_pow(retry))
            .min(self.cap);
        if error.kind() == ErrorKind::RateLimited {
            // The limit is counted over seconds; retrying sooner only spends more of it.
            nominal = nominal.max(self.cap.min(Duration::from_secs(5)));
        }
        // Jitter between half and all of the nominal delay, so parallel trackers spread out.
        let delay = nominal.mul_f64(0.5 + fastrand::f64() * 0.5);
        (elapsed + delay <= self.budget).then_some(delay)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(kind: ErrorKind) -> ApiError {
        ApiError::new(kind, "reading order 1", "")
    }

    #[test]
    fn retries_only_transient_errors() {
        let p = RetryPolicy::default();
        for kind in [
            ErrorKind::Server,
            ErrorKind::Transport,
            ErrorKind::RateLimited,
        ] {
            assert!(
                p.delay(0, Duration::ZERO, &error(kind)).is_some(),
                "{kind:?}"
            );
        }
        for kind in [
            ErrorKind::BadKey,
            ErrorKind::MissingPermission,
            ErrorKind::NotFound,
            ErrorKind::BadInput,
            ErrorKind::Unreadable,
            ErrorKind::OutcomeUnknown,
        ] {
            assert!(
                p.delay(0, Duration::ZERO, &error(kind)).is_none(),
                "{kind:?}"
            );
        }
    }

    #[test]
    fn delays_grow_with_jitter_and_stop_at_the_bounds() {
        let p = RetryPolicy::default();
        let e = error(ErrorKind::Server);
        for retry in 0..4 {
            let nominal = (p.base * 2u32.pow(retry)).min(p.cap);
            let d = p.delay(retry, Duration::ZERO, &e).unwrap();
            assert!(d >= nominal / 2 && d <= nominal, "{retry}: {d:?}");
        }
        assert!(p.delay(4, Duration::ZERO, &e).is_none(), "count bound");
        assert!(
            p.delay(0, Duration::from_secs(30), &e).is_none(),
            "time bound"
        );
        assert!(RetryPolicy::none().delay(0, Duration::ZERO, &e).is_none());
    }

    #[test]
    fn rate_limits_wait_longer() {
        let p = RetryPolicy::default();
        let d = p
            .delay(0, Duration::ZERO, &error(ErrorKind::RateLimited))
            .unwrap();
        assert!(d >= Duration::from_millis(2500), "{d:?}");
    }
}
