//! The sandbox's hostile answers ([`Fault::Hostile`](super::faults::Fault::Hostile) and
//! [`Fault::Oversized`](super::faults::Fault::Oversized)): a served answer made into what a
//! hostile or broken server could send, for proving that certwiz prints nothing from a server
//! raw and reads answers bounded.

use axum::body::{Body, Bytes};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::faults::HOSTILE_TEXT;

/// The most of a served answer this reads back to rewrite it (the sandbox's own answers are
/// far smaller).
const REWRITE_LIMIT: usize = 16 << 20;

/// `response` with [`HOSTILE_TEXT`] appended to every string of its JSON body; any other body
/// is left alone.
pub(super) async fn hostile(response: Response) -> Response {
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, REWRITE_LIMIT).await else {
        return parts.status.into_response();
    };
    let body = match serde_json::from_slice::<Value>(&bytes) {
        Ok(mut value) => {
            poison(&mut value);
            Body::from(value.to_string())
        }
        Err(_) => Body::from(bytes),
    };
    let mut parts = parts;
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    Response::from_parts(parts, body)
}

fn poison(value: &mut Value) {
    match value {
        Value::String(s) => s.push_str(HOSTILE_TEXT),
        Value::Array(items) => items.iter_mut().for_each(poison),
        Value::Object(map) => map.values_mut().for_each(poison),
        _ => {}
    }
}

/// `response` followed by `mb` megabytes of spaces, streamed 64 KiB at a time: still the same
/// JSON to a reader that reads it all.
pub(super) async fn oversized(response: Response, mb: u32) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, REWRITE_LIMIT).await else {
        return parts.status.into_response();
    };
    let chunk = Bytes::from(vec![b' '; 64 << 10]);
    let chunks = usize::try_from(mb).unwrap_or(usize::MAX).saturating_mul(16);
    let padding = std::iter::repeat_n(chunk, chunks);
    let stream = futures::stream::iter(
        std::iter::once(bytes)
            .chain(padding)
            .map(Ok::<Bytes, std::io::Error>),
    );
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from_stream(stream))
}
