//! DigiCert's per-key rate limits, enforced by the sandbox when asked to (off by default): at
//! most `max` requests served in any rolling `span`, for every window, counted per API key.
//! A request over either window is answered 429 `request_limit_exceeded` with DigiCert's words
//! (docs/digicert-api-reference.md §10), and counted, so a test can assert that none were sent.
//!
//! Turned on with `CERTWIZ_SANDBOX_RATE_LIMIT=digicert` (100 per 5 s and 1000 per 3 min) or a
//! list of windows such as `100/5000,1000/180000` (requests/milliseconds), or in code with
//! [`SandboxHandle::enforce_rate_limit`](super::SandboxHandle::enforce_rate_limit).

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::api::limiter::{DIGICERT_WINDOWS, Window};

/// Turns on rate limiting for the sandbox the binary starts.
pub const RATE_LIMIT_ENV: &str = "CERTWIZ_SANDBOX_RATE_LIMIT";

/// Parses `digicert`, `off` or `MAX/MS[,MAX/MS...]`.
pub fn parse_windows(spec: &str) -> Result<Vec<Window>, String> {
    match spec.trim() {
        "" | "off" | "none" => return Ok(Vec::new()),
        "digicert" => return Ok(DIGICERT_WINDOWS.to_vec()),
        _ => {}
    }
    spec.split(',')
        .map(|item| {
            let item = item.trim();
            let (max, ms) = item.split_once('/').ok_or_else(|| {
                format!(
                    "{item:?}: expected digicert, off, or requests/milliseconds such as 100/5000"
                )
            })?;
            let max = max
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|m| *m > 0)
                .ok_or_else(|| format!("{item:?}: the request count must be a positive number"))?;
            let ms = ms
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|m| *m > 0)
                .ok_or_else(|| format!("{item:?}: the span must be a positive number of ms"))?;
            Ok(Window {
                span: Duration::from_millis(ms),
                max,
            })
        })
        .collect()
}

/// The sandbox's limiter: arrivals per key, and how many requests it refused.
#[derive(Debug, Default)]
pub struct KeyLimits {
    windows: Mutex<Vec<Window>>,
    served: Mutex<HashMap<String, VecDeque<Instant>>>,
    refused: AtomicUsize,
}

impl KeyLimits {
    /// Enforces `windows` from now on (none: off); forgets what was counted.
    pub fn set(&self, windows: &[Window]) {
        *self.windows.lock().unwrap_or_else(|e| e.into_inner()) = windows.to_vec();
        self.served
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// Whether a request with `key` arriving at `now` may be served; counts it when it may, and
    /// counts a refusal when it may not.
    pub fn admit(&self, key: &str, now: Instant) -> bool {
        let windows = self
            .windows
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        if windows.is_empty() {
            return true;
        }
        let longest = windows.iter().map(|w| w.span).max().unwrap_or_default();
        let mut served = self.served.lock().unwrap_or_else(|e| e.into_inner());
        let arrivals = served.entry(key.to_owned()).or_default();
        while arrivals
            .front()
            .is_some_and(|t| now.saturating_duration_since(*t) >= longest)
        {
            arrivals.pop_front();
        }
        let over = windows.iter().any(|w| {
            let inside = arrivals
                .iter()
                .rev()
                .take_while(|t| now.saturating_duration_since(**t) < w.span)
                .count();
            inside >= w.max
        });
        if over {
            self.refused.fetch_add(1, Ordering::Relaxed);
            false
        } else {
            arrivals.push_back(now);
            true
        }
    }

    /// Requests refused with 429 since the sandbox started.
    pub fn refused(&self) -> usize {
        self.refused.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn either_window_refuses_and_counts() {
        let limits = KeyLimits::default();
        let t0 = Instant::now();
        assert!(limits.admit("k", t0), "off by default");
        limits.set(&parse_windows("3/100,5/1000").unwrap());
        for i in 0..3 {
            assert!(limits.admit("k", t0 + Duration::from_millis(i)));
        }
        assert!(
            !limits.admit("k", t0 + Duration::from_millis(50)),
            "3 per 100 ms"
        );
        assert!(
            limits.admit("other", t0 + Duration::from_millis(50)),
            "per key"
        );
        assert!(limits.admit("k", t0 + Duration::from_millis(100)));
        assert!(limits.admit("k", t0 + Duration::from_millis(101)));
        assert!(
            !limits.admit("k", t0 + Duration::from_millis(300)),
            "5 per s"
        );
        assert!(limits.admit("k", t0 + Duration::from_millis(1000)));
        assert_eq!(limits.refused(), 2);
    }

    #[test]
    fn specs() {
        assert_eq!(
            parse_windows("digicert").unwrap(),
            DIGICERT_WINDOWS.to_vec()
        );
        assert!(parse_windows("off").unwrap().is_empty());
        assert!(parse_windows("100").is_err());
        assert!(parse_windows("0/5").is_err());
        assert!(parse_windows("5/x").is_err());
    }
}
