//! Checking a downloaded certificate chain against the CSR that was sent: a CSR's key is
//! remembered as the SHA-256 of its SubjectPublicKeyInfo ([`key_fingerprint`]), and the first
//! certificate of the chain must carry the same key.

use ring::digest::{SHA256, digest};
use x509_parser::certification_request::X509CertificationRequest;
use x509_parser::prelude::{FromDer, X509Certificate};

/// `sha256:<hex>` of a DER SubjectPublicKeyInfo.
pub fn key_fingerprint(spki_der: &[u8]) -> String {
    let hex: String = digest(&SHA256, spki_der)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha256:{hex}")
}

/// The [`key_fingerprint`] of the key in a PEM certificate request.
pub fn csr_key(csr_pem: &str) -> Result<String, String> {
    let (_, pem) = x509_parser::pem::parse_x509_pem(csr_pem.trim().as_bytes())
        .map_err(|_| "not a PEM certificate request".to_owned())?;
    if !pem.label.ends_with("CERTIFICATE REQUEST") {
        return Err(format!(
            "a {:?} PEM block, not a CERTIFICATE REQUEST",
            pem.label
        ));
    }
    let (_, csr) = X509CertificationRequest::from_der(&pem.contents)
        .map_err(|e| format!("not a PKCS#10 certificate request ({e})"))?;
    Ok(key_fingerprint(
        csr.certification_request_info.subject_pki.raw,
    ))
}

/// What a checked chain holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedChain {
    /// Certificates in the file, the leaf first.
    pub certificates: usize,
    /// The leaf's subject, one line.
    pub subject: String,
    /// The leaf's serial number, hex.
    pub serial: String,
    /// The leaf's last day of validity (RFC 2822 style as x509-parser gives it).
    pub not_after: String,
    /// Whether each certificate is signed by the next one (true for a lone certificate).
    pub linked: bool,
}

/// Why a downloaded file is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainError {
    #[error("the answer holds no certificate")]
    Empty,
    #[error(
        "the answer holds a {0:?} block; certwiz checks X.509 certificates in PEM (--format pem_all) or DER"
    )]
    NotCertificate(String),
    #[error("certificate {index} of the answer is not valid X.509: {why}")]
    Unparsable { index: usize, why: String },
    #[error(
        "the certificate's public key ({found}) is not the key of the CSR that was sent ({expected}): it is not for this order's key, so it was not written"
    )]
    KeyMismatch { expected: String, found: String },
}

/// Parses every certificate of a downloaded file (PEM blocks, or one DER certificate) as X.509
/// and checks that the first one's key is `expected_key` (a [`key_fingerprint`]).
pub fn check_chain(bytes: &[u8], expected_key: &str) -> Result<CheckedChain, ChainError> {
    let ders = certificate_ders(bytes)?;
    let mut parsed = Vec::with_capacity(ders.len());
    for (i, der) in ders.iter().enumerate() {
        let index = i + 1;
        match X509Certificate::from_der(der) {
            Ok(([], cert)) => parsed.push(cert),
            Ok(_) => {
                return Err(ChainError::Unparsable {
                    index,
                    why: "data after the certificate".into(),
                });
            }
            Err(e) => {
                return Err(ChainError::Unparsable {
                    index,
                    why: e.to_string(),
                });
            }
        }
    }
    let leaf = parsed.first().ok_or(ChainError::Empty)?;
    let found = key_fingerprint(leaf.public_key().raw);
    if found != expected_key {
        return Err(ChainError::KeyMismatch {
            expected: expected_key.to_owned(),
            found,
        });
    }
    let linked = parsed
        .windows(2)
        .all(|pair| pair[0].verify_signature(Some(pair[1].public_key())).is_ok());
    Ok(CheckedChain {
        certificates: parsed.len(),
        subject: leaf.subject().to_string(),
        serial: leaf.raw_serial_as_string(),
        not_after: leaf.validity().not_after.to_string(),
        linked,
    })
}

/// Whether DER bytes begin as a PKCS#7 SignedData bundle (`p7b`): its content type, OID
/// 1.2.840.113549.1.7.2, comes right after the outer SEQUENCE's header.
fn is_pkcs7(bytes: &[u8]) -> bool {
    const SIGNED_DATA: [u8; 11] = [
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02,
    ];
    bytes
        .get(..16)
        .is_some_and(|head| head.windows(SIGNED_DATA.len()).any(|w| w == SIGNED_DATA))
}

