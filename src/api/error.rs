//! One error type for every API call: what went wrong, in words a person can act on.
//!
//! DigiCert's error body is `{"errors":[{"code":"...","message":"..."}]}`, sometimes with `errors`
//! as a single object; codes may carry a qualifier after `|` (`not_found|order`). Messages never
//! hold the API key: the client redacts it from anything a server sends back.

use std::fmt;

use serde_json::Value;

use crate::order::catalog;
use crate::outside::{Safe, safe};

/// What kind of failure an [`ApiError`] is; callers decide what to do by this.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The key is wrong, revoked or missing: `access_denied|access_denied_invalid_key` (403),
    /// or a bare 401.
    BadKey,
    /// The key is valid but lacks a permission: `access_denied|missing_permission` (403).
    MissingPermission,
    /// 404: no such order, request or product.
    NotFound,
    /// 429: over DigiCert's per-key rate limit.
    RateLimited,
    /// 400: the input was refused; see [`ApiError::field_errors`].
    BadInput,
    /// 5xx: trouble on DigiCert's side.
    Server,
    /// The request did not get an answer (connection refused, DNS, TLS, timeout of a safe call).
    Transport,
    /// An answer came but could not be read.
    Unreadable,
    /// Placing the order may or may not have worked: look the order up, never send it again.
    OutcomeUnknown,
}

impl ErrorKind {
    /// Whether trying the same safe (GET) call again may help.
    pub fn is_transient(self) -> bool {
        matches!(
            self,
            ErrorKind::RateLimited | ErrorKind::Server | ErrorKind::Transport
        )
    }
}

/// One entry of DigiCert's `errors` list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ApiFieldError {
    /// The code before any `|` (`invalid_field`, `not_found`).
    pub code: String,
    /// The part after `|`, when there is one.
    pub qualifier: Option<String>,
    /// DigiCert's message.
    pub message: String,
    /// The field concerned as a dotted path (`ship_info.city`), when the error names one.
    pub field: Option<String>,
}

impl ApiFieldError {
    /// Reads one error object; anything missing becomes empty rather than failing.
    fn from_value(value: &Value) -> Option<Self> {
        let object = value.as_object()?;
        let raw_code = object.get("code").and_then(Value::as_str).unwrap_or("");
        let (code, qualifier) = match raw_code.split_once('|') {
            Some((c, q)) => (c.to_owned(), Some(q.to_owned())),
            None => (raw_code.to_owned(), None),
        };
        let message = object
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let field = object
            .get("field")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or_else(|| qualifier.clone().filter(|q| names_a_field(q)));
        Some(ApiFieldError {
            code,
            qualifier,
            message,
            field,
        })
    }
}

impl fmt::Display for ApiFieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = if self.message.is_empty() {
            &self.code
        } else {
            &self.message
        };
        let text = Safe(text);
        match &self.field {
            Some(field) => write!(f, "{}: {text}", Safe(field)),
            None => write!(f, "{text}"),
        }
    }
}

