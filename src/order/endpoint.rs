//! Which kind of endpoint an order went to: a domain fact the journal stores and the wizard shows,
//! whatever the transport.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Whether orders are real. Its text form (`SANDBOX`, `LIVE`) is also how the order journal
/// stores it, so the two names must not change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EndpointKind {
    /// certwiz's own sandbox: nothing is ordered for real.
    #[serde(rename = "SANDBOX")]
    Sandbox,
    /// A real CertCentral (or whatever `--api-url` names): orders cost money.
    #[serde(rename = "LIVE")]
    Live,
}

impl fmt::Display for EndpointKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EndpointKind::Sandbox => "SANDBOX",
            EndpointKind::Live => "LIVE",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_kind_text_is_what_the_journal_stores() {
        for (kind, text) in [
            (EndpointKind::Sandbox, "SANDBOX"),
            (EndpointKind::Live, "LIVE"),
        ] {
            assert_eq!(kind.to_string(), text);
            assert_eq!(serde_json::to_value(kind).unwrap(), serde_json::json!(text));
            let back: EndpointKind = serde_json::from_value(serde_json::json!(text)).unwrap();
            assert_eq!(back, kind);
        }
    }
}
