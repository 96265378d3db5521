//! After approval: what to do next for each provisioning method, and checking a downloaded
//! certificate chain against the CSR that was sent.
//!
//! Token orders (`ship_token`, `client_app`) yield no certificate file: the certificate is
//! installed on the token with the order's `hardware_init_code`. HSM orders (`email`) are
//! delivered by email, and their certificate can be downloaded (`certwiz download`).
//!
//! A CSR's key is remembered as the SHA-256 of its SubjectPublicKeyInfo ([`key_fingerprint`]):
//! the journal keeps it for every order sent with a CSR, and a downloaded certificate must carry
//! the same key.

mod chain;
pub use chain::{ChainError, CheckedChain, check_chain, csr_key, key_fingerprint};

use std::fmt;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use base64::Engine;

use crate::order::OrderStatus;
use crate::order::model::OrderInfo;

/// The format asked for when none is given: the certificate and its chain, PEM.
pub const DEFAULT_FORMAT: &str = "pem_all";

/// The provisioning method of an order (`cs_provisioning_method`; `ship_token` when absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Provisioning {
    /// DigiCert ships a token with the certificate to be installed on it.
    ShipToken,
    /// The certificate is installed on a token the person already has.
    ClientApp,
    /// The certificate is for the person's own HSM: delivered by email, or downloaded.
    Email,
    /// A method the documentation does not list, kept as it came.
    Other(String),
}

impl Provisioning {
    /// The method as order info names it; none means a shipped token, DigiCert's default.
    pub fn of(method: Option<&str>) -> Self {
        match method.map(str::trim) {
            None | Some("ship_token") => Provisioning::ShipToken,
            Some("client_app") => Provisioning::ClientApp,
            Some("email") => Provisioning::Email,
            Some(other) => Provisioning::Other(other.to_owned()),
        }
    }

    /// Whether the certificate goes onto a token with the hardware init code.
    pub fn is_token(&self) -> bool {
        matches!(self, Provisioning::ShipToken | Provisioning::ClientApp)
    }

    /// The method as the API spells it.
    pub fn as_str(&self) -> &str {
        match self {
            Provisioning::ShipToken => "ship_token",
            Provisioning::ClientApp => "client_app",
            Provisioning::Email => "email",
            Provisioning::Other(s) => s,
        }
    }

    /// What to do once the order is issued, in a sentence or two; `order_id` is used in the
    /// commands named.
    pub fn next_step(&self, order_id: i64) -> String {
        match self {
            Provisioning::ShipToken => format!(
                "DigiCert ships a token to the shipping address; once it arrives, install the \
                 certificate on it with the order's hardware init code \
                 (certwiz status {order_id} --show-init-code shows it, --copy-init-code copies it)"
            ),
            Provisioning::ClientApp => format!(
                "install the certificate on your token with DigiCert's hardware certificate \
                 installer and the order's hardware init code \
                 (certwiz status {order_id} --show-init-code shows it, --copy-init-code copies it)"
            ),
            Provisioning::Email => format!(
                "DigiCert emails the certificate for your HSM; or download it now and check it \
                 against your CSR: certwiz download {order_id}"
            ),
            Provisioning::Other(method) => format!(
                "see DigiCert's instructions for provisioning method {method:?}; \
                 certwiz download {order_id} may fetch the certificate"
            ),
        }
    }
}

impl fmt::Display for Provisioning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why an order has no certificate to download.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotDownloadable {
    #[error(
        "order {order_id} is a token order ({provisioning}): there is no certificate file to download. Next: {next}"
    )]
    Token {
        order_id: i64,
        provisioning: Provisioning,
        next: String,
    },
    #[error(
        "order {order_id} is {status}: its certificate can be downloaded once issued (certwiz status {order_id} --watch follows it)"
    )]
    NotIssued { order_id: i64, status: String },
}

