//! The plain form's tests: piped answers in, the draft and the transcript out.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;
use crate::order::account::{ContainerList, MetadataList, OrganizationList, ProductDetails, User};
use crate::order::validate::Context;
use serde_json::Value;

const SEED: &str = include_str!("../../../../assets/sandbox-seed.json");
const REQUEST: &str = include_str!("../../../../tests/fixtures/documented-order-request.json");

/// The embedded sandbox's account, as the form would read it.
fn account() -> Snapshot {
    let seed: Value = serde_json::from_str(SEED).unwrap();
    let organizations: OrganizationList =
        serde_json::from_value(seed["organizations"].clone()).unwrap();
    let containers: ContainerList = serde_json::from_value(seed["containers"].clone()).unwrap();
    let users: Vec<User> = serde_json::from_value(seed["users"].clone()).unwrap();
    let metadata: MetadataList = serde_json::from_value(seed["metadata"].clone()).unwrap();
    // The products the seed has details for.
    let products = Product::ALL
        .iter()
        .filter_map(|p| {
            let details: ProductDetails =
                serde_json::from_value(seed["products"][p.name_id()].clone()).ok()?;
            Some((*p, details))
        })
        .collect();
    Snapshot {
        organizations: Some(organizations.organizations),
        containers: Some(containers.containers),
        users: Some(users),
        metadata: Some(metadata.metadata),
        details: products,
        ..Snapshot::default()
    }
}

/// The documented example's answers, one per question, Enter for the defaults.
pub(crate) const DOCUMENTED: &[&str] = &[
    "",   // product: document_signing_org_1
    "21", // server platform
    "",   // signature hash: sha256
    "",   // provisioning: ship_token
    "",   // organization as common name: yes
    "2",  // validity
    "334455",
    "221122",
    "", // no organization contact
    "", // no order managers
    "Rene Pierce",
    "School Counselor",
    "054-139-0798",
    "rene.pierce@yahoo.com",
    "Erin Guerra",
    "360 Taylor Street",
    "Floor 74",
    "Richmond",
    "va",
    "69662",
    "us",
    "",  // shipping method: standard
    "y", // agreement
    "y", // skip approval
    "",  // payment: balance
    "Comments for the the approver.",
    ".",
    "", // four optional custom fields, after the comments as in the wizard
    "",
    "",
    "",
];

/// Runs the form on `answers`; the draft, whether it finished, and what it wrote.
fn run(answers: &[&str]) -> (Draft, Result<(), Stop>, String, usize) {
    let account = account();
    let input = answers.iter().map(|a| format!("{a}\n")).collect::<String>();
    let mut out = Vec::new();
    let mut draft = Draft::new(Product::default());
    let mut saves = 0;
    let result = {
        let mut form = Form::new(input.as_bytes(), &mut out, &account).echo(true);
        form.intro().unwrap();
        form.fill(&mut draft, &mut |_| saves += 1)
    };
    (draft, result, String::from_utf8(out).unwrap(), saves)
}

#[test]
fn plain_documented_answers_give_the_documented_body() {
    let (draft, result, out, saves) = run(DOCUMENTED);
    assert!(result.is_ok(), "{out}");
    let expected: Value = serde_json::from_str(REQUEST).unwrap();
    assert_eq!(draft.to_body(), expected, "{out}");
    assert_eq!(saves, DOCUMENTED.len() - 1, "saved after every answer");
    assert!(!out.contains('\u{1b}'), "no escape sequences: {out}");
    for section in [
        "Section 1 of 5: Certificate",
        "Section 5 of 5: Payment & approval",
    ] {
        assert!(out.contains(section), "{out}");
    }
    assert!(out.contains("Full name *: Rene Pierce"), "{out}");
    assert!(out.contains("  2. 21, Example platform 21"), "{out}");
    assert!(out.contains("Validity * [1]: 2"), "{out}");
}

