//! Test helpers: a seeded account, a model, keys, and rendering into a TestBackend.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use time::OffsetDateTime;
use time::macros::datetime;

use super::app::{EndpointBadge, Model, Row, Screen};
use super::msg::{Effect, Msg};
use super::navigation::go_to;
use super::services::{AccountData, Placed, ServiceError, TrackUpdate};
use super::theme::Theme;
use super::update::update;
use super::view;
use crate::api::endpoint::BaseUrl;
use crate::order::account::{
    Container, DataType, MetadataField, Organization, ProductDetails, ServerPlatform, User,
};
use crate::order::catalog;
use crate::order::{Draft, EndpointKind, OrderStatus, Product, RequestStatus};
use crate::store::{AttemptState, Fingerprint, JournalEntry, StatusChange};

pub const DOCUMENTED: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/documented-order-request.json"
));
pub const RSA2048: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/csr/rsa2048.pem"
));

/// A fixed time, so snapshots are stable.
pub fn t0() -> OffsetDateTime {
    datetime!(2026-11-28 10:00:00 UTC)
}

pub fn account() -> AccountData {
    let org: Organization = serde_json::from_value(serde_json::json!({
        "id": 334455, "name": "Example Org", "city": "Richmond", "country": "us"
    }))
    .unwrap();
    let org2: Organization = serde_json::from_value(serde_json::json!({
        "id": 334456, "name": "Example Labs", "city": "Lehi", "country": "us"
    }))
    .unwrap();
    let container: Container =
        serde_json::from_value(serde_json::json!({"id": 221122, "name": "Document Signing"}))
            .unwrap();
    let users: Vec<User> = serde_json::from_value(serde_json::json!([
        {"id": 10, "first_name": "Ada", "last_name": "Lovelace", "username": "ada", "email": "ada@example.com"},
        {"id": 11, "first_name": "Bob", "last_name": "Stone", "username": "bob"}
    ]))
    .unwrap();
    let metadata = vec![
        MetadataField {
            id: 1,
            label: Some("PO number".into()),
            is_required: true,
            is_active: true,
            data_type: DataType::Text,
            extra: Default::default(),
        },
        MetadataField {
            id: 2,
            label: Some("Cost center".into()),
            is_required: false,
            is_active: true,
            data_type: DataType::Int,
            extra: Default::default(),
        },
    ];
    AccountData {
        organizations: Some(vec![org, org2]),
        containers: Some(vec![container]),
        users: Some(users),
        metadata: Some(metadata),
        ..AccountData::default()
    }
}

pub fn product_details() -> ProductDetails {
    ProductDetails {
        allowed_validity_years: vec![1, 2, 3],
        server_platforms: vec![
            ServerPlatform::new(-1, Some("OTHER")),
            ServerPlatform::new(21, Some("Example platform 21")),
        ],
        ..Default::default()
    }
}

pub fn badge() -> EndpointBadge {
    EndpointBadge {
        live: false,
        base: BaseUrl::parse("http://127.0.0.1:8443/services/v2").unwrap(),
    }
}

/// A fresh wizard without account data.
pub fn bare(size: (u16, u16)) -> Model {
    Model::new(
        Model::new_draft(Product::default()),
        badge(),
        Theme::colour(),
        size,
    )
}

/// A fresh wizard whose account and product details have arrived.
pub fn model(size: (u16, u16)) -> Model {
    let mut m = bare(size);
    update(&mut m, Msg::Account(Ok(account())));
    update(
        &mut m,
        Msg::ProductDetails(Product::default(), Ok(product_details())),
    );
    m
}

/// A wizard holding the documented example order.
pub fn documented(size: (u16, u16)) -> Model {
    let mut m = model(size);
    let (draft, problems) = Draft::from_body(
        Product::default(),
        &serde_json::from_str(DOCUMENTED).unwrap(),
    );
    assert!(problems.is_empty());
    *m.draft_mut() = draft;
    m.draft_mut().set_custom_field(1, "PO-7");
    m.revalidate();
    m.open_editor();
    m
}

pub fn key_event(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, mods)
}

/// A key, with an empty journal answering the wizard's question about earlier attempts of the
/// form, as the runtime would; that question and its answer are not in the effects returned.
/// Tests of the journal-first submit call `update` directly.
pub fn press(m: &mut Model, code: KeyCode) -> Vec<Effect> {
    let effects = update(m, Msg::Key(key_event(code, KeyModifiers::NONE)));
    let mut rest = Vec::new();
    for effect in effects {
        match effect {
            Effect::CheckEarlier(_) => rest.extend(press_on(m, Msg::Earlier(Ok(Vec::new())))),
            effect => rest.push(effect),
        }
    }
    rest
}

/// The journal's answer before a send question, the pre-flight check answered as not run.
pub fn answer_earlier(
    m: &mut Model,
    result: Result<Vec<crate::store::JournalEntry>, String>,
) -> Vec<Effect> {
    press_on(m, Msg::Earlier(result))
}

/// A message's effects, the pre-flight check answered as not run (as services without one do).
fn press_on(m: &mut Model, msg: Msg) -> Vec<Effect> {
    let mut rest = Vec::new();
    for effect in update(m, msg) {
        match effect {
            Effect::Preflight { product, body } => {
                let key = crate::order::preflight::CheckedFor::of(product.name_id(), &body);
                rest.extend(update(m, Msg::Preflight(key, None)))
            }
            effect => rest.push(effect),
        }
    }
    rest
}

