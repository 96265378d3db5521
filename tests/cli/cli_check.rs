//! `certwiz validate`, `preview`, `fields` and `completions`, run as a script would.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use assert_cmd::Command;
use serde_json::Value;

const REQUEST: &str = include_str!("../fixtures/documented-order-request.json");
const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/documented-order-request.json"
);

fn certwiz() -> Command {
    let mut cmd = Command::cargo_bin("certwiz").unwrap();
    let home = std::env::temp_dir().join("certwiz-cli-check-home");
    cmd.env_remove("DIGICERT_API_KEY")
        .env_remove("DIGICERT_API_URL")
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"));
    cmd
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn the_documented_example_validates() {
    let out = certwiz().args(["validate", FIXTURE]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("document_signing_org_1: valid"), "{text}");
    assert!(text.contains("warning skip_approval:"), "{text}");
}

#[test]
fn errors_exit_1_and_name_the_field() {
    let mut body: Value = serde_json::from_str(REQUEST).unwrap();
    body["ship_info"]["city"] = Value::String(String::new());
    body["subject"]["email"] = Value::String("rene".into());
    let out = certwiz()
        .args(["validate", "-"])
        .write_stdin(body.to_string())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("error   ship_info.city: City is required"),
        "{text}"
    );
    assert!(text.contains("error   subject.email: Email:"), "{text}");
    assert!(text.contains("invalid: 2 errors"), "{text}");
}

#[test]
fn json_output_is_machine_readable() {
    let out = certwiz()
        .args(["validate", "--json", FIXTURE])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["valid"], true);
    assert_eq!(report["product"], "document_signing_org_1");
    let first = &report["diagnostics"][0];
    assert!(
        first["path"].is_string() && first["severity"].is_string() && first["code"].is_string()
    );
}

#[test]
fn unreadable_input_exits_2_with_a_position() {
    let out = certwiz()
        .args(["validate", "-"])
        .write_stdin("{\n  \"validity_years\": 2,\n  oops\n}")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("line 3, column 3"),
        "{}",
        stderr(&out)
    );
    let out = certwiz()
        .args(["validate", "/nonexistent/order.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read /nonexistent/order.json"));
    let out = certwiz()
        .args(["validate", "--product", "ds_organization", FIXTURE])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "clap refuses unknown products");
    // The older products' body is not a ds_org body: its fields are named, exit 1.
    let out = certwiz()
        .args(["validate", "--product", "ds_org", FIXTURE])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("subject is not a field certwiz knows for ds_org")
            || stderr(&out).contains("subject is not a field certwiz knows for ds_org"),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
}

