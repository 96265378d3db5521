//! The certificate's life, run as the real binary against its embedded sandbox with 50 seeded
//! issued orders (20 of them due within 30 days: expiring within 30 or expired in the last 7):
//! `certificates`, `check` and its hooks, `renew`, `reissue` and `revoke`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Output};
use std::time::Duration;

use crate::support::isolate_inherited;
use assert_cmd::Command;
use serde_json::Value;

const REQUEST: &str = "tests/fixtures/documented-order-request.json";
/// A seeded `document_signing_org_1` order 45 days from expiry (the sandbox's cycle of ten).
const RENEWABLE: &str = "5000005";
const DUE_WITHIN_30: usize = 20;

fn certwiz(root: &Path) -> Command {
    let mut std = StdCommand::new(assert_cmd::cargo::cargo_bin!("certwiz"));
    isolate_inherited(&mut std, root);
    let mut cmd = Command::from_std(std);
    cmd.timeout(Duration::from_secs(60));
    cmd
}

fn run(root: &Path, args: &[&str]) -> Output {
    certwiz(root).args(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn sandbox_file(root: &Path, name: &str) -> PathBuf {
    root.join("data").join("certwiz").join("sandbox").join(name)
}

/// The orders the sandbox stored that carry `renewal_of_order_id`.
fn renewals_placed(root: &Path) -> Vec<Value> {
    let Ok(book) = std::fs::read_to_string(sandbox_file(root, "orders.json")) else {
        return Vec::new();
    };
    let book: Value = serde_json::from_str(&book).unwrap();
    book["orders"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["body"].get("renewal_of_order_id").is_some())
        .cloned()
        .collect()
}

fn lifetime(root: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(sandbox_file(root, "lifetime.json")).unwrap())
        .unwrap()
}

#[test]
fn certificates_lists_every_seeded_order_soonest_expiry_first() {
    let root = tempfile::tempdir().unwrap();
    let out = run(root.path(), &["certificates", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows.len(), 50);
    let days: Vec<i64> = rows
        .iter()
        .map(|r| r["days_left"].as_i64().unwrap())
        .collect();
    assert!(days.windows(2).all(|w| w[0] <= w[1]), "{days:?}");
    for product in [
        "document_signing_org_1",
        "document_signing_org_2",
        "ds_individual",
        "ds_org",
        "ds_org_individual",
    ] {
        assert!(rows.iter().any(|r| r["product"] == product), "{product}");
    }
    // The stored listing opens without the sandbox and says so.
    let cached = run(
        root.path(),
        &["certificates", "--cached", "--expiring", "30"],
    );
    assert!(cached.status.success());
    let table = text(&cached.stdout);
    assert_eq!(table.lines().count(), 1 + DUE_WITHIN_30, "{table}");
    assert!(text(&cached.stderr).contains(&format!(
        "{DUE_WITHIN_30} of 50 document signing orders on SANDBOX"
    )));
}

#[test]
fn check_exits_1_naming_the_due_and_runs_the_hook_once_for_each() {
    let root = tempfile::tempdir().unwrap();
    let log = root.path().join("hooks.log");
    let hook = format!(
        "echo \"$CERTWIZ_EVENT $CERTWIZ_ORDER_ID $CERTWIZ_PRODUCT $CERTWIZ_VALID_TILL key=$DIGICERT_API_KEY\" >> '{}'",
        log.display()
    );
    let out = certwiz(root.path())
        .env("DIGICERT_API_KEY", "SECRET-KEY-NEVER-IN-A-HOOK")
        .args([
            "--sandbox",
            "check",
            "--days",
            "30",
            "--json",
            "--exec",
            &hook,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let due = report["due"].as_array().unwrap();
    assert_eq!(due.len(), DUE_WITHIN_30);
    let lines = std::fs::read_to_string(&log).unwrap();
    assert_eq!(lines.lines().count(), DUE_WITHIN_30, "{lines}");
    for row in due {
        let id = row["order_id"].to_string();
        assert_eq!(
            lines
                .lines()
                .filter(|l| l.split(' ').nth(1) == Some(id.as_str()))
                .count(),
            1,
            "{id}"
        );
    }
    assert!(!lines.contains("SECRET"), "{lines}");
    assert!(lines.lines().all(|l| l.ends_with("key=")));
    assert!(lines.contains("expired "), "{lines}");
    assert!(lines.contains("expiring "), "{lines}");

    // In words, each due certificate is named.
    let words = run(root.path(), &["check", "--cached"]);
    assert_eq!(words.status.code(), Some(1));
    let said = text(&words.stdout);
    for row in due {
        assert!(
            said.contains(&format!("order {} (", row["order_id"])),
            "{said}"
        );
    }
}

#[test]
fn a_failing_hook_is_reported_and_the_others_still_run() {
    let root = tempfile::tempdir().unwrap();
    let log = root.path().join("hooks.log");
    let hook = format!("echo $CERTWIZ_ORDER_ID >> '{}'; exit 7", log.display());
    let out = run(root.path(), &["check", "--exec", &hook]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(&log).unwrap().lines().count(),
        DUE_WITHIN_30
    );
    assert!(text(&out.stderr).contains(&format!(
        "{DUE_WITHIN_30} of {DUE_WITHIN_30} --exec commands failed"
    )));
}

#[test]
fn check_exits_0_when_nothing_is_due_and_3_when_certcentral_cannot_be_asked() {
    let root = tempfile::tempdir().unwrap();
    // Ten years on, every seeded certificate expired long ago: none is due.
    let later = certwiz(root.path())
        .env("CERTWIZ_SANDBOX_CLOCK", "+3650d")
        .args(["check"])
        .output()
        .unwrap();
    assert_eq!(later.status.code(), Some(0), "{}", text(&later.stderr));
    assert!(text(&later.stdout).starts_with("nothing due"));
    let none = certwiz(root.path())
        .env("CERTWIZ_SANDBOX_LIFETIME", "0")
        .args(["check", "--days", "90"])
        .output()
        .unwrap();
    assert_eq!(none.status.code(), Some(0));
    let refused = certwiz(root.path())
        .env("CERTWIZ_SANDBOX_FAULTS", "list_orders=403")
        .args(["check"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(3), "{}", text(&refused.stderr));
}

#[test]
fn renew_places_one_order_carrying_renewal_of_order_id_and_refuses_a_second() {
    let root = tempfile::tempdir().unwrap();
    let first = run(root.path(), &["renew", RENEWABLE, REQUEST, "--yes"]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert!(text(&first.stdout).contains("order 112233 placed"));
    let placed = renewals_placed(root.path());
    assert_eq!(placed.len(), 1);
    assert_eq!(placed[0]["body"]["renewal_of_order_id"], 5000005);
    assert_eq!(lifetime(root.path())["renewed"]["5000005"], 112233);

    let second = run(root.path(), &["renew", RENEWABLE, REQUEST, "--yes"]);
    assert_eq!(second.status.code(), Some(5), "{}", text(&second.stderr));
    assert!(
        text(&second.stderr).contains("a second renewal of the same order needs --allow-duplicate")
    );
    assert_eq!(renewals_placed(root.path()).len(), 1);

    // The listing shows the old order renewed, and check no longer counts it.
    let list = run(root.path(), &["certificates", "--json"]);
    let rows: Vec<Value> = serde_json::from_slice(&list.stdout).unwrap();
    let old = rows.iter().find(|r| r["order_id"] == 5000005).unwrap();
    assert_eq!(old["is_renewed"], true);
}

#[test]
fn a_renewal_runs_the_pre_flight_and_yes_alone_does_not_send_past_its_warnings() {
    let root = tempfile::tempdir().unwrap();
    let with_knobs = |args: &[&str]| {
        certwiz(root.path())
            .env("CERTWIZ_SANDBOX_PREFLIGHT", "ds=expired,funds=low")
            .args(args)
            .output()
            .unwrap()
    };
    let refused = with_knobs(&["renew", RENEWABLE, REQUEST, "--yes"]);
    assert_eq!(refused.status.code(), Some(5), "{}", text(&refused.stderr));
    let said = text(&refused.stderr);
    assert!(
        said.contains("document signing validation expired"),
        "{said}"
    );
    assert!(said.contains("the balance is short"), "{said}");
    assert!(said.contains("--accept-preflight"), "{said}");
    assert!(renewals_placed(root.path()).is_empty());

    let sent = with_knobs(&["renew", RENEWABLE, REQUEST, "--yes", "--accept-preflight"]);
    assert!(sent.status.success(), "{}", text(&sent.stderr));
    assert_eq!(renewals_placed(root.path()).len(), 1);
}

#[test]
fn certcentrals_refusal_of_a_renewal_is_explained_and_no_new_order_is_placed() {
    let root = tempfile::tempdir().unwrap();
    // Renewed already on CertCentral's side (not from this machine): the sandbox refuses it.
    let first = run(root.path(), &["renew", RENEWABLE, REQUEST, "--yes"]);
    assert!(first.status.success());
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(sandbox_file(elsewhere.path(), "")).unwrap();
    for name in ["orders.json", "lifetime.json"] {
        std::fs::copy(
            sandbox_file(root.path(), name),
            sandbox_file(elsewhere.path(), name),
        )
        .unwrap();
    }
    let again = run(
        elsewhere.path(),
        &["renew", RENEWABLE, REQUEST, "--yes", "--allow-duplicate"],
    );
    assert_eq!(again.status.code(), Some(3), "{}", text(&again.stderr));
    let said = text(&again.stderr);
    assert!(
        said.contains("CertCentral says order 5000005 was renewed already (order_renewed_already)"),
        "{said}"
    );
    assert!(
        said.contains(&format!(
            "To place it as a new order instead: certwiz renew 5000005 {REQUEST} --sandbox --yes --as-new-order-if-refused"
        )),
        "{said}"
    );
    assert_eq!(renewals_placed(elsewhere.path()).len(), 1);
}

/// Every order the sandbox stored.
fn orders_placed(root: &Path) -> Vec<Value> {
    let Ok(book) = std::fs::read_to_string(sandbox_file(root, "orders.json")) else {
        return Vec::new();
    };
    let book: Value = serde_json::from_str(&book).unwrap();
    book["orders"].as_array().cloned().unwrap_or_default()
}

/// Issue 20 item 2: CertCentral's refusal of a renewal (the sandbox fault
/// `place_order=refuse:CODE`) is explained; a script without `--as-new-order-if-refused` is told
/// the command and exits non-zero with nothing placed; with it, one NEW order is placed,
/// without `renewal_of_order_id`; the flag needs --yes.
#[test]
fn a_refused_renewal_is_placed_as_a_new_order_only_with_the_flag() {
    let refuse = |root: &Path, args: &[&str]| {
        certwiz(root)
            .env(
                "CERTWIZ_SANDBOX_FAULTS",
                "place_order=refuse:order_not_eligible_for_renewal",
            )
            .args(args)
            .output()
            .unwrap()
    };
    let root = tempfile::tempdir().unwrap();
    let script = refuse(root.path(), &["renew", RENEWABLE, REQUEST, "--yes"]);
    let said = text(&script.stderr);
    assert_eq!(script.status.code(), Some(3), "{said}");
    assert!(
        said.contains("CertCentral says order 5000005 cannot be renewed (order_not_eligible_for_renewal). Nothing was placed."),
        "{said}"
    );
    assert!(said.contains("--yes --as-new-order-if-refused"), "{said}");
    assert!(orders_placed(root.path()).is_empty(), "nothing placed");

    let flagged = refuse(
        root.path(),
        &[
            "renew",
            RENEWABLE,
            REQUEST,
            "--yes",
            "--as-new-order-if-refused",
        ],
    );
    let said = text(&flagged.stderr);
    assert!(flagged.status.success(), "{said}");
    assert!(
        said.contains("cannot be renewed"),
        "explained first: {said}"
    );
    assert!(
        said.contains("--as-new-order-if-refused is given: placing it as a new order"),
        "{said}"
    );
    let placed = orders_placed(root.path());
    assert_eq!(placed.len(), 1, "one new order");
    assert!(placed[0]["body"].get("renewal_of_order_id").is_none());
    assert!(text(&flagged.stdout).contains("placed"));

    let without_yes = run(
        root.path(),
        &["renew", RENEWABLE, REQUEST, "--as-new-order-if-refused"],
    );
    assert_eq!(without_yes.status.code(), Some(2));
    assert!(text(&without_yes.stderr).contains("--yes"));
    assert_eq!(orders_placed(root.path()).len(), 1);
}

/// Two `renew` runs of one order at once, drilled against `certwiz sandbox`: the first was
/// refused and, with `--as-new-order-if-refused`, placed a new order; the second then renewed
/// the same order: two certificates for one renewal. The new order is journaled in place of the
/// renewal, so a renewal after it (or it after a renewal) is refused before sending.
#[test]
fn a_new_order_in_place_of_a_renewal_counts_as_that_renewal() {
    let root = tempfile::tempdir().unwrap();
    let instead = certwiz(root.path())
        .env(
            "CERTWIZ_SANDBOX_FAULTS",
            "place_order=refuse:order_renewed_already",
        )
        .args([
            "renew",
            RENEWABLE,
            REQUEST,
            "--yes",
            "--as-new-order-if-refused",
        ])
        .output()
        .unwrap();
    assert!(instead.status.success(), "{}", text(&instead.stderr));
    assert_eq!(orders_placed(root.path()).len(), 1);
    let again = run(root.path(), &["renew", RENEWABLE, REQUEST, "--yes"]);
    let said = text(&again.stderr);
    assert!(!again.status.success(), "{said}");
    assert_eq!(orders_placed(root.path()).len(), 1, "nothing more: {said}");
}

#[test]
fn revoke_without_the_typed_confirmation_sends_nothing() {
    let root = tempfile::tempdir().unwrap();
    let unconfirmed = certwiz(root.path())
        .args(["revoke", "5000004", "--reason", "key lost"])
        .write_stdin("")
        .output()
        .unwrap();
    assert_eq!(unconfirmed.status.code(), Some(5));
    let said = text(&unconfirmed.stderr);
    assert!(said.starts_with("Revoking is permanent."), "{said}");
    assert!(said.contains("timestamped"), "{said}");
    let wrong = run(
        root.path(),
        &[
            "revoke",
            "5000004",
            "--reason",
            "key lost",
            "--confirm",
            "5000044",
        ],
    );
    assert_eq!(wrong.status.code(), Some(5));
    // Nothing reached the sandbox: it never even started.
    assert!(!sandbox_file(root.path(), "lifetime.json").exists());

    let confirmed = run(
        root.path(),
        &[
            "revoke",
            "5000004",
            "--reason",
            "key lost",
            "--confirm",
            "5000004",
        ],
    );
    assert!(confirmed.status.success(), "{}", text(&confirmed.stderr));
    assert!(text(&confirmed.stdout).contains("is pending; an administrator must approve it"));
    assert_eq!(
        lifetime(root.path())["revoked"]["5000004"]["comments"],
        "key lost"
    );
    // Never twice.
    let twice = run(
        root.path(),
        &[
            "revoke",
            "5000004",
            "--reason",
            "key lost",
            "--confirm",
            "5000004",
        ],
    );
    assert_eq!(twice.status.code(), Some(5));
}

#[test]
fn reissue_is_sent_once_and_recorded() {
    let root = tempfile::tempdir().unwrap();
    let out = run(root.path(), &["reissue", "5000005", "--yes"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("reissue of order 5000005 requested"));
    assert_eq!(
        lifetime(root.path())["reissued"]["5000005"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // A reissue whose answer was lost is not sent again.
    let lost = tempfile::tempdir().unwrap();
    let dropped = certwiz(lost.path())
        .env("CERTWIZ_SANDBOX_FAULTS", "reissue=drop")
        .args(["reissue", "5000005", "--yes"])
        .output()
        .unwrap();
    assert_eq!(dropped.status.code(), Some(4), "{}", text(&dropped.stderr));
    let retry = run(lost.path(), &["reissue", "5000005", "--yes"]);
    assert_eq!(retry.status.code(), Some(5), "{}", text(&retry.stderr));
}

#[test]
fn status_watch_runs_the_hook_once_when_the_order_is_issued() {
    let root = tempfile::tempdir().unwrap();
    let placed = certwiz(root.path())
        .env("CERTWIZ_SANDBOX_STEP_MS", "200")
        .args(["submit", REQUEST, "--yes"])
        .output()
        .unwrap();
    assert!(placed.status.success(), "{}", text(&placed.stderr));
    let log = root.path().join("issued.log");
    let hook = format!(
        "echo \"$CERTWIZ_EVENT $CERTWIZ_ORDER_ID $CERTWIZ_CERTIFICATE_ID key=$DIGICERT_API_KEY\" >> '{}'",
        log.display()
    );
    let watch = |args: &[&str]| {
        let out = certwiz(root.path())
            .env("CERTWIZ_SANDBOX_STEP_MS", "200")
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    };
    watch(&["status", "112233", "--watch", "--exec", &hook]);
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        "issued 112233 113 key=\n"
    );
    // A second order, followed by `orders --watch` (the first is final already).
    watch(&["submit", REQUEST, "--yes", "--allow-duplicate"]);
    watch(&["orders", "--watch", "--exec", &hook]);
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        "issued 112233 113 key=\nissued 112234 114 key=\n"
    );
}

/// Issue 18 and 20: an older product's order renewed as a current product: the form moves as
/// `draft convert` moves it and each change is said; what nothing maps to (the person's country)
/// stops it before sending; a body of the new product renews it, carrying
/// `renewal_of_order_id`, at the new product's endpoint.
#[test]
fn an_older_order_renews_as_a_current_product_with_its_changes_said() {
    let root = tempfile::tempdir().unwrap();
    let args = [
        "renew",
        RENEWABLE,
        REQUEST,
        "--product",
        "ds_org_individual",
        "--yes",
    ];
    let stopped = run(root.path(), &args);
    let said = text(&stopped.stderr);
    assert_eq!(stopped.status.code(), Some(1), "{said}");
    for line in [
        "renewing order 5000005 (document_signing_org_1) as ds_org_individual:",
        "mapped: subject.email → individual.email",
        "not sent: comments",
        "to fill: individual.country",
        "error   individual.country: Country is required",
        "nothing was sent",
    ] {
        assert!(said.contains(line), "{line:?} missing: {said}");
    }
    assert!(renewals_placed(root.path()).is_empty());

    // The new product's body, with the country: renewed there.
    let mut body: Value = serde_json::from_str::<Value>(include_str!(
        "../fixtures/digicert/order-request-ds-individual.json"
    ))
    .unwrap()["body"]
        .clone();
    body["organization"] = serde_json::json!({"id": "334455"});
    let file = root.path().join("renewal.json");
    std::fs::write(&file, body.to_string()).unwrap();
    let renewed = run(
        root.path(),
        &[
            "renew",
            RENEWABLE,
            file.to_str().unwrap(),
            "--product",
            "ds_org_individual",
            "--yes",
        ],
    );
    assert!(renewed.status.success(), "{}", text(&renewed.stderr));
    let placed = renewals_placed(root.path());
    assert_eq!(placed.len(), 1);
    let sent = &placed[0]["body"];
    assert_eq!(sent["renewal_of_order_id"], 5000005);
    assert_eq!(sent["individual"]["country"], "us");
    assert_eq!(sent["organization"]["id"], "334455");
    assert!(sent.get("subject").is_none(), "{sent}");
}

/// Issue 20: a reissue or revocation whose process was killed while it was being sent reads as
/// "outcome unknown" (not "sending"), is not sent again, and is settled with
/// `certwiz orders settle-action`, which sends nothing.
#[test]
fn a_reissue_or_revocation_killed_mid_send_is_unknown_and_settles() {
    for (route, args, kind) in [
        ("reissue", vec!["reissue", "5000005", "--yes"], "reissue"),
        (
            "revoke_order",
            vec![
                "revoke",
                "5000004",
                "--reason",
                "key lost",
                "--confirm",
                "5000004",
            ],
            "revocation",
        ),
    ] {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        let mut std = StdCommand::new(assert_cmd::cargo::cargo_bin!("certwiz"));
        isolate_inherited(&mut std, r);
        let mut child = std
            .env("CERTWIZ_SANDBOX_FAULTS", format!("{route}=latency:20000"))
            .args(&args)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let db = r.join("data/certwiz/orders.db");
        crate::support::wait_until("the action to be journaled as sending", || {
            let Ok(conn) = rusqlite::Connection::open_with_flags(
                &db,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
            ) else {
                return false;
            };
            conn.query_row("SELECT state FROM actions", [], |row| {
                row.get::<_, String>(0)
            })
            .is_ok_and(|state| state == "sending")
        });
        child.kill().unwrap();
        child.wait().unwrap();
        let listed = run(r, &["orders"]);
        let said = text(&listed.stdout);
        assert!(
            said.contains("!! OUTCOME UNKNOWN: action 1")
                && said.contains(&format!("{kind} of order"))
                && said.contains("certwiz orders settle-action 1 --not-done"),
            "{route}: {said}"
        );
        // Not sent again before it is settled.
        let again = run(r, &args);
        assert_eq!(again.status.code(), Some(5), "{route}");
        assert!(
            text(&again.stderr).contains("orders settle-action 1"),
            "{route}: {}",
            text(&again.stderr)
        );
        let settled = run(r, &["orders", "settle-action", "1", "--not-done"]);
        assert!(
            settled.status.success(),
            "{route}: {}",
            text(&settled.stderr)
        );
        assert!(text(&settled.stdout).contains("recorded as not done"));
        let twice = run(r, &["orders", "settle-action", "1", "--done"]);
        assert_eq!(twice.status.code(), Some(5), "{route}");
        assert!(!text(&run(r, &["orders"]).stdout).contains("OUTCOME UNKNOWN"));
        // Settled as not done, it may be sent: once.
        let sent = run(r, &args);
        assert!(sent.status.success(), "{route}: {}", text(&sent.stderr));
    }
}

/// `status` of an issued order whose certificate has expired names its renewal as the next
/// step, in text and in `--json`'s `next_step`: it said how to install the certificate on its
/// token, weeks after it expired.
#[test]
fn status_of_an_expired_certificate_names_its_renewal() {
    let root = tempfile::tempdir().unwrap();
    let listed = run(root.path(), &["certificates", "--json"]);
    let rows: Value = serde_json::from_slice(&listed.stdout).unwrap();
    let expired = rows
        .as_array()
        .and_then(|rows| {
            rows.iter()
                .find(|r| r["days_left"].as_i64().is_some_and(|d| d < 0) && r["status"] == "issued")
        })
        .unwrap_or_else(|| panic!("the sandbox seeds an expired certificate: {rows:#}"));
    let order = expired["order_id"].as_i64().unwrap().to_string();
    let out = run(root.path(), &["status", &order]);
    let said = text(&out.stdout);
    assert!(
        said.contains("its certificate expired on")
            && said.contains(&format!("certwiz renew {order} places its renewal")),
        "{said}"
    );
    assert!(!said.contains("install the certificate"), "{said}");
    let json = run(root.path(), &["status", &order, "--json"]);
    let value: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(
        value["next_step"]
            .as_str()
            .is_some_and(|s| s.contains("expired on")),
        "{value:#}"
    );
}

/// A placed order whose certificate was revoked reads as revoked in `status` (exit 1, as
/// README says), as `certificates` lists it: the sandbox's Order info said "issued" (and
/// `status` told how to install it) while its listing said "revoked".
#[test]
fn a_revoked_placed_order_reads_as_revoked_everywhere() {
    let root = tempfile::tempdir().unwrap();
    let fast = |args: &[&str]| {
        certwiz(root.path())
            .env("CERTWIZ_SANDBOX_STEP_MS", "1")
            .args(args)
            .output()
            .unwrap()
    };
    let placed = fast(&["submit", REQUEST, "--yes", "--json"]);
    let placed: Value = serde_json::from_slice(&placed.stdout).unwrap();
    let order = placed["order_id"].as_i64().unwrap().to_string();
    std::thread::sleep(Duration::from_millis(50));
    let issued = fast(&["status", &order]);
    assert!(
        text(&issued.stdout).contains(&format!("order {order}: issued")),
        "{}",
        text(&issued.stdout)
    );
    let revoked = fast(&[
        "revoke",
        &order,
        "--reason",
        "key lost",
        "--confirm",
        &order,
    ]);
    assert!(revoked.status.success(), "{}", text(&revoked.stderr));
    std::thread::sleep(Duration::from_millis(50));
    let listed = fast(&["certificates", "--json"]);
    let rows: Value = serde_json::from_slice(&listed.stdout).unwrap();
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["order_id"].as_i64() == order.parse::<i64>().ok())
        .unwrap_or_else(|| panic!("{rows:#}"));
    assert_eq!(row["status"], "revoked", "{row:#}");
    let status = fast(&["status", &order]);
    let said = text(&status.stdout);
    assert!(said.contains(&format!("order {order}: revoked")), "{said}");
    assert!(!said.contains("install the certificate"), "{said}");
    assert_eq!(status.status.code(), Some(1), "{said}");
}
