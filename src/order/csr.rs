//! Certificate signing requests: parsed with x509-parser, signature verified, key checked against
//! what DigiCert's tokens and HSMs take (RSA 2048/3072/4096, ECC P-256/P-384).

use std::fmt;

use x509_parser::certification_request::X509CertificationRequest;
use x509_parser::oid_registry::{OID_EC_P256, OID_NIST_EC_P384};
use x509_parser::prelude::FromDer;
use x509_parser::public_key::PublicKey;

/// The largest CSR text accepted, far above any real request (an RSA 4096 CSR is about 1.7 KB).
pub const MAX_CSR_LEN: usize = 16 * 1024;

/// The key inside a CSR.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyType {
    /// RSA with its modulus size in bits.
    Rsa(usize),
    /// Elliptic curve P-256 (prime256v1).
    EcP256,
    /// Elliptic curve P-384 (secp384r1).
    EcP384,
}

impl fmt::Display for KeyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyType::Rsa(bits) => write!(f, "RSA {bits}-bit"),
            KeyType::EcP256 => f.write_str("ECC P-256"),
            KeyType::EcP384 => f.write_str("ECC P-384"),
        }
    }
}

/// What a valid CSR holds, for the form to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsrSummary {
    /// The key type and size.
    pub key: KeyType,
    /// The subject as one line, e.g. `CN=Rene Pierce, O=Example`.
    pub subject: String,
}

impl fmt::Display for CsrSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.subject.is_empty() {
            write!(f, "{} key", self.key)
        } else {
            write!(f, "{} key, subject {}", self.key, self.subject)
        }
    }
}

/// Why a CSR is refused. Each message is written for a person.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsrError {
    #[error("is too long ({0} characters; a CSR is at most {MAX_CSR_LEN})")]
    TooLong(usize),
    #[error(
        "is not a PEM block: paste the text from -----BEGIN CERTIFICATE REQUEST----- to -----END CERTIFICATE REQUEST-----"
    )]
    NotPem,
    #[error("holds a {0:?} PEM block, not a CERTIFICATE REQUEST")]
    WrongLabel(String),
    #[error("has text after the END line; paste exactly one certificate request")]
    TrailingData,
    #[error("is not a valid PKCS#10 certificate request ({0})")]
    NotPkcs10(String),
    #[error("has a signature that does not verify: the request was altered or damaged")]
    BadSignature,
    #[error("has a {0} key; tokens and HSMs take RSA 2048, 3072 or 4096 and ECC P-256 or P-384")]
    UnsupportedKey(String),
}

/// The labels of a certificate request's PEM block.
fn is_request_label(label: &str) -> bool {
    label == "CERTIFICATE REQUEST" || label == "NEW CERTIFICATE REQUEST"
}

/// The label of the first PEM block in `text` that is not a certificate request (a private key,
/// say), when there is one. Such text is refused at the CSR field and never kept in a draft,
/// autosave, profile, export or log: a private key must not leave the person's machine.
pub fn foreign_block(text: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let label = line
            .trim()
            .strip_prefix("-----BEGIN ")?
            .strip_suffix("-----")?;
        (!is_request_label(label)).then(|| label.to_owned())
    })
}

/// Why text for the CSR field is refused before it is kept anywhere, or `None` when it may be
/// kept (it may still be an invalid CSR; validation says why).
pub fn refusal(text: &str) -> Option<String> {
    let label = foreign_block(text)?;
    let what = if label.contains("PRIVATE KEY") {
        "a private key, which never leaves your machine"
    } else {
        "not a certificate request"
    };
    Some(format!(
        "refused: the text holds a {label:?} PEM block ({what}); give only the CERTIFICATE \
         REQUEST block (openssl req's -out file, not its -keyout file). Nothing of it was kept."
    ))
}

