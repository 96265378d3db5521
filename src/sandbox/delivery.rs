//! Delivering certificates: `GET /certificate/download/order/{order_id}/format/{format}`.
//!
//! An issued HSM order (`cs_provisioning_method: email`) gets a real X.509 certificate for the
//! public key of the CSR it was placed with, signed by a sandbox CA. The CA (an ECDSA P-256 key
//! and a self-signed certificate, trusted by nothing) is generated at the first download and kept
//! in the sandbox's state folder (`ca.pem`: the key, then the certificate, in one file written
//! atomically, 0600, so two sandboxes starting at once never pair one's key with the other's
//! certificate); each order's chain is issued
//! once and kept in `certificates/{order_id}.pem`, so every download answers the same bytes.
//!
//! Formats: `pem_all` (the certificate then the CA), `pem_noroot` (the certificate alone; the
//! sandbox has no intermediate). Other DigiCert formats (`p7b`, `pem_nointermediate`, `cer`,
//! `apache`, ...) are answered with a DigiCert-style 400, `invalid_format|format`. Token orders
//! (`ship_token`, `client_app`) have no certificate file: 400 `invalid_provisioning_method`.
//! An order not issued yet: 400 `invalid_status|order`.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose, SerialNumber, SubjectPublicKeyInfo,
};
use serde_json::Value;
use time::OffsetDateTime;
use x509_parser::certification_request::X509CertificationRequest;
use x509_parser::prelude::FromDer;

use super::state::StoredOrder;
use crate::order::catalog::FieldId;
use crate::store::atomic;

const CERT_BEGIN: &str = "-----BEGIN CERTIFICATE-----";

/// The formats the sandbox delivers.
pub const FORMATS: [&str; 2] = ["pem_all", "pem_noroot"];

/// Microsoft's "document signing" extended key usage, which DigiCert's document signing
/// certificates carry.
const DOCUMENT_SIGNING_EKU: [u64; 10] = [1, 3, 6, 1, 4, 1, 311, 10, 3, 12];

/// The sandbox's CA and issued chains, in its state folder.
#[derive(Debug)]
pub struct Delivery {
    dir: PathBuf,
    /// One issuance at a time in this process, so an order's chain is issued once.
    lock: Mutex<()>,
}