#[test]
fn plain_fields_are_asked_again_with_validations_messages() {
    let mut answers = DOCUMENTED.to_vec();
    // The email, wrong first.
    answers.insert(13, "rene.pierce@");
    let (draft, result, out, _) = run(&answers);
    assert!(result.is_ok(), "{out}");
    assert_eq!(draft.get("subject.email"), "rene.pierce@yahoo.com");
    let mut bad = Draft::new(Product::default());
    bad.set("subject.email", "rene.pierce@");
    let message = validate(&bad, &Context::default())
        .into_iter()
        .find(|d| d.path == "subject.email")
        .unwrap()
        .to_string();
    assert!(
        out.contains(&format!(
            "  {message}\nEmail * [rene.pierce@]: rene.pierce@yahoo.com"
        )),
        "{out}"
    );
}

#[test]
fn plain_required_fields_cannot_be_skipped() {
    let mut answers = DOCUMENTED.to_vec();
    // Enter on the organization first.
    answers.insert(6, "");
    let (draft, result, out, _) = run(&answers);
    assert!(result.is_ok(), "{out}");
    assert_eq!(draft.get("organization.id"), "334455");
    assert!(
        out.contains("error   organization.id: Organization is required"),
        "{out}"
    );
}

#[test]
fn plain_numbers_pick_from_the_list_and_searches() {
    let mut answers = DOCUMENTED.to_vec();
    answers[5] = "3"; // validity: the third choice, 3 years
    answers[6] = "1"; // organization: the first of the list
    answers[9] = "1, 12"; // order managers: the first of the list, and user 12 by id
    answers[20] = "?united k";
    answers.insert(21, "1");
    let (draft, result, out, _) = run(&answers);
    assert!(result.is_ok(), "{out}");
    assert_eq!(draft.get("validity_years"), "3");
    assert_eq!(draft.get("organization.id"), "334455");
    assert_eq!(draft.get("user_id_assignments"), "10, 12");
    assert_eq!(draft.get("ship_info.country"), "gb");
    assert!(out.contains("  1. gb, United Kingdom"), "{out}");
}

#[test]
fn plain_dash_clears_and_enter_keeps() {
    let mut answers = DOCUMENTED.to_vec();
    answers[16] = "-"; // address line 2 cleared
    answers[24] = "-"; // payment method cleared (optional)
    let (draft, result, out, _) = run(&answers);
    assert!(result.is_ok(), "{out}");
    assert!(!draft.has("ship_info.addr2"));
    assert!(!draft.has("payment_method"));
    assert_eq!(draft.get("certificate.signature_hash"), "sha256");
}

#[test]
fn plain_without_a_shipped_token_skips_shipping_and_email_asks_the_csr() {
    let csr =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/csr/rsa2048.pem");
    let mut answers: Vec<String> = DOCUMENTED.iter().map(|s| (*s).to_owned()).collect();
    answers[3] = "email".into();
    // After validity: the CSR, first a file that is not there, then the fixture.
    answers.insert(6, "@/nonexistent/x.pem".into());
    answers.insert(7, format!("@{}", csr.display()));
    // No shipping questions: drop recipient .. method (now at 15..23).
    answers.drain(16..24);
    let answers: Vec<&str> = answers.iter().map(String::as_str).collect();
    let (draft, result, out, _) = run(&answers);
    assert!(result.is_ok(), "{out}");
    assert!(out.contains("Section 4 of 5: Shipping: skipped"), "{out}");
    assert!(out.contains("cannot read /nonexistent/x.pem"), "{out}");
    assert!(out.contains("note    certificate.csr: CSR: "), "{out}");
    assert!(draft.get("certificate.csr").starts_with("-----BEGIN"));
    assert!(!draft.object_given("ship_info"));
}

#[test]
fn plain_pasted_multiline_text_ends_at_a_dot() {
    let mut answers = DOCUMENTED.to_vec();
    // The comments end with a dot four answers before the end (the custom fields follow).
    let dot = answers.len() - 5;
    answers.splice(dot..=dot, ["line two", "."]);
    let (draft, result, out, _) = run(&answers);
    assert!(result.is_ok(), "{out}");
    assert_eq!(
        draft.get("comments"),
        "Comments for the the approver.\nline two"
    );
}