/// Whether an order's certificate can be downloaded: an HSM order (or an unknown method), issued
/// (or with no status given, when the download itself will tell).
pub fn downloadable(order: &OrderInfo) -> Result<(), NotDownloadable> {
    let provisioning = Provisioning::of(order.cs_provisioning_method.as_deref());
    if provisioning.is_token() {
        return Err(NotDownloadable::Token {
            order_id: order.id,
            next: provisioning.next_step(order.id),
            provisioning,
        });
    }
    match &order.status {
        Some(OrderStatus::Issued) | None => Ok(()),
        Some(status) => Err(NotDownloadable::NotIssued {
            order_id: order.id,
            status: status.as_str().to_owned(),
        }),
    }
}

/// `certificate-ORDER.pem` (`.p7b` for `p7b`, `.crt` for other formats).
pub fn default_file_name(order_id: i64, format: &str) -> PathBuf {
    let ext = if format.starts_with("pem") {
        "pem"
    } else if format == "p7b" {
        "p7b"
    } else {
        "crt"
    };
    PathBuf::from(format!("certificate-{order_id}.{ext}"))
}

/// Writes a public file (a certificate) atomically, 0644, never over an existing one unless
/// `force`. The error is a sentence naming the file.
pub fn write_public(path: &Path, bytes: &[u8], force: bool) -> Result<(), String> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let fail = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    let mut temp = tempfile::NamedTempFile::new_in(folder).map_err(fail)?;
    temp.write_all(bytes).map_err(fail)?;
    temp.as_file()
        .set_permissions(std::fs::Permissions::from_mode(0o644))
        .map_err(fail)?;
    temp.as_file().sync_all().map_err(fail)?;
    let persisted = if force {
        temp.persist(path).map(drop)
    } else {
        temp.persist_noclobber(path).map(drop)
    };
    persisted.map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            format!(
                "{} exists; --force replaces it, --out names another file",
                path.display()
            )
        } else {
            fail(e.error)
        }
    })
}

/// The OSC 52 escape sequence that asks the terminal to put `text` on the clipboard (terminals
/// that do not support it ignore it). Nothing is shown on the screen.
pub fn osc52_copy(text: &str) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    format!("\x1b]52;c;{encoded}\x07")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_named_after_the_order_and_format() {
        assert_eq!(
            default_file_name(7, "pem_all"),
            PathBuf::from("certificate-7.pem")
        );
        assert_eq!(
            default_file_name(7, "p7b"),
            PathBuf::from("certificate-7.p7b")
        );
        assert_eq!(
            default_file_name(7, "cer"),
            PathBuf::from("certificate-7.crt")
        );
    }

    #[test]
    fn writes_0644_and_never_over_a_file_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.pem");
        write_public(&path, b"one", false).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644);
        let why = write_public(&path, b"two", false).unwrap_err();
        assert!(why.contains("--force"), "{why}");
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        write_public(&path, b"two", true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
    }

    #[test]
    fn osc52_carries_the_text_in_base64() {
        assert_eq!(osc52_copy("12345678"), "\x1b]52;c;MTIzNDU2Nzg=\x07");
    }

    fn order(value: serde_json::Value) -> OrderInfo {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn only_issued_hsm_orders_are_downloadable() {
        let issued_email = order(serde_json::json!({
            "id": 7, "status": "issued", "cs_provisioning_method": "email"
        }));
        assert_eq!(downloadable(&issued_email), Ok(()));
        let token = order(serde_json::json!({"id": 7, "status": "issued"}));
        let why = downloadable(&token).unwrap_err();
        assert!(
            why.to_string().contains("token order (ship_token)"),
            "{why}"
        );
        let pending = order(serde_json::json!({
            "id": 7, "status": "pending", "cs_provisioning_method": "email"
        }));
        let why = downloadable(&pending).unwrap_err();
        assert!(why.to_string().contains("is pending"), "{why}");
    }

    #[test]
    fn provisioning_names_the_next_step() {
        assert_eq!(Provisioning::of(None), Provisioning::ShipToken);
        assert!(Provisioning::of(Some("client_app")).is_token());
        let email = Provisioning::of(Some("email"));
        assert!(!email.is_token());
        assert!(email.next_step(7).contains("certwiz download 7"));
        assert!(
            Provisioning::ShipToken
                .next_step(7)
                .contains("--show-init-code")
        );
        assert_eq!(Provisioning::of(Some("drone")).as_str(), "drone");
    }
}