/// Why a chain could not be issued.
#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    #[error("the order has no usable CSR: {0}")]
    Csr(String),
    #[error("signing failed: {0}")]
    Sign(#[from] rcgen::Error),
    #[error("the sandbox's CA files cannot be used: {0}")]
    Io(#[from] io::Error),
}

impl Delivery {
    /// Keeps the CA and chains under `dir` (the sandbox's state folder).
    pub fn new(dir: &Path) -> Self {
        Delivery {
            dir: dir.to_path_buf(),
            lock: Mutex::new(()),
        }
    }

    fn chain_file(&self, order_id: i64) -> PathBuf {
        self.dir
            .join("certificates")
            .join(format!("{order_id}.pem"))
    }

    /// The order's chain (certificate, then CA), issued at the first call.
    pub fn chain(&self, order: &StoredOrder, now: OffsetDateTime) -> Result<String, IssueError> {
        let _one = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let file = self.chain_file(order.id);
        match std::fs::read_to_string(&file) {
            Ok(chain) => return Ok(chain),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
        let (ca_pem, issuer) = self.ca()?;
        let leaf = issue(order, &issuer, now)?;
        let chain = format!("{leaf}{ca_pem}");
        if let Some(folder) = file.parent() {
            atomic::ensure_dir(folder).map_err(io::Error::other)?;
        }
        atomic::write(&file, chain.as_bytes()).map_err(io::Error::other)?;
        Ok(chain)
    }

    /// The CA certificate (PEM) and issuer, generated and saved the first time.
    fn ca(&self) -> Result<(String, Issuer<'static, KeyPair>), IssueError> {
        let file = self.dir.join("ca.pem");
        match std::fs::read_to_string(&file) {
            Ok(both) => {
                let at = both.find(CERT_BEGIN).ok_or_else(|| {
                    io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("{} holds no certificate", file.display()),
                    )
                })?;
                let (key, cert) = both.split_at(at);
                let issuer = Issuer::from_ca_cert_pem(cert, KeyPair::from_pem(key)?)?;
                return Ok((cert.to_owned(), issuer));
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
        let key = KeyPair::generate()?;
        let mut params = CertificateParams::default();
        let mut name = DistinguishedName::new();
        name.push(
            DnType::CommonName,
            "certwiz sandbox CA (trusted by nothing)",
        );
        name.push(DnType::OrganizationName, "certwiz sandbox");
        params.distinguished_name = name;
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        let start = OffsetDateTime::now_utc() - Duration::from_secs(3600);
        params.not_before = start;
        params.not_after = start + Duration::from_secs(20 * 365 * 86_400);
        let cert = params.self_signed(&key)?.pem();
        atomic::ensure_dir(&self.dir).map_err(io::Error::other)?;
        let both = format!("{}{cert}", key.serialize_pem());
        atomic::write(&file, both.as_bytes()).map_err(io::Error::other)?;
        Ok((cert, Issuer::new(params, key)))
    }
}

/// The order's CSR text, when it has one.
fn csr_of(order: &StoredOrder) -> Option<String> {
    order
        .body
        .value()
        .pointer(&FieldId::Csr.pointer())
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// Signs a certificate for the CSR's public key, valid for the order's years.
fn issue(
    order: &StoredOrder,
    issuer: &Issuer<'_, KeyPair>,
    now: OffsetDateTime,
) -> Result<String, IssueError> {
    let text = csr_of(order).ok_or_else(|| IssueError::Csr("none was sent".into()))?;
    let (_, pem) = x509_parser::pem::parse_x509_pem(text.trim().as_bytes())
        .map_err(|e| IssueError::Csr(e.to_string()))?;
    let (_, csr) = X509CertificationRequest::from_der(&pem.contents)
        .map_err(|e| IssueError::Csr(e.to_string()))?;
    csr.verify_signature()
        .map_err(|e| IssueError::Csr(format!("its signature does not verify ({e})")))?;
    let key = SubjectPublicKeyInfo::from_der(csr.certification_request_info.subject_pki.raw)?;
    let body = order.body.value();
    let years = body
        .pointer(&FieldId::OrderValidityYears.pointer())
        .or_else(|| body.pointer(&FieldId::ValidityYears.pointer()))
        .and_then(Value::as_u64)
        .unwrap_or(1)
        .clamp(1, 3);
    let mut params = CertificateParams::default();
    let mut name = DistinguishedName::new();
    name.push(
        DnType::CommonName,
        format!("certwiz sandbox document signing, order {}", order.id),
    );
    name.push(DnType::OrganizationName, "certwiz sandbox");
    params.distinguished_name = name;
    params.serial_number = Some(SerialNumber::from_slice(
        &order.certificate_id.unsigned_abs().to_be_bytes(),
    ));
    params.not_before = now - Duration::from_secs(60);
    params.not_after = now + Duration::from_secs(years * 365 * 86_400);
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::ContentCommitment,
    ];
    params.extended_key_usages = vec![
        ExtendedKeyUsagePurpose::EmailProtection,
        ExtendedKeyUsagePurpose::Other(DOCUMENT_SIGNING_EKU.to_vec()),
    ];
    params.use_authority_key_identifier_extension = true;
    Ok(params.signed_by(&key, issuer)?.pem())
}

/// The first PEM block of a chain, with its END line.
pub(super) fn first_block(chain: &str) -> &str {
    const END: &str = "-----END CERTIFICATE-----\n";
    match chain.find(END) {
        Some(at) => &chain[..at + END.len()],
        None => chain,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::order::Product;
    use crate::sandbox::state::{Body, OrderBook};
    use serde_json::json;
    use x509_parser::prelude::X509Certificate;

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(format!(
            "{}/tests/fixtures/csr/{name}.pem",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    fn order_with(csr: &str) -> StoredOrder {
        order_in(&mut OrderBook::default(), csr)
    }

    fn order_in(book: &mut OrderBook, csr: &str) -> StoredOrder {
        let body = json!({
            "certificate": { "csr": csr },
            "cs_provisioning_method": "email",
            "validity_years": 2,
        });
        book.place(Product::default(), body, OffsetDateTime::now_utc())
    }

    fn certificates(chain: &str) -> Vec<Vec<u8>> {
        x509_parser::pem::Pem::iter_from_buffer(chain.as_bytes())
            .map(|p| p.unwrap().contents)
            .collect()
    }

    fn spki_of_csr(text: &str) -> Vec<u8> {
        let (_, pem) = x509_parser::pem::parse_x509_pem(text.as_bytes()).unwrap();
        let (_, csr) = X509CertificationRequest::from_der(&pem.contents).unwrap();
        csr.certification_request_info.subject_pki.raw.to_vec()
    }

    #[test]
    fn issues_a_certificate_for_the_csr_key_signed_by_a_kept_ca() {
        let dir = tempfile::tempdir().unwrap();
        let delivery = Delivery::new(dir.path());
        let mut book = OrderBook::default();
        for name in ["rsa2048", "rsa3072", "rsa4096", "p256", "p384"] {
            let csr = fixture(name);
            let order = order_in(&mut book, &csr);
            let chain = delivery.chain(&order, OffsetDateTime::now_utc()).unwrap();
            let ders = certificates(&chain);
            assert_eq!(ders.len(), 2, "{name}: certificate and CA");
            let (_, leaf) = X509Certificate::from_der(&ders[0]).unwrap();
            let (_, ca) = X509Certificate::from_der(&ders[1]).unwrap();
            assert_eq!(
                leaf.public_key().raw,
                spki_of_csr(&csr),
                "{name}: the CSR's key"
            );
            leaf.verify_signature(Some(ca.public_key())).unwrap();
            ca.verify_signature(None).unwrap();
            assert!(ca.is_ca());
            assert_eq!(leaf.issuer(), ca.subject());
            let years =
                leaf.validity().not_after.timestamp() - leaf.validity().not_before.timestamp();
            assert!(years > 2 * 365 * 86_400 - 3600, "{name}: two years");
            // Issued once: the same bytes again.
            assert_eq!(
                delivery.chain(&order, OffsetDateTime::now_utc()).unwrap(),
                chain
            );
        }
        let key_mode = std::os::unix::fs::PermissionsExt::mode(
            &std::fs::metadata(dir.path().join("ca.pem"))
                .unwrap()
                .permissions(),
        );
        assert_eq!(key_mode & 0o777, 0o600);
        // A second sandbox on the same folder uses the same CA.
        let again = Delivery::new(dir.path());
        let other = order_in(&mut book, &fixture("p256"));
        let chain = again.chain(&other, OffsetDateTime::now_utc()).unwrap();
        let both = std::fs::read_to_string(dir.path().join("ca.pem")).unwrap();
        let ca = &both[both.find(CERT_BEGIN).unwrap()..];
        assert!(
            both.starts_with("-----BEGIN PRIVATE KEY-----"),
            "the key first"
        );
        assert!(chain.ends_with(ca));
        assert!(!chain.contains("PRIVATE KEY"), "the key is never delivered");
    }

    #[test]
    fn an_order_without_a_usable_csr_is_not_issued() {
        let dir = tempfile::tempdir().unwrap();
        let delivery = Delivery::new(dir.path());
        let order = order_with(&fixture("rsa2048-bad-signature"));
        assert!(matches!(
            delivery.chain(&order, OffsetDateTime::now_utc()),
            Err(IssueError::Csr(_))
        ));
        let mut order = order_with("x");
        order.body = Body::new(&json!({}));
        assert!(delivery.chain(&order, OffsetDateTime::now_utc()).is_err());
    }

    #[test]
    fn the_first_block_is_the_certificate() {
        let chain = "-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nB\n-----END CERTIFICATE-----\n";
        assert_eq!(
            first_block(chain),
            "-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----\n"
        );
    }
}