#[test]
fn plain_required_custom_fields_are_asked_until_given() {
    let mut account = account();
    if let Some(m) = account.metadata.as_mut() {
        m[0].is_required = true;
    }
    let mut answers = DOCUMENTED.to_vec();
    answers[25] = "";
    answers.insert(26, "x");
    answers.insert(27, "42");
    let input = answers.iter().map(|a| format!("{a}\n")).collect::<String>();
    let mut out = Vec::new();
    let mut draft = Draft::new(Product::default());
    let result = Form::new(input.as_bytes(), &mut out, &account)
        .echo(true)
        .fill(&mut draft, &mut |_| {});
    let out = String::from_utf8(out).unwrap();
    assert!(result.is_ok(), "{out}");
    assert_eq!(draft.custom_field(501), "42");
    assert!(out.contains("Cost center *: "), "{out}");
}

#[test]
fn plain_an_optional_object_is_asked_whole_once_its_first_field_is_given() {
    let mut answers = DOCUMENTED.to_vec();
    // The organization contact: a first name makes the last name required.
    answers[8] = "Ana";
    for (i, a) in ["", "Lopez", "", "", "", ""].into_iter().enumerate() {
        answers.insert(9 + i, a);
    }
    let (draft, result, out, _) = run(&answers);
    assert!(result.is_ok(), "{out}");
    assert_eq!(draft.get("organization_contact.last_name"), "Lopez");
    assert!(
        out.contains("error   organization_contact.last_name: Contact last name is required"),
        "{out}"
    );
    assert!(out.contains("Contact phone extension: "), "{out}");
    assert!(
        !run(DOCUMENTED).2.contains("Contact last name"),
        "without a first name the contact's other fields are not asked"
    );
}

#[test]
fn plain_input_that_ends_stops_the_form() {
    let (_, result, _, _) = run(&DOCUMENTED[..10]);
    assert!(matches!(result, Err(Stop::Eof)));
}

#[test]
fn plain_confirm_needs_a_yes() {
    let account = Snapshot::default();
    for (answer, yes) in [
        ("y\n", true),
        ("YES\n", true),
        ("\n", false),
        ("no\n", false),
    ] {
        let mut out = Vec::new();
        let got = Form::new(answer.as_bytes(), &mut out, &account)
            .confirm("Place this order on SANDBOX?")
            .unwrap();
        assert_eq!(got, yes, "{answer:?}");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "Place this order on SANDBOX? [y/N]: "
        );
    }
}

/// Every field whose catalog entry names a picker gets its numbered list, and fields without
/// one get none: the lists follow `FieldSpec::picker`, as the wizard's pickers do.
#[test]
fn plain_lists_follow_the_catalog_picker() {
    use crate::order::catalog::{FIELDS, FieldId, PickerKind};
    let account = account();
    let draft = Draft::new(Product::default());
    for f in FIELDS.iter().filter(|f| !f.is_custom_field()) {
        let listed = choices::items(&account, Question::Field(f), &draft);
        assert_eq!(!listed.is_empty(), f.picker.is_some(), "{}", f.path);
    }
    let values = |id: FieldId| -> Vec<String> {
        choices::items(&account, Question::Field(id.spec()), &draft)
            .into_iter()
            .map(|i| i.value)
            .collect()
    };
    assert_eq!(
        FieldId::Organization.spec().picker,
        Some(PickerKind::Organization)
    );
    assert!(values(FieldId::Organization).contains(&"334455".to_owned()));
    assert!(values(FieldId::Division).contains(&"221122".to_owned()));
    assert!(values(FieldId::OrderManagers).contains(&"10".to_owned()));
    assert!(values(FieldId::ServerPlatform).contains(&"-1".to_owned()));
    assert!(values(FieldId::ShipCountry).contains(&"us".to_owned()));
    assert_eq!(
        values(FieldId::PaymentMethod),
        ["balance", "card", "profile"]
    );
}

