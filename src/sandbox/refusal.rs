//! DigiCert-style refusals, `{"errors":[{"code","message"}]}`, and the clock statuses are
//! derived from: what every handler of the sandbox answers with.

use std::io;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use time::OffsetDateTime;

/// A DigiCert-style error answer: `{"errors":[{"code","message"}]}`.
#[derive(Debug)]
pub struct Refusal {
    status: StatusCode,
    code: String,
    message: String,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let body = json!({ "errors": [{ "code": self.code, "message": self.message }] });
        (self.status, axum::Json(body)).into_response()
    }
}

impl From<io::Error> for Refusal {
    fn from(e: io::Error) -> Self {
        refusal(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            &format!("The sandbox could not use its order book: {e}"),
        )
    }
}

pub fn refusal(status: StatusCode, code: &str, message: &str) -> Refusal {
    Refusal {
        status,
        code: code.to_owned(),
        message: message.to_owned(),
    }
}

/// A DigiCert-style error answer.
pub fn error(status: StatusCode, code: &str, message: &str) -> Response {
    refusal(status, code, message).into_response()
}

/// What a handler answers: a response, or a DigiCert-style refusal.
pub type Answer = Result<Response, Refusal>;

/// The wall-clock time statuses are derived from.
pub fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}