/// Parses, verifies and checks a PEM certificate request ([`examine`]), remembering the answer
/// for the last request seen on this thread: the form is validated whole on every key, and
/// verifying a P-384 request's signature costs 0.8-1.9 ms (BENCHMARKS.md), so every key typed
/// into any field of a form holding a CSR verified the same request again.
///
/// Only a text that is a certificate request's PEM block is remembered (its answer is the one
/// that took the parse and the signature); any other is answered at once by [`examine`], and
/// nothing that holds another block (a private key) is kept.
pub fn inspect(text: &str) -> Result<CsrSummary, CsrError> {
    type Seen = Option<(String, Result<CsrSummary, CsrError>)>;
    thread_local! {
        static LAST: std::cell::RefCell<Seen> = const { std::cell::RefCell::new(None) };
    }
    LAST.with_borrow_mut(|last| {
        if let Some((seen, answer)) = last.as_ref()
            && seen == text
        {
            return answer.clone();
        }
        let answer = examine(text);
        let is_request = !matches!(
            answer,
            Err(CsrError::TooLong(_)
                | CsrError::NotPem
                | CsrError::WrongLabel(_)
                | CsrError::TrailingData)
        );
        if is_request {
            *last = Some((text.to_owned(), answer.clone()));
        }
        answer
    })
}

