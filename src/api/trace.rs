//! What the client writes to the log (see [`crate::log`]): each call's method, path (without its
//! query), status and duration, DigiCert's error codes, retries and back-offs. Never a header, a
//! body or an error message: messages may quote the order's personal data.

use std::time::Duration;

use reqwest::Method;

use super::error::{ApiError, ErrorKind, parse_error_body};
use crate::log::loggable_path;

/// DigiCert's error codes in an answer, with their qualifiers (`invalid_field|ship_info.city`),
/// comma separated; empty when there are none.
fn error_codes(body: &[u8]) -> String {
    parse_error_body(body)
        .iter()
        .map(|e| match &e.qualifier {
            Some(q) => format!("{}|{q}", e.code),
            None => e.code.clone(),
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn millis(elapsed: Duration) -> u64 {
    u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX)
}

/// A call that got an answer: success at debug, a refusal at warn with its codes.
pub(super) fn answered(method: &Method, path: &str, status: u16, elapsed: Duration, body: &[u8]) {
    let path = loggable_path(path);
    let ms = millis(elapsed);
    if (200..300).contains(&status) {
        tracing::debug!("{method} {path} -> {status} in {ms} ms");
    } else {
        let codes = error_codes(body);
        tracing::warn!("{method} {path} -> {status} in {ms} ms, errors [{codes}]");
    }
}

/// A call that got no (readable) answer: a refused connection, a timeout, a cut-off answer.
pub(super) fn unanswered(method: &Method, path: &str, elapsed: Duration, error: &ApiError) {
    let path = loggable_path(path);
    let ms = millis(elapsed);
    let kind = kind_name(error.kind());
    tracing::warn!("{method} {path} -> no answer after {ms} ms ({kind})");
}

/// A GET tried again after a delay.
pub(super) fn retrying(path: &str, retry: u32, delay: Duration, error: &ApiError) {
    let path = loggable_path(path);
    let kind = kind_name(error.kind());
    let status = error
        .status()
        .map(|s| s.to_string())
        .unwrap_or_else(|| "-".into());
    let ms = millis(delay);
    tracing::info!("GET {path}: retry {retry} in {ms} ms after {kind} (status {status})");
}

/// A GET given up on after retries.
pub(super) fn gave_up(path: &str, retries: u32, error: &ApiError) {
    if retries > 0 {
        let path = loggable_path(path);
        let kind = kind_name(error.kind());
        tracing::warn!("GET {path}: giving up after {retries} retries ({kind})");
    }
}

/// The kind of an error as a word for the log.
fn kind_name(kind: ErrorKind) -> String {
    format!("{kind:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_keep_qualifiers_and_drop_messages() {
        let body = br#"{"errors":[{"code":"invalid_field|ship_info.city","message":"Richmond is wrong"},{"code":"x","message":"m"}]}"#;
        let codes = error_codes(body);
        assert_eq!(codes, "invalid_field|ship_info.city,x");
        assert!(!codes.contains("Richmond"));
        assert_eq!(error_codes(b"<html>"), "");
    }
}
