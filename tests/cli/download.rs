//! `certwiz download` and the delivery hints of `certwiz status`, end to end against the
//! embedded sandbox: an HSM order's certificate is issued for the CSR's key, checked and
//! written; a certificate for another key, an unsupported format, a token order and an order
//! not yet issued are refused with a clear message; a token order's init code is shown only on
//! request.
//!
//! Self-contained (no shared test support), so it can move with the test layout.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use x509_parser::certification_request::X509CertificationRequest;
use x509_parser::prelude::{FromDer, X509Certificate};

const REQUEST: &str = "tests/fixtures/documented-order-request.json";

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// certwiz on the embedded sandbox, its folders under `root`, run from `root`.
fn certwiz(root: &Path, step_ms: u64) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_certwiz"));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", root)
        .env("XDG_DATA_HOME", root.join("data"))
        .env("XDG_CONFIG_HOME", root.join("config"))
        .env("XDG_STATE_HOME", root.join("state"))
        .env("XDG_CACHE_HOME", root.join("cache"))
        .env("CERTWIZ_SANDBOX_STEP_MS", step_ms.to_string())
        .env("CERTWIZ_LOG", "debug")
        .current_dir(root)
        .stdin(Stdio::null());
    cmd
}

fn run(root: &Path, step_ms: u64, args: &[&str]) -> Output {
    crate::support::run_to_end(
        certwiz(root, step_ms).args(args),
        &format!("certwiz {args:?}"),
    )
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn all(o: &Output) -> String {
    format!("{}{}", stdout(o), String::from_utf8_lossy(&o.stderr))
}

/// Runs certwiz and checks its exit code; gives its output.
fn expect(root: &Path, step_ms: u64, args: &[&str], code: i32) -> Output {
    let output = run(root, step_ms, args);
    assert_eq!(
        output.status.code(),
        Some(code),
        "{args:?}: {}",
        all(&output)
    );
    output
}

/// The documented example as an HSM order with a CSR, written into `root`.
fn email_order(root: &Path, csr: &str) -> String {
    let mut body: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture(REQUEST)).unwrap()).unwrap();
    body["cs_provisioning_method"] = "email".into();
    body["certificate"]["csr"] = std::fs::read_to_string(fixture(csr)).unwrap().into();
    body.as_object_mut().unwrap().remove("ship_info");
    let path = root.join("email-order.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&body).unwrap()).unwrap();
    path.display().to_string()
}

/// Places an order and follows it until it is issued; gives what `status --watch` printed.
fn place_and_issue(root: &Path, file: &str) -> String {
    let out = expect(root, 100, &["submit", file, "--yes"], 0);
    assert!(
        stdout(&out).contains("order 112233 placed"),
        "{}",
        all(&out)
    );
    stdout(&expect(root, 100, &["status", "112233", "--watch"], 0))
}

fn csr_spki(path: &str) -> Vec<u8> {
    let text = std::fs::read_to_string(fixture(path)).unwrap();
    let (_, pem) = x509_parser::pem::parse_x509_pem(text.as_bytes()).unwrap();
    let (_, csr) = X509CertificationRequest::from_der(&pem.contents).unwrap();
    csr.certification_request_info.subject_pki.raw.to_vec()
}

fn pem_blocks(path: &Path) -> Vec<x509_parser::pem::Pem> {
    let bytes = std::fs::read(path).unwrap();
    x509_parser::pem::Pem::iter_from_buffer(&bytes)
        .map(Result::unwrap)
        .collect()
}

