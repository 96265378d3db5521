//! Fault injection per route, so tests can see how certwiz copes with a slow, failing or
//! vanishing CertCentral.
//!
//! Faults are queued per route and used up one request at a time. They are set in code
//! (`handle.faults().inject(Route::PlaceOrder, Fault::Status(500), 1)`), through the loopback
//! control endpoint `POST /_sandbox/faults`, or for a sandbox started by the binary with the
//! `CERTWIZ_SANDBOX_FAULTS` variable, all with one syntax:
//! `place_order=drop,order_info=500x3,request_info=latency:2000,users=429x*`
//! (`xN` repeats a fault N times, `x*` for good; once by default).

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::Mutex;
use std::time::Duration;

/// One documented call the sandbox answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Route {
    PlaceOrder,
    OrderInfo,
    CancelOrder,
    RequestInfo,
    DecideRequest,
    ListRequests,
    Organizations,
    Containers,
    Users,
    Metadata,
    ProductDetails,
    Products,
    DownloadCertificate,
    StatusChanges,
    // The certificate's life (sandbox/lifetime).
    ListOrders,
    ExpiringReport,
    Reissue,
    RevokeCertificate,
    RevokeOrder,
}

impl Route {
    /// Every route.
    pub const ALL: [Route; 19] = [
        Route::PlaceOrder,
        Route::OrderInfo,
        Route::CancelOrder,
        Route::RequestInfo,
        Route::DecideRequest,
        Route::ListRequests,
        Route::Organizations,
        Route::Containers,
        Route::Users,
        Route::Metadata,
        Route::ProductDetails,
        Route::Products,
        Route::DownloadCertificate,
        Route::StatusChanges,
        Route::ListOrders,
        Route::ExpiringReport,
        Route::Reissue,
        Route::RevokeCertificate,
        Route::RevokeOrder,
    ];