pub fn ctrl(m: &mut Model, c: char) -> Vec<Effect> {
    update(
        m,
        Msg::Key(key_event(KeyCode::Char(c), KeyModifiers::CONTROL)),
    )
}

pub fn type_text(m: &mut Model, text: &str) {
    for c in text.chars() {
        update(m, Msg::Key(key_event(KeyCode::Char(c), KeyModifiers::NONE)));
    }
}

/// Focuses the row with this path on the current screen.
pub fn focus_path(m: &mut Model, path: &str) {
    let rows = m.rows(m.nav.screen());
    let i = rows.iter().position(|r| r.path() == path).unwrap();
    while m.form.focus() != i {
        press(m, KeyCode::Tab);
    }
}

/// The frame as text.
pub fn render(m: &Model) -> String {
    let (w, h) = m.size();
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| view::draw(&mut crate::tui::view::canvas::Canvas::of(f), m))
        .unwrap();
    terminal.backend().to_string()
}

pub fn row(path: &str) -> Row {
    Row::Field(catalog::field(path).unwrap())
}

pub fn errors(m: &Model, path: &str) -> Vec<String> {
    m.shown(row(path))
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect()
}

pub fn on_subject_name(size: (u16, u16)) -> Model {
    let mut m = model(size);
    go_to(&mut m, Screen::Subject);
    focus_path(&mut m, "subject.name");
    m
}

pub fn entry(state: AttemptState, order_id: Option<i64>, endpoint: EndpointKind) -> JournalEntry {
    let draft = Model::new_draft(Product::default());
    JournalEntry {
        attempt_id: format!("a-{}", order_id.unwrap_or(0)),
        product: Product::default(),
        fingerprint: Fingerprint::of_draft(&draft),
        endpoint,
        base_url: "http://127.0.0.1:1/".into(),
        label: "Rene Pierce · org 334455".into(),
        created_at: datetime!(2026-11-28 09:00:00 UTC),
        updated_at: datetime!(2026-11-28 09:00:00 UTC),
        state,
        order_id,
        request_ids: order_id.map(|id| vec![id + 1]).unwrap_or_default(),
        certificate_id: None,
        error: None,
        history: order_id
            .map(|id| {
                vec![StatusChange {
                    at: datetime!(2026-11-28 09:00:01 UTC),
                    order_status: None,
                    request_id: Some(id + 1),
                    request_status: Some(RequestStatus::Pending),
                    certificate_id: None,
                }]
            })
            .unwrap_or_default(),
        csr_key: None,
        final_at: None,
        batch: None,
    }
}

/// Snapshots of the model `$build` makes at 80x24 and at 120x40, named `$name` with the size
/// and kept beside the test that calls it (a macro, so insta names the snapshot by its caller).
macro_rules! snap {
    ($name:expr, $build:expr) => {
        for size in [(80u16, 24u16), (120, 40)] {
            let m: $crate::tui::app::Model = ($build)(size);
            insta::assert_snapshot!(
                format!("{}_{}x{}", $name, size.0, size.1),
                $crate::tui::fixtures::render(&m)
            );
        }
    };
}
pub(crate) use snap;

pub fn set(m: &mut Model, path: &str, value: &str) {
    let row = Row::Field(catalog::field(path).unwrap());
    m.set_value(row, value);
    m.flag(row.path().into_owned());
    m.open_editor();
}

pub fn submitted(size: (u16, u16)) -> Model {
    let mut m = documented(size);
    go_to(&mut m, Screen::Submit);
    press(&mut m, KeyCode::Enter);
    press(&mut m, KeyCode::Char('y'));
    m
}

/// Sends the form as a person does (Submit, Enter, `y`) and answers that DigiCert placed it as
/// `order_id`, its request `request_id` pending.
pub fn send_and_place(m: &mut Model, order_id: i64, request_id: i64) {
    send_and_answer(
        m,
        Ok(Placed {
            order_id,
            request_id: Some(request_id),
            request_status: Some(RequestStatus::Pending),
            certificate_id: None,
        }),
    );
}

/// Sends the form as a person does (Submit, Enter, `y`) and gives it the runtime's `result`.
pub fn send_and_answer(m: &mut Model, result: Result<Placed, ServiceError>) -> Vec<Effect> {
    go_to(m, Screen::Submit);
    press(m, KeyCode::Enter);
    press(m, KeyCode::Char('y'));
    answer_send(m, result)
}

/// The runtime's answer to the order POST in flight.
pub fn answer_send(m: &mut Model, result: Result<Placed, ServiceError>) -> Vec<Effect> {
    update(m, Msg::Placed { at: t0(), result })
}

/// The documented order placed as order 112233 (request 113, pending), on Submit.
pub fn placed(size: (u16, u16)) -> Model {
    let mut m = documented(size);
    send_and_place(&mut m, 112233, 113);
    m
}

pub fn track(m: &mut Model, minutes: i64, status: &str, order: Option<&str>, cert: Option<i64>) {
    update(
        m,
        Msg::Track(TrackUpdate {
            order_id: 112233,
            at: t0() + time::Duration::minutes(minutes),
            order_status: order.map(OrderStatus::from),
            request_id: Some(113),
            request_status: Some(RequestStatus::from(status)),
            certificate_id: cert,
            is_final: cert.is_some() || status == "rejected",
            error: None,
        }),
    );
}