#[test]
fn an_hsm_order_is_downloaded_checked_and_named() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let csr = "tests/fixtures/csr/rsa2048.pem";
    let watched = place_and_issue(r, &email_order(r, csr));
    assert!(
        watched.contains("approved") && watched.contains("next: DigiCert emails the certificate"),
        "{watched}"
    );

    let out = expect(r, 100, &["status", "112233"], 0);
    assert!(
        stdout(&out).contains("next: DigiCert emails the certificate")
            && stdout(&out).contains("certwiz download 112233"),
        "{}",
        all(&out)
    );

    let out = expect(r, 100, &["download", "112233"], 0);
    assert_eq!(stdout(&out).trim(), "certificate-112233.pem");
    assert!(
        all(&out).contains("the first for the key of the CSR sent"),
        "{}",
        all(&out)
    );
    let file = r.join("certificate-112233.pem");
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o644
    );
    let blocks = pem_blocks(&file);
    assert_eq!(blocks.len(), 2, "certificate and sandbox CA");
    let (_, leaf) = X509Certificate::from_der(&blocks[0].contents).unwrap();
    let (_, ca) = X509Certificate::from_der(&blocks[1].contents).unwrap();
    assert_eq!(leaf.public_key().raw, csr_spki(csr).as_slice());
    leaf.verify_signature(Some(ca.public_key())).unwrap();

    // Not over the file without --force; pem_noroot is the certificate alone; - is stdout.
    let out = expect(r, 100, &["download", "112233"], 2);
    assert!(all(&out).contains("--force"), "{}", all(&out));
    expect(r, 100, &["download", "112233", "--force"], 0);
    let out = expect(
        r,
        100,
        &[
            "download",
            "112233",
            "--format",
            "pem_noroot",
            "--out",
            "leaf.pem",
        ],
        0,
    );
    assert_eq!(stdout(&out).trim(), "leaf.pem");
    assert_eq!(pem_blocks(&r.join("leaf.pem")).len(), 1);
    let out = expect(r, 100, &["download", "112233", "--out", "-"], 0);
    assert_eq!(stdout(&out).as_bytes(), std::fs::read(&file).unwrap());
    // The certificate is the output itself: a reader gone before it is a failure, said (README,
    // reliability notes), unlike every other command's output.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = crate::support::run_within(
        certwiz(r, 100)
            .args(["download", "112233", "--out", "-"])
            .stdout(writer)
            .stderr(Stdio::piped()),
        "download --out - with nobody reading",
    );
    assert_eq!(out.status.code(), Some(2), "{}", all(&out));
    assert!(
        all(&out).contains("cannot write to standard output: Broken pipe"),
        "{}",
        all(&out)
    );
}

#[test]
fn a_certificate_for_another_key_or_an_unknown_format_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    place_and_issue(r, &email_order(r, "tests/fixtures/csr/p256.pem"));

    let other = fixture("tests/fixtures/csr/p384.pem").display().to_string();
    let out = expect(
        r,
        100,
        &["download", "112233", "--csr", &other, "--out", "wrong.pem"],
        3,
    );
    assert!(
        all(&out).contains("is not the key of the CSR that was sent"),
        "{}",
        all(&out)
    );
    assert!(!r.join("wrong.pem").exists(), "nothing written");

    let out = expect(
        r,
        100,
        &["download", "112233", "--format", "p7b", "--out", "c.p7b"],
        3,
    );
    assert!(
        all(&out).contains("refused") && all(&out).contains("\"p7b\""),
        "{}",
        all(&out)
    );
    assert!(!r.join("c.p7b").exists());

    // Without the journal, the CSR must be given.
    for file in ["orders.db", "orders.db-wal", "orders.db-shm"] {
        let _ = std::fs::remove_file(r.join("data/certwiz").join(file));
    }
    let out = expect(r, 100, &["download", "112233"], 2);
    assert!(all(&out).contains("--csr FILE"), "{}", all(&out));
    let right = fixture("tests/fixtures/csr/p256.pem").display().to_string();
    expect(r, 100, &["download", "112233", "--csr", &right], 0);
}

