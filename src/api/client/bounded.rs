//! Reading an answer's body chunk by chunk up to a limit, never whole: an endless or huge body
//! from a broken or hostile server stops at the limit instead of filling memory.

/// The most bytes of one answer certwiz reads: 8 MiB. DigiCert's documented answers are a few
/// KB (an order's info, a page of 100 requests, a certificate chain); the limit is far above
/// them and far below what hurts (README, reliability notes). The certificate download uses
/// the same limit: a `pem_all` chain is a few KB.
pub const MAX_ANSWER_BYTES: usize = 8 << 20;

/// Why a body could not be read.
#[derive(Debug)]
pub(super) enum Failed {
    /// The connection failed while reading.
    Transport(reqwest::Error),
    /// The body is longer than the limit (by its `Content-Length`, or once read that far).
    TooLarge,
}

/// The body of `response`, at most `limit` bytes.
pub(super) async fn read(mut response: reqwest::Response, limit: usize) -> Result<Vec<u8>, Failed> {
    let limit_u64 = u64::try_from(limit).unwrap_or(u64::MAX);
    if response.content_length().is_some_and(|n| n > limit_u64) {
        return Err(Failed::TooLarge);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(Failed::Transport)? {
        if body.len().saturating_add(chunk.len()) > limit {
            return Err(Failed::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}