#[cfg(test)]
thread_local! {
    /// How many requests [`examine`] parsed on this thread.
    static EXAMINED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Parses, verifies and checks a PEM certificate request, every time (see [`inspect`]).
pub fn examine(text: &str) -> Result<CsrSummary, CsrError> {
    #[cfg(test)]
    EXAMINED.with(|n| n.set(n.get() + 1));
    let trimmed = text.trim();
    if trimmed.len() > MAX_CSR_LEN {
        return Err(CsrError::TooLong(trimmed.len()));
    }
    if !trimmed.starts_with("-----BEGIN ") {
        return Err(CsrError::NotPem);
    }
    let (rest, pem) =
        x509_parser::pem::parse_x509_pem(trimmed.as_bytes()).map_err(|_| CsrError::NotPem)?;
    if !rest.iter().all(u8::is_ascii_whitespace) {
        return Err(CsrError::TrailingData);
    }
    if !is_request_label(&pem.label) {
        return Err(CsrError::WrongLabel(pem.label));
    }
    let (rest, csr) = X509CertificationRequest::from_der(&pem.contents)
        .map_err(|e| CsrError::NotPkcs10(e.to_string()))?;
    if !rest.is_empty() {
        return Err(CsrError::NotPkcs10("extra bytes after the request".into()));
    }
    let info = &csr.certification_request_info;
    let spki = &info.subject_pki;
    let key = match spki.parsed() {
        Ok(PublicKey::RSA(rsa)) => match rsa.key_size() {
            bits @ (2048 | 3072 | 4096) => KeyType::Rsa(bits),
            bits => return Err(CsrError::UnsupportedKey(format!("RSA {bits}-bit"))),
        },
        Ok(PublicKey::EC(_)) => {
            let curve = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.as_oid().ok());
            match curve {
                Some(oid) if oid == OID_EC_P256 => KeyType::EcP256,
                Some(oid) if oid == OID_NIST_EC_P384 => KeyType::EcP384,
                Some(oid) => return Err(CsrError::UnsupportedKey(format!("ECC ({oid})"))),
                None => return Err(CsrError::UnsupportedKey("ECC (unnamed curve)".into())),
            }
        }
        Ok(PublicKey::DSA(_)) => return Err(CsrError::UnsupportedKey("DSA".into())),
        Ok(_) | Err(_) => {
            return Err(CsrError::UnsupportedKey(format!(
                "{} (unrecognised)",
                spki.algorithm.algorithm
            )));
        }
    };
    // The key is checked first: the verifier itself refuses keys below RSA 2048, and the person
    // should hear about the key size, not a "bad signature".
    csr.verify_signature().map_err(|_| CsrError::BadSignature)?;
    Ok(CsrSummary {
        key,
        subject: info.subject.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_block_but_a_request_is_refused_before_it_is_kept() {
        let key = "-----BEGIN PRIVATE KEY-----\nMIIEvQ==\n-----END PRIVATE KEY-----\n";
        assert_eq!(foreign_block(key).as_deref(), Some("PRIVATE KEY"));
        assert!(refusal(key).unwrap().contains("private key"));
        let both = format!("{}{key}", fixture("rsa2048"));
        assert_eq!(foreign_block(&both).as_deref(), Some("PRIVATE KEY"));
        for label in [
            "RSA PRIVATE KEY",
            "EC PRIVATE KEY",
            "ENCRYPTED PRIVATE KEY",
            "CERTIFICATE",
        ] {
            let text = format!("  -----BEGIN {label}-----\nAA==\n-----END {label}-----");
            assert_eq!(foreign_block(&text).as_deref(), Some(label));
        }
        assert_eq!(foreign_block(&fixture("rsa2048")), None);
        assert_eq!(refusal("not pem at all"), None);
    }

    fn fixture(name: &str) -> String {
        let path = format!(
            "{}/tests/fixtures/csr/{name}.pem",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read_to_string(path).unwrap()
    }

    /// The form is validated whole on every key: a request unchanged since the last check is
    /// not parsed and verified again (a P-384 signature cost 0.8-1.9 ms a key).
    #[test]
    fn an_unchanged_request_is_verified_once_however_often_the_form_is_checked() {
        use crate::order::validate::{Context, validate};
        let examined = || EXAMINED.with(std::cell::Cell::get);
        let mut draft = crate::order::Draft::new(crate::order::Product::default());
        draft.set("cs_provisioning_method", "email");
        draft.set("certificate.csr", fixture("p384"));
        let start = examined();
        let first = validate(&draft, &Context::default());
        draft.set("subject.name", "Rene Pierce");
        let second = validate(&draft, &Context::default());
        assert_eq!(examined() - start, 1, "examined once for two checks");
        let csr = |d: &[crate::order::validate::Diagnostic]| {
            d.iter()
                .find(|d| d.path == "certificate.csr")
                .map(|d| d.message.clone())
        };
        assert_eq!(csr(&first), csr(&second));
        assert!(
            csr(&second).unwrap().contains("ECC P-384 key"),
            "{second:?}"
        );
        // Another request is examined afresh, and so is the first after it.
        draft.set("certificate.csr", fixture("rsa2048"));
        validate(&draft, &Context::default());
        draft.set("certificate.csr", fixture("p384"));
        validate(&draft, &Context::default());
        assert_eq!(examined() - start, 3);
        // A private key is answered but not remembered.
        let key = "-----BEGIN PRIVATE KEY-----\nMIIEvQ==\n-----END PRIVATE KEY-----\n";
        assert_eq!(
            inspect(key),
            Err(CsrError::WrongLabel("PRIVATE KEY".into()))
        );
        assert_eq!(inspect(key), examine(key));
        assert_eq!(examined() - start, 6, "examined each time");
    }

    #[test]
    fn accepts_the_key_types_tokens_take() {
        for (name, key) in [
            ("rsa2048", KeyType::Rsa(2048)),
            ("rsa3072", KeyType::Rsa(3072)),
            ("rsa4096", KeyType::Rsa(4096)),
            ("p256", KeyType::EcP256),
            ("p384", KeyType::EcP384),
        ] {
            let summary = inspect(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(summary.key, key, "{name}");
            assert!(
                summary.subject.contains("CN=Rene Pierce"),
                "{}",
                summary.subject
            );
        }
    }

    #[test]
    fn refuses_other_keys() {
        for (name, needle) in [
            ("rsa1024", "RSA 1024"),
            ("p521", "ECC"),
            ("ed25519", "unrecognised"),
        ] {
            let err = inspect(&fixture(name)).unwrap_err();
            assert!(matches!(err, CsrError::UnsupportedKey(_)), "{name}: {err}");
            assert!(err.to_string().contains(needle), "{name}: {err}");
        }
    }

    #[test]
    fn refuses_a_tampered_request() {
        assert_eq!(
            inspect(&fixture("rsa2048-bad-signature")),
            Err(CsrError::BadSignature)
        );
    }

    #[test]
    fn refuses_what_is_not_a_request() {
        assert!(
            matches!(inspect(&fixture("not-a-csr")), Err(CsrError::WrongLabel(l)) if l == "CERTIFICATE")
        );
        assert_eq!(inspect("hello"), Err(CsrError::NotPem));
        assert!(matches!(
            inspect(
                "-----BEGIN CERTIFICATE REQUEST-----
AAAA
-----END CERTIFICATE REQUEST-----"
            ),
            Err(CsrError::NotPkcs10(_))
        ));
        let twice = format!("{}\n{}", fixture("p256"), fixture("p256"));
        assert_eq!(inspect(&twice), Err(CsrError::TrailingData));
        assert!(matches!(
            inspect(&"A".repeat(MAX_CSR_LEN + 1)),
            Err(CsrError::TooLong(_))
        ));
    }

    #[test]
    fn tolerates_surrounding_whitespace_and_crlf() {
        let crlf = format!("\n  {}\n", fixture("p256").replace('\n', "\r\n"));
        assert_eq!(inspect(&crlf).unwrap().key, KeyType::EcP256);
    }
}