/// Whether a qualifier is a field path of the order body rather than a word like `order`.
fn names_a_field(qualifier: &str) -> bool {
    catalog::field(qualifier).is_some()
        || qualifier.starts_with(catalog::custom_fields_key())
        || (qualifier.contains('.')
            && qualifier
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._[]".contains(c)))
}

/// The error codes DigiCert documents (its "Errors" page, docs/digicert-api-reference.md §9) or
/// that are attested publicly, which certwiz can meet, with the kind each means. A code's
/// qualifier after `|` is matched when given here; a code not listed is read by its HTTP status.
///
/// The invalid-key code is not on DigiCert's stored Errors page; it is attested in a public
/// issue (cert-manager#6107) as `access_denied|access_denied_invalid_key`, with no status shown.
/// CertCentral answers it with 403, so the code, not the status, decides.
pub const DOCUMENTED_CODES: &[(&str, ErrorKind)] = &[
    ("access_denied|access_denied_invalid_key", ErrorKind::BadKey),
    ("access_denied|invalid_api_key", ErrorKind::BadKey),
    (
        "access_denied|missing_permission",
        ErrorKind::MissingPermission,
    ),
    (
        "access_denied|invalid_approver",
        ErrorKind::MissingPermission,
    ),
    ("access_denied", ErrorKind::MissingPermission),
    ("request_limit_exceeded", ErrorKind::RateLimited),
    ("not_found", ErrorKind::NotFound),
    ("bad_request_format", ErrorKind::BadInput),
    ("invalid_custom_field_value", ErrorKind::BadInput),
    ("time_frame_too_long", ErrorKind::BadInput),
    ("csr_invalid_cannot_parse", ErrorKind::BadInput),
    ("ambiguous_product", ErrorKind::BadInput),
];

/// What kind of failure an answer to the order POST is, decided by evidence: only DigiCert's
/// documented refusals mean "not placed": a 4xx carrying its error envelope
/// (`{"errors":[{"code":...}]}` with a code; "Errors" page, docs/digicert-api-reference.md §9),
/// or 401, 403, 404 or 429. Anything else after the request left (a redirect, 400/408/409
/// without DigiCert's error body, a 5xx even with one, any other status) may come after the
/// order was stored: its outcome is unknown.
pub fn classify_order_post(status: u16, errors: &[ApiFieldError]) -> ErrorKind {
    let envelope = errors.iter().any(|e| !e.code.is_empty());
    match status {
        401 | 403 | 404 | 429 => classify(status, errors, false),
        400..=499 if envelope => match classify(status, errors, false) {
            ErrorKind::Server | ErrorKind::Unreadable | ErrorKind::Transport => ErrorKind::BadInput,
            kind => kind,
        },
        _ => ErrorKind::OutcomeUnknown,
    }
}

/// What kind of failure an answer is: by DigiCert's code when it is a documented one (a bad key
/// comes as 403, like a missing permission), else by the HTTP status. The order POST's answers
/// are read by [`classify_order_post`].
pub fn classify(status: u16, errors: &[ApiFieldError], order_post: bool) -> ErrorKind {
    if order_post {
        return classify_order_post(status, errors);
    }
    let by_code = errors.iter().find_map(|e| {
        DOCUMENTED_CODES.iter().find_map(|(code, kind)| {
            let (name, qualifier) = code.split_once('|').unwrap_or((code, ""));
            let matches = e.code == name
                && (qualifier.is_empty() || e.qualifier.as_deref() == Some(qualifier));
            matches.then_some(*kind)
        })
    });
    if let Some(kind) = by_code {
        return kind;
    }
    match status {
        401 => ErrorKind::BadKey,
        403 => ErrorKind::MissingPermission,
        404 => ErrorKind::NotFound,
        429 => ErrorKind::RateLimited,
        500..=599 => ErrorKind::Server,
        400..=499 => ErrorKind::BadInput,
        _ => ErrorKind::Unreadable,
    }
}

/// Parses DigiCert's error body; `errors` may be a list or one object. Empty when it is neither.
pub fn parse_error_body(body: &[u8]) -> Vec<ApiFieldError> {
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        return Vec::new();
    };
    match value.get("errors") {
        Some(Value::Array(items)) => items.iter().filter_map(ApiFieldError::from_value).collect(),
        Some(object @ Value::Object(_)) => ApiFieldError::from_value(object).into_iter().collect(),
        _ => Vec::new(),
    }
}

/// The first `max` characters of a body, on one line, for showing an unreadable answer. An
/// HTML page (a proxy's or a server's error page) is named as one, by its title or its text
/// without the tags: quoting its markup would say nothing.
pub fn snippet(body: &[u8], max: usize) -> String {
    let text = String::from_utf8_lossy(body);
    if let Some(words) = html_words(&text) {
        return format!("an HTML page, not JSON: {}", snippet(words.as_bytes(), max));
    }
    let mut out: String = text
        .chars()
        .take(max)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().count() > max {
        out.push('…');
    }
    if out.trim().is_empty() {
        "(empty body)".into()
    } else {
        out
    }
}