    /// The name used in fault specs.
    pub fn name(self) -> &'static str {
        match self {
            Route::PlaceOrder => "place_order",
            Route::OrderInfo => "order_info",
            Route::CancelOrder => "cancel_order",
            Route::RequestInfo => "request_info",
            Route::DecideRequest => "decide_request",
            Route::ListRequests => "list_requests",
            Route::Organizations => "organizations",
            Route::Containers => "containers",
            Route::Users => "users",
            Route::Metadata => "metadata",
            Route::ProductDetails => "product_details",
            Route::Products => "products",
            Route::DownloadCertificate => "download_certificate",
            Route::StatusChanges => "status_changes",
            Route::ListOrders => "list_orders",
            Route::ExpiringReport => "expiring_report",
            Route::Reissue => "reissue",
            Route::RevokeCertificate => "revoke_certificate",
            Route::RevokeOrder => "revoke_order",
        }
    }

    /// Parses a route name.
    pub fn parse(name: &str) -> Option<Route> {
        Route::ALL.into_iter().find(|r| r.name() == name.trim())
    }

    /// The route of a request, from its method and its path below `/services/v2`.
    pub fn of(method: &str, path: &str) -> Option<Route> {
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        let route = match (method, parts.as_slice()) {
            ("GET", ["order", "certificate", "status-changes"]) => Route::StatusChanges,
            ("GET", ["order", "certificate"]) => Route::ListOrders,
            ("GET", ["report", "order", "expiring"]) => Route::ExpiringReport,
            ("POST", ["order", "certificate", _, "reissue"]) => Route::Reissue,
            ("PUT", ["certificate", _, "revoke"]) => Route::RevokeCertificate,
            ("PUT", ["order", "certificate", _, "revoke"]) => Route::RevokeOrder,
            ("POST", ["order", "certificate", _]) => Route::PlaceOrder,
            ("GET", ["order", "certificate", _]) => Route::OrderInfo,
            ("PUT", ["order", "certificate", _, "status"]) => Route::CancelOrder,
            ("GET", ["request", _]) => Route::RequestInfo,
            ("PUT", ["request", _, "status"]) => Route::DecideRequest,
            ("GET", ["request"]) => Route::ListRequests,
            ("GET", ["organization"]) => Route::Organizations,
            ("GET", ["container"]) => Route::Containers,
            ("GET", ["user"]) => Route::Users,
            ("GET", ["account", "metadata"]) => Route::Metadata,
            ("GET", ["product"]) => Route::Products,
            ("GET", ["product", _]) => Route::ProductDetails,
            ("GET", ["certificate", "download", "order", _, "format", _]) => {
                Route::DownloadCertificate
            }
            _ => return None,
        };
        Some(route)
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What goes wrong with one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The answer comes this much later.
    Latency(Duration),
    /// The request is refused with this status and a DigiCert-style error body.
    Status(u16),
    /// The request is served, but its answer's body is cut-off JSON.
    Malformed,
    /// The request is read and served, then the connection closes without an answer.
    Drop,
    /// The key is refused as CertCentral refuses a bad or revoked key: HTTP 403 with
    /// `access_denied|access_denied_invalid_key` (not 401).
    BadKey,
    /// The request is served, but every string of its JSON answer (an error's message too)
    /// ends in terminal escape sequences: OSC 52 (clipboard), OSC 0 (window title), the C1 CSI
    /// U+009B and a bidi override. For proving that nothing from a server reaches a terminal raw.
    /// With a status (`hostile:400`), the request is refused with it instead, in the same
    /// poisoned words.
    Hostile(Option<u16>),
    /// The request is served, and its answer is followed by this many MB of spaces (still
    /// valid JSON), sent in chunks: for proving that answers are read bounded.
    Oversized(u32),
    /// The request is served (an order is stored), then answered with this status and no
    /// DigiCert error body (`stored:302`, `stored:400`): an answer that proves nothing.
    Stored(u16),
    /// The request is served, then answered with an order id that is no order id (`id:1e30`,
    /// `id:0`, `id:-1`).
    OddId(OddId),
    /// The request is refused, nothing stored, as CertCentral refuses a renewal
    /// (`refuse:order_renewed_already`, `refuse:order_not_eligible_for_renewal`): HTTP 400
    /// with that code. The codes are known from public clients, not from DigiCert's pages;
    /// the status is an assumption (DigiCert documents neither).
    RefuseRenewal(crate::ordering::renewal::Refused),
}

/// The order ids [`Fault::OddId`] answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OddId {
    /// `1e30`: does not fit in an i64.
    Huge,
    /// `0`.
    Zero,
    /// `-1`.
    Negative,
}

impl OddId {
    /// The id as JSON text.
    pub fn json(self) -> &'static str {
        match self {
            OddId::Huge => "1e30",
            OddId::Zero => "0",
            OddId::Negative => "-1",
        }
    }
}

/// What [`Fault::Hostile`] appends to every string of an answer.
pub const HOSTILE_TEXT: &str =
    "\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}]0;pwned\u{7}\u{9b}31m\u{202e}desrever";