/// The DER of each certificate in a PEM file, or the file itself when it is not PEM.
fn certificate_ders(bytes: &[u8]) -> Result<Vec<Vec<u8>>, ChainError> {
    let is_pem = bytes
        .windows(b"-----BEGIN ".len())
        .any(|w| w == b"-----BEGIN ");
    if !is_pem {
        return if bytes.iter().all(u8::is_ascii_whitespace) {
            Err(ChainError::Empty)
        } else if is_pkcs7(bytes) {
            Err(ChainError::NotCertificate("PKCS7 (DER)".into()))
        } else {
            Ok(vec![bytes.to_vec()])
        };
    }
    let mut ders = Vec::new();
    for (i, block) in x509_parser::pem::Pem::iter_from_buffer(bytes).enumerate() {
        let block = block.map_err(|e| ChainError::Unparsable {
            index: i + 1,
            why: e.to_string(),
        })?;
        if block.label != "CERTIFICATE" {
            return Err(ChainError::NotCertificate(block.label));
        }
        ders.push(block.contents);
    }
    if ders.is_empty() {
        return Err(ChainError::Empty);
    }
    Ok(ders)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair, SubjectPublicKeyInfo};

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(format!(
            "{}/tests/fixtures/csr/{name}.pem",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    /// A certificate for a CSR's key, and the CA that signed it, as PEM.
    fn chain_for(csr: &str) -> (String, String) {
        let ca_key = KeyPair::generate().unwrap();
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        let ca = ca_params.self_signed(&ca_key).unwrap().pem();
        let issuer = Issuer::new(ca_params, ca_key);
        let (_, pem) = x509_parser::pem::parse_x509_pem(csr.as_bytes()).unwrap();
        let (_, req) = X509CertificationRequest::from_der(&pem.contents).unwrap();
        let key =
            SubjectPublicKeyInfo::from_der(req.certification_request_info.subject_pki.raw).unwrap();
        let leaf = CertificateParams::new(Vec::<String>::new())
            .unwrap()
            .signed_by(&key, &issuer)
            .unwrap()
            .pem();
        (leaf, ca)
    }

    #[test]
    fn a_chain_for_the_csr_key_passes() {
        let csr = fixture("p256");
        let (leaf, ca) = chain_for(&csr);
        let key = csr_key(&csr).unwrap();
        let checked = check_chain(format!("{leaf}{ca}").as_bytes(), &key).unwrap();
        assert_eq!(checked.certificates, 2);
        assert!(checked.linked);
        let alone = check_chain(leaf.as_bytes(), &key).unwrap();
        assert_eq!(alone.certificates, 1);
        // DER works too.
        let (_, pem) = x509_parser::pem::parse_x509_pem(leaf.as_bytes()).unwrap();
        assert_eq!(check_chain(&pem.contents, &key).unwrap().certificates, 1);
    }

    #[test]
    fn another_key_is_refused() {
        let (leaf, ca) = chain_for(&fixture("rsa2048"));
        let other = csr_key(&fixture("rsa3072")).unwrap();
        let err = check_chain(format!("{leaf}{ca}").as_bytes(), &other).unwrap_err();
        assert!(matches!(err, ChainError::KeyMismatch { .. }), "{err}");
        assert!(err.to_string().contains("not the key of the CSR"), "{err}");
    }

    #[test]
    fn what_is_not_a_certificate_is_refused() {
        let key = csr_key(&fixture("p256")).unwrap();
        assert_eq!(check_chain(b"  \n", &key), Err(ChainError::Empty));
        assert!(matches!(
            check_chain(fixture("p256").as_bytes(), &key),
            Err(ChainError::NotCertificate(label)) if label == "CERTIFICATE REQUEST"
        ));
        let pkcs7 = "-----BEGIN PKCS7-----\nMAA=\n-----END PKCS7-----\n";
        assert!(matches!(
            check_chain(pkcs7.as_bytes(), &key),
            Err(ChainError::NotCertificate(_))
        ));
        let junk = "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n";
        assert!(matches!(
            check_chain(junk.as_bytes(), &key),
            Err(ChainError::Unparsable { index: 1, .. })
        ));
        assert!(matches!(
            check_chain(b"\x30\x03\x02\x01\x01", &key),
            Err(ChainError::Unparsable { .. })
        ));
        let p7b_der = b"\x30\x82\x01\x00\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x07\x02\xa0";
        let err = check_chain(p7b_der, &key).unwrap_err();
        assert!(err.to_string().contains("PKCS7"), "{err}");
    }

    #[test]
    fn csr_keys_differ_by_key_and_reject_what_is_not_a_csr() {
        let a = csr_key(&fixture("rsa2048")).unwrap();
        let b = csr_key(&fixture("p384")).unwrap();
        assert!(a.starts_with("sha256:") && a.len() == 7 + 64);
        assert_ne!(a, b);
        assert!(csr_key("nonsense").is_err());
    }
}