/// The words of an HTML page: its `<title>`, else its text without tags; `None` when `text` is
/// not HTML.
fn html_words(text: &str) -> Option<String> {
    let start = text.trim_start();
    let lower = start.to_ascii_lowercase();
    if !(lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || lower.starts_with("<head")
        || lower.starts_with("<body"))
    {
        return None;
    }
    let title = lower.find("<title").and_then(|at| {
        let open = at + lower[at..].find('>')? + 1;
        let close = open + lower[open..].find("</title")?;
        Some(start.get(open..close)?.to_owned())
    });
    let words = match title.filter(|t| !t.trim().is_empty()) {
        Some(title) => title,
        None => {
            let mut plain = String::new();
            let mut in_tag = false;
            for c in start.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => {
                        in_tag = false;
                        plain.push(' ');
                    }
                    c if !in_tag => plain.push(c),
                    _ => {}
                }
            }
            plain
        }
    };
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(if words.is_empty() {
        "(no text)".into()
    } else {
        words
    })
}

/// A failed API call.
#[derive(Debug, Clone)]
pub struct ApiError {
    kind: ErrorKind,
    /// What certwiz was doing, as a phrase: "placing the order".
    action: String,
    status: Option<u16>,
    errors: Vec<ApiFieldError>,
    /// Extra words: the transport failure, or a snippet of an unreadable body.
    detail: String,
}

impl ApiError {
    /// A new error; `detail` must already be free of the key.
    pub fn new(kind: ErrorKind, action: impl Into<String>, detail: impl Into<String>) -> Self {
        ApiError {
            kind,
            action: action.into(),
            status: None,
            errors: Vec::new(),
            detail: detail.into(),
        }
    }

    /// The error for an HTTP status with DigiCert's parsed `errors`.
    pub fn from_status(
        kind: ErrorKind,
        action: impl Into<String>,
        status: u16,
        errors: Vec<ApiFieldError>,
        detail: impl Into<String>,
    ) -> Self {
        ApiError {
            kind,
            action: action.into(),
            status: Some(status),
            errors,
            detail: detail.into(),
        }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// DigiCert's error entries (for 400s: one per refused field).
    pub fn field_errors(&self) -> &[ApiFieldError] {
        &self.errors
    }

    /// The HTTP status, when an answer came.
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// Replaces every occurrence of `secret` in the texts a server sent back.
    pub(crate) fn redact(mut self, secret: &str) -> Self {
        if secret.len() < 4 {
            return self;
        }
        let clean = |s: &mut String| {
            if s.contains(secret) {
                *s = s.replace(secret, "***");
            }
        };
        clean(&mut self.detail);
        for e in &mut self.errors {
            clean(&mut e.message);
            clean(&mut e.code);
            if let Some(q) = &mut e.qualifier {
                clean(q);
            }
            if let Some(f) = &mut e.field {
                clean(f);
            }
        }
        self
    }

    fn server_words(&self) -> String {
        let listed: Vec<String> = self.errors.iter().map(ToString::to_string).collect();
        if listed.is_empty() {
            safe(&self.detail).into_owned()
        } else {
            listed.join("; ")
        }
    }
}

impl ApiError {
    /// DigiCert's own words, verbatim, with their codes (empty when it gave none): for a short
    /// line that names why a question was refused.
    pub fn said(&self) -> String {
        self.digicert_said()
    }