#[test]
fn a_token_order_has_an_init_code_on_request_and_nothing_to_download() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let request = fixture(REQUEST).display().to_string();
    place_and_issue(r, &request);

    let out = expect(r, 100, &["status", "112233"], 0);
    let text = stdout(&out);
    assert!(text.contains("next: DigiCert ships a token"), "{text}");
    assert!(text.contains("hardware init code: hidden"), "{text}");
    let json = expect(r, 100, &["status", "112233", "--json"], 0);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(
        value["order"].get("hardware_init_code").is_none(),
        "{value}"
    );
    assert_eq!(value["hardware_init_code_hidden"], true);

    let out = expect(r, 100, &["status", "112233", "--show-init-code"], 0);
    let line = stdout(&out)
        .lines()
        .find(|l| l.starts_with("hardware init code: "))
        .unwrap()
        .to_owned();
    let code = line.trim_start_matches("hardware init code: ");
    assert!(
        !code.is_empty() && code.chars().all(|c| c.is_ascii_digit()),
        "{line}"
    );
    // Copying needs a terminal; through a pipe nothing is copied, the code is not shown, and
    // the exit code says it (2), as the help does.
    let out = expect(r, 100, &["status", "112233", "--copy-init-code"], 2);
    assert!(all(&out).contains("needs a terminal"), "{}", all(&out));
    assert!(!all(&out).contains(code), "{}", all(&out));
    // Never in the log, even at debug.
    let log = std::fs::read_to_string(r.join("data/certwiz/certwiz.log")).unwrap_or_default();
    assert!(!log.contains(code), "the init code is in the log");

    let out = expect(r, 100, &["download", "112233"], 1);
    assert!(all(&out).contains("token order"), "{}", all(&out));
    assert!(!r.join("certificate-112233.pem").exists());
}

#[test]
fn an_order_not_issued_yet_has_nothing_to_download() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let file = email_order(r, "tests/fixtures/csr/p256.pem");
    expect(r, 600_000, &["submit", &file, "--yes"], 0);
    let out = expect(r, 600_000, &["download", "112233"], 1);
    assert!(all(&out).contains("once issued"), "{}", all(&out));
}

/// The client against an in-process sandbox: the download call, and DigiCert-shaped refusals
/// for what cannot be downloaded.
#[tokio::test]
async fn the_download_call_answers_a_chain_or_a_digicert_error() {
    use certwiz::api::{Client, Endpoint, ErrorKind};
    use certwiz::delivery::{check_chain, csr_key};
    use certwiz::order::{OrderRequest, Product};
    use certwiz::sandbox::{Route, SandboxConfig};

    let dir = tempfile::tempdir().unwrap();
    let sandbox = certwiz::sandbox::start(SandboxConfig {
        state_dir: dir.path().to_path_buf(),
        port: 0,
        step: Duration::from_millis(10),
    })
    .await
    .unwrap();
    let client = Client::new(Endpoint::sandbox(sandbox.base_url())).unwrap();
    let csr = std::fs::read_to_string(fixture("tests/fixtures/csr/p384.pem")).unwrap();
    let body: serde_json::Value = serde_json::from_slice(
        &std::fs::read(Path::new(&email_order(
            dir.path(),
            "tests/fixtures/csr/p384.pem",
        )))
        .unwrap(),
    )
    .unwrap();
    let email: OrderRequest = serde_json::from_value(body).unwrap();
    let token: OrderRequest =
        serde_json::from_str(&std::fs::read_to_string(fixture(REQUEST)).unwrap()).unwrap();
    let hsm = client
        .place_order(Product::default(), &email)
        .await
        .unwrap()
        .id;
    let shipped = client
        .place_order(Product::default(), &token)
        .await
        .unwrap()
        .id;
    tokio::time::sleep(Duration::from_millis(50)).await;

    let chain = client.download_certificate(hsm, "pem_all").await.unwrap();
    let checked = check_chain(&chain, &csr_key(&csr).unwrap()).unwrap();
    assert_eq!(checked.certificates, 2);
    assert!(checked.linked);
    let again = client.download_certificate(hsm, "pem_all").await.unwrap();
    assert_eq!(again, chain, "issued once");

    let format = client.download_certificate(hsm, "p7b").await.unwrap_err();
    assert_eq!(format.kind(), ErrorKind::BadInput);
    assert_eq!(format.status(), Some(400));
    assert_eq!(format.field_errors()[0].code, "invalid_format");
    let token = client
        .download_certificate(shipped, "pem_all")
        .await
        .unwrap_err();
    assert_eq!(token.field_errors()[0].code, "invalid_provisioning_method");
    let missing = client
        .download_certificate(999, "pem_all")
        .await
        .unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::NotFound);

    // A format that is not a name is refused before anything is sent.
    let hits = sandbox.hits(Route::DownloadCertificate);
    let odd = client.download_certificate(hsm, "../x").await.unwrap_err();
    assert_eq!(odd.kind(), ErrorKind::BadInput);
    assert_eq!(sandbox.hits(Route::DownloadCertificate), hits);
}