impl Fault {
    /// Parses `drop`, `malformed`, `bad_key`, `hostile`, `hostile:STATUS`, `oversized:MB`,
    /// `latency:MS`, `stored:STATUS`, `id:1e30`, `id:0`, `id:-1`, `refuse:CODE` or a status
    /// such as `500`.
    pub fn parse(text: &str) -> Result<Fault, String> {
        let text = text.trim();
        match text {
            "drop" => return Ok(Fault::Drop),
            "malformed" => return Ok(Fault::Malformed),
            "bad_key" => return Ok(Fault::BadKey),
            "hostile" => return Ok(Fault::Hostile(None)),
            "id:1e30" => return Ok(Fault::OddId(OddId::Huge)),
            "id:0" => return Ok(Fault::OddId(OddId::Zero)),
            "id:-1" => return Ok(Fault::OddId(OddId::Negative)),
            _ => {}
        }
        if let Some(code) = text.strip_prefix("hostile:") {
            return match code.parse::<u16>() {
                Ok(code) if (400..=599).contains(&code) => Ok(Fault::Hostile(Some(code))),
                _ => Err(format!(
                    "hostile takes an HTTP status 400-599, not {text:?}"
                )),
            };
        }
        if let Some(mb) = text.strip_prefix("oversized:") {
            return mb.parse::<u32>().map(Fault::Oversized).map_err(|_| {
                format!("oversized needs megabytes, as in oversized:64, not {text:?}")
            });
        }
        if let Some(code) = text.strip_prefix("refuse:") {
            return crate::ordering::renewal::Refused::of_code(code)
                .map(Fault::RefuseRenewal)
                .ok_or_else(|| {
                    format!(
                        "refuse: takes order_renewed_already or order_not_eligible_for_renewal, not {text:?}"
                    )
                });
        }
        if let Some(code) = text.strip_prefix("stored:") {
            return match code.parse::<u16>() {
                Ok(code) if (300..=599).contains(&code) => Ok(Fault::Stored(code)),
                _ => Err(format!(
                    "stored: needs an HTTP status 300-599, as in stored:302, not {text:?}"
                )),
            };
        }
        if let Some(ms) = text.strip_prefix("latency:") {
            return ms
                .parse::<u64>()
                .map(|ms| Fault::Latency(Duration::from_millis(ms)))
                .map_err(|_| {
                    format!("latency needs milliseconds, as in latency:2000, not {text:?}")
                });
        }
        match text.parse::<u16>() {
            Ok(code) if (400..=599).contains(&code) => Ok(Fault::Status(code)),
            _ => Err(format!(
                "unknown fault {text:?}: expected drop, malformed, bad_key, hostile, hostile:STATUS, oversized:MB, latency:MS, stored:STATUS, id:1e30, id:0, id:-1, refuse:CODE or an HTTP status 400-599"
            )),
        }
    }
}

/// How many more requests a queued fault hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Times {
    Left(usize),
    Always,
}

/// The queued faults of a sandbox.
#[derive(Debug, Default)]
pub struct Faults {
    queued: Mutex<HashMap<Route, VecDeque<(Fault, Times)>>>,
}

impl Faults {
    /// Makes the next `times` requests to `route` fail with `fault` (after faults queued earlier).
    pub fn inject(&self, route: Route, fault: Fault, times: usize) {
        if times > 0 {
            self.push(route, fault, Times::Left(times));
        }
    }

    /// Makes every request to `route` fail with `fault` until [`Faults::clear`].
    pub fn inject_always(&self, route: Route, fault: Fault) {
        self.push(route, fault, Times::Always);
    }

    /// Removes every queued fault.
    pub fn clear(&self) {
        self.lock().clear();
    }