    /// DigiCert's own words, verbatim, with their codes: `"No such order" (not_found|order)`.
    fn digicert_said(&self) -> String {
        let quoted: Vec<String> = self
            .errors
            .iter()
            .map(|e| {
                let code = match &e.qualifier {
                    Some(q) => format!("{}|{}", Safe(&e.code), Safe(q)),
                    None => safe(&e.code).into_owned(),
                };
                match (e.message.is_empty(), code.is_empty()) {
                    (false, false) => format!("\"{}\" ({code})", Safe(&e.message)),
                    (false, true) => format!("\"{}\"", Safe(&e.message)),
                    (true, _) => code,
                }
            })
            .collect();
        quoted.join("; ")
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let action = &self.action;
        let status = self
            .status
            .map(|s| format!(" (HTTP {s})"))
            .unwrap_or_default();
        // Field errors read best as "field: message"; every other answer is quoted as DigiCert
        // wrote it, beside certwiz's own sentence.
        let said = if self.kind == ErrorKind::BadInput {
            self.server_words()
        } else if self.errors.is_empty() {
            safe(&self.detail).into_owned()
        } else {
            format!("CertCentral said: {}", self.digicert_said())
        };
        let quoted = if said.is_empty() {
            String::new()
        } else {
            format!(" {said}.")
        };
        let said = if said.is_empty() {
            String::new()
        } else {
            format!(": {said}")
        };
        match self.kind {
            // Refused before anything was sent (no HTTP status): not CertCentral's doing.
            ErrorKind::BadKey if self.status.is_none() => write!(
                f,
                "The API key is not valid: {}; nothing was sent to CertCentral. Check DIGICERT_API_KEY, or api_key or api_key_command in config.toml",
                safe(&self.detail)
            ),
            ErrorKind::BadKey => write!(
                f,
                "The API key is not valid: CertCentral refused it while {action}{status}.{quoted} Check DIGICERT_API_KEY, or api_key or api_key_command in config.toml"
            ),
            ErrorKind::MissingPermission => write!(
                f,
                "The API key is valid but lacks the permission for {action}{status}.{quoted} An administrator can give the key a role that allows it in CertCentral"
            ),
            ErrorKind::NotFound => write!(f, "Not found while {action}{status}{said}"),
            ErrorKind::RateLimited => write!(
                f,
                "CertCentral's rate limit was reached while {action}{status}{said}; wait a minute and try again"
            ),
            ErrorKind::BadInput => write!(f, "CertCentral refused the input for {action}{said}"),
            ErrorKind::Server => write!(f, "CertCentral had trouble while {action}{status}{said}"),
            ErrorKind::Transport => write!(f, "No answer while {action}{said}"),
            ErrorKind::Unreadable => write!(
                f,
                "Could not read CertCentral's answer while {action}{status}{said}"
            ),
            ErrorKind::OutcomeUnknown => write!(
                f,
                "The order may or may not have been placed{status}{said}. Do not send it again: look it up first (certwiz status, or the orders list in CertCentral)"
            ),
        }
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_list_and_single_object_and_qualifiers() {
        let list = parse_error_body(
            br#"{"errors":[{"code":"not_found|order","message":"No such order"},{"code":"required|ship_info.city","message":"City is required"}]}"#,
        );
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].code, "not_found");
        assert_eq!(list[0].qualifier.as_deref(), Some("order"));
        assert_eq!(list[0].field, None, "order is not a field");
        assert_eq!(list[1].field.as_deref(), Some("ship_info.city"));
        let single = parse_error_body(br#"{"errors":{"code":"access_denied|missing_permission"}}"#);
        assert_eq!(single.len(), 1);
        assert_eq!(single[0].qualifier.as_deref(), Some("missing_permission"));
        let named = parse_error_body(
            br#"{"errors":[{"code":"invalid","message":"bad","field":"subject.email"}]}"#,
        );
        assert_eq!(named[0].field.as_deref(), Some("subject.email"));
        assert!(parse_error_body(b"<html>").is_empty());
        assert!(parse_error_body(br#"{"errors":"x"}"#).is_empty());
    }

    #[test]
    fn only_documented_refusals_of_the_order_post_mean_not_placed() {
        let envelope = parse_error_body(br#"{"errors":[{"code":"invalid_field","message":"x"}]}"#);
        for status in [400, 409, 422] {
            assert_eq!(classify(status, &envelope, true), ErrorKind::BadInput);
        }
        assert_eq!(classify(403, &[], true), ErrorKind::MissingPermission);
        assert_eq!(classify(401, &[], true), ErrorKind::BadKey);
        assert_eq!(classify(404, &[], true), ErrorKind::NotFound);
        assert_eq!(classify(429, &[], true), ErrorKind::RateLimited);
        let no_code = parse_error_body(br#"{"errors":[{"message":"x"}]}"#);
        for (status, errors) in [
            (302, &[][..]),
            (303, &[][..]),
            (307, &[][..]),
            (400, &[][..]),
            (408, &[][..]),
            (409, &[][..]),
            (400, &no_code[..]),
            (500, &envelope[..]),
            (502, &[][..]),
            (200, &[][..]),
        ] {
            assert_eq!(
                classify(status, errors, true),
                ErrorKind::OutcomeUnknown,
                "{status}"
            );
        }
    }

    #[test]
    fn snippets_are_short_and_on_one_line() {
        let long = "a\nb".repeat(200);
        let s = snippet(long.as_bytes(), 20);
        assert!(!s.contains('\n'));
        assert_eq!(s.chars().count(), 21);
        assert_eq!(snippet(b"", 10), "(empty body)");
    }

    #[test]
    fn an_html_page_is_named_by_its_title_not_quoted_with_its_tags() {
        let page = b"<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\
                     <body><h1>502 Bad Gateway</h1><hr>nginx</body></html>";
        let s = snippet(page, 80);
        assert_eq!(s, "an HTML page, not JSON: 502 Bad Gateway");
        let untitled = b"<html><body><h1>Service   Unavailable</h1></body></html>";
        assert_eq!(
            snippet(untitled, 80),
            "an HTML page, not JSON: Service Unavailable"
        );
        assert_eq!(snippet(b"<b>", 80), "<b>", "not a page: quoted as it came");
    }

    #[test]
    fn messages_name_the_action_and_fields() {
        let e = ApiError::from_status(
            ErrorKind::BadInput,
            "placing the order",
            400,
            parse_error_body(
                br#"{"errors":[{"code":"required|ship_info.city","message":"City is required"}]}"#,
            ),
            "",
        );
        assert_eq!(
            e.to_string(),
            "CertCentral refused the input for placing the order: ship_info.city: City is required"
        );
        let e = ApiError::new(ErrorKind::OutcomeUnknown, "placing the order", "timed out");
        assert!(e.to_string().contains("Do not send it again"), "{e}");
    }

    #[test]
    fn redaction_removes_the_secret_everywhere() {
        let e = ApiError::from_status(
            ErrorKind::BadKey,
            "reading order 1",
            401,
            parse_error_body(
                br#"{"errors":[{"code":"bad|KEY-1234","message":"key KEY-1234 unknown"}]}"#,
            ),
            "KEY-1234",
        )
        .redact("KEY-1234");
        assert!(!e.to_string().contains("KEY-1234"));
        assert!(!format!("{e:?}").contains("KEY-1234"));
    }

    /// A key that cannot be put in a header is refused before anything is sent: the message
    /// said "CertCentral refused it while preparing the API key", which CertCentral never saw.
    #[test]
    fn a_key_refused_before_sending_does_not_blame_certcentral() {
        let e = ApiError::new(
            ErrorKind::BadKey,
            "preparing the API key",
            "it holds characters an HTTP header cannot carry",
        );
        let text = e.to_string();
        assert!(!text.contains("CertCentral refused"), "{text}");
        assert!(
            text.starts_with("The API key is not valid: it holds characters an HTTP header cannot carry; nothing was sent to CertCentral."),
            "{text}"
        );
    }
}
