//! When a safe call (a GET) is tried again: on 429, 5xx and transport failures, with exponential
//! backoff and jitter (`backon`), a bounded number of times within a bounded time. Placing an
//! order and the PUTs are never retried; the client does not even ask.

use std::time::Duration;

use backon::ExponentialBuilder;

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

    /// The delays as `backon` makes them: retry `n` (0 for the first) waits between half and
    /// all of `base × 2ⁿ` capped at `cap` (backon's jitter adds up to one more of its delay, so
    /// it is given half of each), at most `max_retries` times.
    pub fn backoff(&self) -> ExponentialBuilder {
        ExponentialBuilder::default()
            .with_min_delay(self.base / 2)
            .with_max_delay(self.cap / 2)
            .with_factor(2.0)
            .with_jitter()
            .with_max_times(usize::try_from(self.max_retries).unwrap_or(usize::MAX))
    }

    /// Whether an error is worth trying again at all.
    pub fn retries(error: &ApiError) -> bool {
        error.kind().is_transient()
    }

    /// backon's next delay adjusted: a rate limit waits at least half of 5 s (the limit is
    /// counted over seconds; retrying sooner only spends more of it), and no retry starts past
    /// the time budget, counted from the first attempt (`elapsed`), answers' time included.
    pub fn adjust(
        &self,
        error: &ApiError,
        proposed: Option<Duration>,
        elapsed: Duration,
    ) -> Option<Duration> {
        let mut delay = proposed?;
        if error.kind() == ErrorKind::RateLimited {
            let floor = self.cap.min(Duration::from_secs(5));
            delay = delay.max(floor.mul_f64(0.5 + fastrand::f64() * 0.5));
        }
        (elapsed + delay <= self.budget).then_some(delay)
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use backon::{BackoffBuilder, Retryable};

    use super::*;

    fn error(kind: ErrorKind) -> ApiError {
        ApiError::new(kind, "reading order 1", "")
    }

    /// How many times a call failing with `kind` is made under `policy`.
    async fn attempts(policy: RetryPolicy, kind: ErrorKind) -> u32 {
        let calls = Cell::new(0);
        let started = tokio::time::Instant::now();
        let result = (|| async {
            calls.set(calls.get() + 1);
            Err::<(), _>(error(kind))
        })
        .retry(policy.backoff())
        .when(RetryPolicy::retries)
        .adjust(|e, d| policy.adjust(e, d, started.elapsed()))
        .await;
        assert!(result.is_err());
        calls.get()
    }

    #[tokio::test]
    async fn retries_only_transient_errors_and_at_most_max_retries_times() {
        // Delays of a millisecond or two, so the test does not sleep for long.
        let p = RetryPolicy {
            base: Duration::from_millis(1),
            cap: Duration::from_millis(2),
            ..RetryPolicy::default()
        };
        for kind in [ErrorKind::Server, ErrorKind::Transport] {
            assert_eq!(attempts(p, kind).await, 5, "{kind:?}");
        }
        for kind in [
            ErrorKind::BadKey,
            ErrorKind::MissingPermission,
            ErrorKind::NotFound,
            ErrorKind::BadInput,
            ErrorKind::Unreadable,
            ErrorKind::OutcomeUnknown,
        ] {
            assert_eq!(attempts(p, kind).await, 1, "{kind:?}");
        }
        let none = RetryPolicy {
            max_retries: 0,
            ..p
        };
        assert_eq!(attempts(none, ErrorKind::Server).await, 1);
    }

    #[test]
    fn delays_grow_with_jitter_between_half_and_all_of_the_nominal() {
        let p = RetryPolicy::default();
        for _ in 0..50 {
            let delays: Vec<Duration> = p.backoff().build().collect();
            assert_eq!(delays.len(), 4, "count bound");
            for (retry, d) in (0u32..).zip(&delays) {
                let nominal = (p.base * 2u32.pow(retry)).min(p.cap);
                assert!(*d >= nominal / 2 && *d <= nominal, "{retry}: {d:?}");
            }
        }
    }

    #[test]
    fn the_time_budget_and_rate_limits_adjust_the_delay() {
        let p = RetryPolicy::default();
        let e = error(ErrorKind::Server);
        let d = Some(Duration::from_secs(1));
        assert_eq!(p.adjust(&e, d, Duration::ZERO), d);
        assert_eq!(p.adjust(&e, d, Duration::from_secs(30)), None, "time bound");
        assert_eq!(p.adjust(&e, None, Duration::ZERO), None, "count bound");
        let limited = p
            .adjust(&error(ErrorKind::RateLimited), d, Duration::ZERO)
            .unwrap();
        assert!(limited >= Duration::from_millis(2500), "{limited:?}");
    }
}