    /// Queues the faults of a spec such as `place_order=drop,order_info=500x3`.
    pub fn apply_spec(&self, spec: &str) -> Result<(), String> {
        let mut parsed = Vec::new();
        for item in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (route, rest) = item
                .split_once('=')
                .ok_or_else(|| format!("{item:?}: expected route=fault"))?;
            let route = Route::parse(route).ok_or_else(|| {
                let names: Vec<&str> = Route::ALL.iter().map(|r| r.name()).collect();
                format!(
                    "unknown route {route:?}: expected one of {}",
                    names.join(", ")
                )
            })?;
            let (fault, times) = match rest.rsplit_once('x') {
                Some((fault, "*")) => (fault, Times::Always),
                Some((fault, n)) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => {
                    let n = n.parse().map_err(|_| format!("{item:?}: bad count"))?;
                    (fault, Times::Left(n))
                }
                _ => (rest, Times::Left(1)),
            };
            parsed.push((route, Fault::parse(fault)?, times));
        }
        for (route, fault, times) in parsed {
            self.push(route, fault, times);
        }
        Ok(())
    }

    /// Takes the fault for the next request to `route`, if any.
    pub fn next(&self, route: Route) -> Option<Fault> {
        let mut queued = self.lock();
        let queue = queued.get_mut(&route)?;
        let (fault, times) = queue.front_mut()?;
        let fault = *fault;
        if let Times::Left(n) = times {
            *n -= 1;
            if *n == 0 {
                queue.pop_front();
            }
        }
        Some(fault)
    }

    fn push(&self, route: Route, fault: Fault, times: Times) {
        self.lock()
            .entry(route)
            .or_default()
            .push_back((fault, times));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Route, VecDeque<(Fault, Times)>>> {
        self.queued.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_are_recognised_from_method_and_path() {
        assert_eq!(
            Route::of("POST", "/order/certificate/document_signing_org_1"),
            Some(Route::PlaceOrder)
        );
        assert_eq!(
            Route::of("GET", "/order/certificate/5"),
            Some(Route::OrderInfo)
        );
        assert_eq!(
            Route::of("PUT", "/order/certificate/5/status"),
            Some(Route::CancelOrder)
        );
        assert_eq!(Route::of("GET", "/request"), Some(Route::ListRequests));
        assert_eq!(
            Route::of("GET", "/order/certificate/status-changes"),
            Some(Route::StatusChanges)
        );
        assert_eq!(
            Route::of("PUT", "/request/3/status"),
            Some(Route::DecideRequest)
        );
        assert_eq!(Route::of("DELETE", "/request/3"), None);
        for r in Route::ALL {
            assert_eq!(Route::parse(r.name()), Some(r));
        }
    }

    #[test]
    fn specs_queue_faults_that_are_used_up() {
        let f = Faults::default();
        f.apply_spec("place_order=drop, order_info=500x2,request_info=latency:20,users=429x*")
            .unwrap();
        assert_eq!(f.next(Route::PlaceOrder), Some(Fault::Drop));
        assert_eq!(f.next(Route::PlaceOrder), None);
        assert_eq!(f.next(Route::OrderInfo), Some(Fault::Status(500)));
        assert_eq!(f.next(Route::OrderInfo), Some(Fault::Status(500)));
        assert_eq!(f.next(Route::OrderInfo), None);
        assert_eq!(
            f.next(Route::RequestInfo),
            Some(Fault::Latency(Duration::from_millis(20)))
        );
        for _ in 0..5 {
            assert_eq!(f.next(Route::Users), Some(Fault::Status(429)));
        }
        f.clear();
        assert_eq!(f.next(Route::Users), None);
        f.apply_spec("place_order=stored:302,place_order=stored:400x2,place_order=id:1e30")
            .unwrap();
        assert_eq!(f.next(Route::PlaceOrder), Some(Fault::Stored(302)));
        assert_eq!(f.next(Route::PlaceOrder), Some(Fault::Stored(400)));
        assert_eq!(f.next(Route::PlaceOrder), Some(Fault::Stored(400)));
        assert_eq!(f.next(Route::PlaceOrder), Some(Fault::OddId(OddId::Huge)));
        assert!(f.apply_spec("place_order=stored:200").is_err());
        f.apply_spec("place_order=refuse:order_renewed_already")
            .unwrap();
        assert_eq!(
            f.next(Route::PlaceOrder),
            Some(Fault::RefuseRenewal(
                crate::ordering::renewal::Refused::RenewedAlready
            ))
        );
        assert!(f.apply_spec("place_order=refuse:teapot").is_err());
    }

    #[test]
    fn bad_specs_are_refused_whole() {
        let f = Faults::default();
        assert!(f.apply_spec("order_info=500,nowhere=drop").is_err());
        assert_eq!(f.next(Route::OrderInfo), None, "nothing applied");
        assert!(f.apply_spec("order_info=teapot").is_err());
        assert!(f.apply_spec("order_info").is_err());
        assert!(f.apply_spec("order_info=200").is_err());
        f.inject(Route::Metadata, Fault::Malformed, 0);
        assert_eq!(f.next(Route::Metadata), None);
    }
}