#[test]
fn preview_prints_the_documented_body() {
    let out = certwiz().args(["preview", FIXTURE]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    let original: Value = serde_json::from_str(REQUEST).unwrap();
    assert_eq!(printed, original);
    assert_eq!(
        stdout(&out).trim_end(),
        serde_json::to_string_pretty(&original).unwrap()
    );
    assert!(
        stderr(&out).contains("skip_approval"),
        "diagnostics go to stderr"
    );
}

#[test]
fn preview_of_an_invalid_body_exits_1_but_shows_it() {
    let out = certwiz()
        .args(["preview", "-"])
        .write_stdin(r#"{"validity_years": 9}"#)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed["validity_years"], 9);
    assert!(stderr(&out).contains("would not be sent"));
}

#[test]
fn curl_preview_reads_the_key_from_the_environment_only() {
    let secret = "SECRET-KEY-4c1f9e2b";
    let out = certwiz()
        .env("DIGICERT_API_KEY", secret)
        .args([
            "preview",
            "--curl",
            "--product",
            "document_signing_org_2",
            FIXTURE,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains(
            "'https://www.digicert.com/services/v2/order/certificate/document_signing_org_2'"
        ),
        "{text}"
    );
    assert!(text.contains("X-DC-DEVKEY: $DIGICERT_API_KEY"));
    assert!(!text.contains(secret) && !stderr(&out).contains(secret));
    let out = certwiz()
        .args(["preview", "--curl", "--region", "eu", FIXTURE])
        .output()
        .unwrap();
    assert!(stdout(&out).contains(
        "https://certcentral.digicert.eu/services/v2/order/certificate/document_signing_org_1"
    ));
}

#[test]
fn curl_preview_body_is_exactly_the_preview() {
    let out = certwiz()
        .args(["preview", "--curl", FIXTURE])
        .output()
        .unwrap();
    let text = stdout(&out);
    let start = text.find("<<'CERTWIZ_ORDER_JSON'\n").unwrap() + "<<'CERTWIZ_ORDER_JSON'\n".len();
    let end = text.rfind("\nCERTWIZ_ORDER_JSON").unwrap();
    let body: Value = serde_json::from_str(&text[start..end]).unwrap();
    assert_eq!(body, serde_json::from_str::<Value>(REQUEST).unwrap());
}

#[test]
fn plain_http_api_urls_are_refused_off_loopback() {
    let out = certwiz()
        .args([
            "preview",
            "--curl",
            "--api-url",
            "http://example.com/services/v2",
            FIXTURE,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("plain http"));
}

#[test]
fn drafts_are_valid_input_files() {
    let (draft, _) = certwiz::order::draft::read_input(REQUEST, None).unwrap();
    let mut file = certwiz::order::DraftFile::new(draft);
    file.draft.product = certwiz::order::Product::DocumentSigningOrg2;
    let out = certwiz()
        .args(["validate", "-"])
        .write_stdin(serde_json::to_string(&file).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("document_signing_org_2: valid"));
}

#[test]
fn completions_and_field_reference_print() {
    let out = certwiz().args(["completions", "bash"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("certwiz"));
    let out = certwiz().args(["fields", "--markdown"]).output().unwrap();
    assert_eq!(
        stdout(&out),
        certwiz::order::catalog::markdown_reference_all()
    );
}

#[test]
fn every_command_has_help() {
    for cmd in ["validate", "preview", "fields", "completions"] {
        let out = certwiz().args([cmd, "--help"]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{cmd}");
        assert!(stdout(&out).contains("Usage: certwiz"), "{cmd}");
    }
}

/// Issue 18: DigiCert's ds_org example, given without --product, is read as the default older
/// product; the one error says which --product to give, and with it the body is valid.
#[test]
fn a_current_products_body_without_product_names_the_product_to_give() {
    let dir = tempfile::tempdir().unwrap();
    let example: serde_json::Value = serde_json::from_str(include_str!(
        "../fixtures/digicert/order-request-ds-org.json"
    ))
    .unwrap();
    let file = dir.path().join("ds_org.json");
    std::fs::write(&file, example["body"].to_string()).unwrap();
    let file = file.to_str().unwrap();
    let out = certwiz().args(["validate", file]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let said = format!("{}{}", stdout(&out), stderr(&out));
    assert!(said.contains("give --product ds_org"), "{said}");
    assert_eq!(said.matches("error   ").count(), 1, "one error: {said}");
    let out = certwiz()
        .args(["validate", "--product", "ds_org", file])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("ds_org: valid"), "{}", stdout(&out));
}

#[test]
fn preview_of_a_json_array_refuses_as_validate_does_and_prints_no_body() {
    let array = format!("[{REQUEST}]");
    let validated = certwiz()
        .args(["validate", "-"])
        .write_stdin(array.clone())
        .output()
        .unwrap();
    let out = certwiz()
        .args(["preview", "-"])
        .write_stdin(array)
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(out.status.code(), validated.status.code());
    assert_eq!(stdout(&out), "", "no body is printed for an array");
    // The same reason validate gives, on standard error.
    let reason = stdout(&validated)
        .lines()
        .find(|l| l.contains("(body)"))
        .unwrap_or_else(|| panic!("validate names the body: {}", stdout(&validated)))
        .to_owned();
    assert!(stderr(&out).contains(&reason), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nothing to preview"),
        "{}",
        stderr(&out)
    );
    // --curl likewise: no command that would send an empty body.
    let out = certwiz()
        .args(["preview", "--curl", "-"])
        .write_stdin("[]")
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "");
}

/// A body whose CSR is a private key: no output of any command that reads it holds the key
/// (preview and its curl command printed the body with the key in it). The field is refused
/// once, as the wizard's field refuses it, with no "required" error following from it.
#[test]
fn a_private_key_in_a_bodys_csr_is_refused_and_never_printed() {
    let key = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgSECRETSECRET\n-----END PRIVATE KEY-----\n";
    let mut body: Value = serde_json::from_str(REQUEST).unwrap();
    body["cs_provisioning_method"] = Value::String("email".into());
    body["certificate"]["csr"] = Value::String(key.into());
    let body = body.to_string();
    for args in [
        &["preview", "-"][..],
        &["preview", "-", "--curl"],
        &["validate", "-"],
        &["validate", "-", "--json"],
        &["submit", "-", "--yes"],
        &["submit", "-", "--yes", "--json"],
    ] {
        let out = certwiz()
            .args(args)
            .write_stdin(body.clone())
            .output()
            .unwrap();
        let (text, err) = (stdout(&out), stderr(&out));
        assert_eq!(out.status.code(), Some(1), "{args:?}: {text}{err}");
        for printed in [&text, &err] {
            assert!(
                !printed.contains("SECRETSECRET"),
                "{args:?} printed the key: {printed}"
            );
        }
        let said = format!("{text}{err}");
        assert!(
            said.contains("certificate.csr") && said.contains("private key, which never leaves"),
            "{args:?}: {said}"
        );
        assert!(!said.contains("CSR is required"), "{args:?}: {said}");
    }
}

/// A value of the wrong JSON type is one error, not that and the rules' error about the text
/// kept for it ("must be a whole number, not a number" then "must be 1, 2 or 3, not 1e+30").
#[test]
fn a_value_of_the_wrong_kind_is_one_error() {
    let body = REQUEST.replace("\"validity_years\": 2", "\"validity_years\": 1e30");
    assert_ne!(body, REQUEST);
    let out = certwiz()
        .args(["validate", "-"])
        .write_stdin(body)
        .output()
        .unwrap();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert_eq!(text.matches("error   validity_years").count(), 1, "{text}");
    assert!(text.contains("invalid: 1 error"), "{text}");
}

/// A key given twice in one object is refused (exit 2, naming it and where), not read as its
/// last value without a word: validate said "valid" and preview showed 3 for a body whose
/// first `validity_years` is 2.
#[test]
fn a_key_given_twice_is_refused_not_read_as_its_last_value() {
    let body = REQUEST.replace(
        "\"validity_years\": 2,",
        "\"validity_years\": 2,\n  \"validity_years\": 3,",
    );
    assert_ne!(body, REQUEST);
    for command in ["validate", "preview"] {
        let out = certwiz()
            .args([command, "-"])
            .write_stdin(body.clone())
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{command}: {err}");
        assert!(
            err.contains("\"validity_years\" is given twice in one object")
                && err.contains("line 11"),
            "{command}: {err}"
        );
        assert!(stdout(&out).is_empty(), "{command}: {}", stdout(&out));
    }
}

/// A PEM file given where an order goes is named as one (its label, nothing of the key), not
/// "not valid JSON at line 1, column 2: invalid number"; an empty file is said to be empty, not
/// "EOF while parsing a value" at column 0.
#[test]
fn a_pem_file_or_an_empty_file_is_named_for_what_it_is() {
    let key = "-----BEGIN PRIVATE KEY-----\nMIIEvQSECRETSECRET\n-----END PRIVATE KEY-----\n";
    for (input, said) in [
        (key, "not an order: it holds a \"PRIVATE KEY\" PEM block"),
        ("  \n", "empty: it holds no order"),
    ] {
        let out = certwiz()
            .args(["validate", "-"])
            .write_stdin(input)
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(said), "{err}");
        assert!(!err.contains("SECRETSECRET"), "{err}");
    }
}

/// `--product` naming another product than a saved draft's moves it there as `draft convert`
/// does, and says each change on standard error: it was moved without a word (fields dropped,
/// `validity_years` turned into `order_validity`), while the help said "A draft names its own".
#[test]
fn another_product_for_a_draft_says_each_change() {
    let dir = tempfile::tempdir().unwrap();
    let (draft, _) = certwiz::order::draft::read_input(REQUEST, None).unwrap();
    let path = dir.path().join("draft.json");
    std::fs::write(
        &path,
        serde_json::to_string(&certwiz::order::DraftFile::new(draft)).unwrap(),
    )
    .unwrap();
    let out = certwiz()
        .args(["preview", path.to_str().unwrap(), "--product", "ds_org"])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(
        err.contains("is a document_signing_org_1 draft, read as ds_org:"),
        "{err}"
    );
    assert!(
        err.lines().filter(|l| l.starts_with("  ")).count() >= 2,
        "{err}"
    );
    // The same draft as a batch's base, read as another product: the same words.
    let rows = dir.path().join("rows.jsonl");
    std::fs::write(&rows, "{\"subject\": {\"name\": \"Ann\"}}\n").unwrap();
    let out = certwiz()
        .args([
            "submit",
            "--batch",
            rows.to_str().unwrap(),
            "--base",
            path.to_str().unwrap(),
            "--product",
            "ds_org",
            "--yes",
        ])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(
        err.contains("is a document_signing_org_1 draft, read as ds_org:"),
        "{err}"
    );
}