#[test]
fn plain_refuses_a_private_key_for_the_csr_and_keeps_none_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("key.pem");
    std::fs::write(
        &key,
        "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n",
    )
    .unwrap();
    let csr = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/csr/rsa2048.pem"
    );
    let key_answer = format!("@{}", key.display());
    let csr_answer = format!("@{csr}");
    let answers = ["", "21", "", "email", "", "2", &key_answer, &csr_answer];
    let (draft, _, out, _) = run(&answers);
    assert!(out.contains("\"PRIVATE KEY\" PEM block"), "{out}");
    assert!(out.contains("Nothing of it was kept"), "{out}");
    assert!(!draft.get("certificate.csr").contains("PRIVATE"), "{out}");
    assert!(
        draft
            .get("certificate.csr")
            .contains("BEGIN CERTIFICATE REQUEST"),
        "asked again, the request is taken: {out}"
    );
}

/// Piped answers are echoed so a log reads like the session; a private key pasted where the CSR
/// is asked was echoed line by line (then refused), and an answer's escape sequences raw.
#[test]
fn piped_answers_echo_no_private_key_and_no_raw_escapes() {
    let answers = [
        "",
        "21",
        "",
        "email",
        "",
        "2",
        "-----BEGIN PRIVATE KEY-----",
        "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCSECRETSECRET",
        "-----END PRIVATE KEY-----",
        ".",
        "",
        "",
        "\u{1b}[31mRed",
    ];
    let (draft, _, out, _) = run(&answers);
    assert!(!out.contains("SECRETSECRET"), "{out}");
    assert!(out.contains("-----BEGIN PRIVATE KEY-----"), "{out}");
    assert!(out.contains("(the block's lines are not shown)"), "{out}");
    assert!(out.contains("Nothing of it was kept"), "{out}");
    assert!(!draft.get("certificate.csr").contains("PRIVATE"), "{out}");
    assert!(
        !out.contains('\u{1b}'),
        "no escape sequence echoed raw: {out}"
    );
}

/// An organization contact begun (a first name) and then not wanted: `-` at the last name,
/// which the contact requires, clears the whole contact, and the questions go on. It was
/// refused as "required" again and again, with no way out but to type a name.
#[test]
fn a_dash_at_a_field_its_object_requires_clears_the_object() {
    let mut answers: Vec<&str> = DOCUMENTED.to_vec();
    let at = answers
        .iter()
        .position(|a| *a == "221122")
        .expect("the division's answer")
        + 1;
    answers.splice(at..=at, ["Zoë", "-"]);
    let (draft, result, out, _) = run(&answers);
    assert!(result.is_ok(), "{out}");
    assert!(
        out.contains("Organization contact cleared: it is optional"),
        "{out}"
    );
    assert!(!draft.object_given("organization_contact"), "{out}");
    let expected: Value = serde_json::from_str(REQUEST).unwrap();
    assert_eq!(draft.to_body(), expected, "{out}");
}

/// An answer longer than any field takes is refused and nothing of it kept: a 70 MB answer
/// was kept (to be reported as too long) and autosaved, and the next start could not read the
/// autosave (64 MiB at most): every answer was lost.
#[test]
fn an_answer_longer_than_any_field_takes_is_not_kept() {
    let huge = "A".repeat(crate::form::MAX_KEPT + 1);
    let mut answers: Vec<&str> = DOCUMENTED.to_vec();
    let at = answers
        .iter()
        .position(|a| *a == "Rene Pierce")
        .expect("the subject's name");
    answers.insert(at, &huge);
    let mut saved_longest = 0;
    let account = account();
    let input = answers.iter().map(|a| format!("{a}\n")).collect::<String>();
    let mut out = Vec::new();
    let mut draft = Draft::new(Product::default());
    let result = {
        let mut form = Form::new(input.as_bytes(), &mut out, &account).echo(true);
        form.intro().unwrap();
        form.fill(&mut draft, &mut |d| {
            saved_longest = saved_longest.max(d.get("subject.name").len());
        })
    };
    let out = String::from_utf8(out).unwrap();
    assert!(result.is_ok(), "{}", &out[out.len().saturating_sub(2000)..]);
    assert!(out.contains("nothing of it was kept"));
    assert!(saved_longest < 100, "a draft holding it was saved");
    assert_eq!(draft.get("subject.name"), "Rene Pierce");
}
