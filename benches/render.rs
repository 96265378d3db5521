//! Criterion benchmarks of drawing each wizard screen (and the help overlay) into a ratatui
//! TestBackend at 80x24 and 200x60. Run: `cargo bench --bench render`.
//!
//! The models are built only through the library's public API (the same messages the runtime
//! feeds the update function), so no test code is compiled into the product. Each iteration is
//! one `Terminal::draw`: the view function, plus ratatui's diff against the previous frame; the
//! "changed" variant also edits a text field before drawing, as a keystroke does.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use certwiz::api::endpoint::BaseUrl;
use certwiz::order::account::{ProductDetails, ServerPlatform};
use certwiz::order::preflight::CheckedFor;
use certwiz::order::{Draft, OrderStatus, Product, RequestStatus};
use certwiz::tui::app::{EndpointBadge, Model, Screen};
use certwiz::tui::msg::{Effect, Msg};
use certwiz::tui::paint::Painter;
use certwiz::tui::services::{AccountData, Placed, TrackUpdate};
use certwiz::tui::theme::Theme;
use certwiz::tui::update::{go_to, update};
use certwiz::tui::view;
use certwiz::tui::view::canvas::Canvas;
use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, BenchmarkId, Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use time::OffsetDateTime;
use time::macros::datetime;

const DOCUMENTED: &str = include_str!("../tests/fixtures/documented-order-request.json");
const CSR_EC: &str = include_str!("../tests/fixtures/csr/p384.pem");
const SIZES: [(u16, u16); 2] = [(80, 24), (200, 60)];
const T0: OffsetDateTime = datetime!(2026-11-28 10:00:00 UTC);

fn account() -> AccountData {
    let json = serde_json::json!({
        "organizations": [
            {"id": 334455, "name": "Example Org", "city": "Richmond", "country": "us"},
            {"id": 334456, "name": "Example Labs", "city": "Lehi", "country": "us"}
        ],
        "containers": [{"id": 221122, "name": "Document Signing"}],
        "users": [
            {"id": 10, "first_name": "Ada", "last_name": "Lovelace", "username": "ada"},
            {"id": 11, "first_name": "Bob", "last_name": "Stone", "username": "bob"}
        ]
    });
    AccountData {
        organizations: serde_json::from_value(json["organizations"].clone()).unwrap(),
        containers: serde_json::from_value(json["containers"].clone()).unwrap(),
        users: serde_json::from_value(json["users"].clone()).unwrap(),
        metadata: Some(Vec::new()),
        ..AccountData::default()
    }
}

fn key(model: &mut Model, code: KeyCode) {
    update(model, key_msg(code));
}

fn key_msg(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// A new wizard, its account and product data loaded, the form empty.
fn loaded(size: (u16, u16)) -> Model {
    let badge = EndpointBadge {
        live: false,
        base: BaseUrl::parse("http://127.0.0.1:8443/services/v2").unwrap(),
    };
    let mut m = Model::new(
        Model::new_draft(Product::default()),
        badge,
        Theme::colour(),
        size,
    );
    update(&mut m, Msg::Account(Ok(account())));
    let details = ProductDetails {
        allowed_validity_years: vec![1, 2, 3],
        server_platforms: vec![
            ServerPlatform::new(-1, Some("OTHER")),
            ServerPlatform::new(21, Some("Example platform 21")),
        ],
        ..Default::default()
    };
    update(&mut m, Msg::ProductDetails(Product::default(), Ok(details)));
    m
}

/// [`loaded`], showing `screen`.
fn new_form(size: (u16, u16), screen: Screen) -> Model {
    let mut m = loaded(size);
    go_to(&mut m, screen);
    m
}

/// A wizard holding the documented example order, its account data loaded, with one placed
/// order being tracked, showing `screen`.
fn model(size: (u16, u16), screen: Screen) -> Model {
    let mut m = loaded(size);
    let (draft, _) = Draft::from_body(
        Product::default(),
        &serde_json::from_str(DOCUMENTED).unwrap(),
    );
    m.replace_draft(draft);
    m.revalidate();
    m.open_editor();
    go_to(&mut m, Screen::Submit);
    // Enter asks the journal for earlier attempts, then the pre-flight: answered as the runtime
    // answers them with an empty journal and no pre-flight service; then `y` sends.
    for effect in update(&mut m, key_msg(KeyCode::Enter)) {
        if let Effect::CheckEarlier(_) = effect {
            for effect in update(&mut m, Msg::Earlier(Ok(Vec::new()))) {
                if let Effect::Preflight { product, body } = effect {
                    let key = CheckedFor::of(product.name_id(), &body);
                    update(&mut m, Msg::Preflight(key, None));
                }
            }
        }
    }
    key(&mut m, KeyCode::Char('y'));
    let placed = Placed {
        order_id: 112233,
        request_id: Some(113),
        request_status: Some(RequestStatus::Pending),
        certificate_id: None,
    };
    update(
        &mut m,
        Msg::Placed {
            at: T0,
            result: Ok(placed),
        },
    );
    update(
        &mut m,
        Msg::Track(TrackUpdate {
            order_id: 112233,
            at: T0 + time::Duration::minutes(1),
            order_status: Some(OrderStatus::from("needs_approval")),
            request_id: Some(113),
            request_status: Some(RequestStatus::from("submitted")),
            certificate_id: None,
            is_final: false,
            error: None,
        }),
    );
    go_to(&mut m, screen);
    m
}

/// Makes sure each case draws what it is named for, so a change to the wizard cannot turn a
/// benchmark into one of an empty or wrong screen unnoticed.
fn check(name: &str, m: &Model, text: &str) {
    let header = text.lines().next().unwrap_or_default();
    assert!(header.contains(m.nav.screen().title()), "{name}: {header}");
    let expected = match name {
        "help" => "this help",
        "ord" => "112233",
        "subj" => "Rene Pierce",
        "ship" => "Erin Guerra",
        _ => "SANDBOX",
    };
    assert!(
        text.contains(expected),
        "{name} lacks {expected:?}:\n{text}"
    );
}

/// Types `x`, then erases it, by turns: the field's value (and so the frame) changes every key.
fn type_or_erase(m: &mut Model, typed: &mut bool) {
    *typed = !*typed;
    key(
        m,
        if *typed {
            KeyCode::Char('x')
        } else {
            KeyCode::Backspace
        },
    );
}

fn render(c: &mut Criterion) {
    let mut group = c.benchmark_group("render");
    for (w, h) in SIZES {
        let size = format!("{w}x{h}");
        let mut cases: Vec<(String, Model)> = Screen::ALL
            .iter()
            .map(|&s| (s.short().to_lowercase(), model((w, h), s)))
            .collect();
        let mut help = model((w, h), Screen::Certificate);
        key(&mut help, KeyCode::F(1));
        cases.push(("help".into(), help));
        for (name, m) in &cases {
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            terminal
                .draw(|f| view::draw(&mut Canvas::of(f), m))
                .unwrap();
            check(name, m, &terminal.backend().to_string());
            group.bench_with_input(BenchmarkId::new(name.as_str(), &size), m, |b, m| {
                b.iter(|| {
                    terminal
                        .draw(|f| view::draw(&mut Canvas::of(f), black_box(m)))
                        .unwrap();
                })
            });
        }
        // A keystroke's whole cost: update (typing into the focused text field) and the draw.
        let mut subject = model((w, h), Screen::Subject);
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        let mut toggle = false;
        group.bench_function(BenchmarkId::new("subject key+draw", &size), |b| {
            b.iter(|| {
                type_or_erase(&mut subject, &mut toggle);
                terminal
                    .draw(|f| view::draw(&mut Canvas::of(f), &subject))
                    .unwrap();
            })
        });
        // The same keys drawn as the wizard draws them (see `paint_keys`): into the documented
        // order after a check; into a new, empty form (no check read yet), what
        // benches/key_frame.py types into the wizard; and into a new form holding a P-384 CSR (a
        // token's key), where every key checks the whole form, the CSR's signature included,
        // unless it is remembered.
        paint_keys(
            &mut group,
            "subject key+paint",
            &size,
            model((w, h), Screen::Subject),
        );
        paint_keys(
            &mut group,
            "new form key+paint",
            &size,
            new_form((w, h), Screen::Subject),
        );
        let mut with_csr = loaded((w, h));
        let mut draft = with_csr.draft().clone();
        draft.set("cs_provisioning_method", "email");
        draft.set("certificate.csr", CSR_EC);
        with_csr.replace_draft(draft);
        with_csr.revalidate();
        go_to(&mut with_csr, Screen::Subject);
        paint_keys(&mut group, "P-384 CSR key+paint", &size, with_csr);
    }
    group.finish();
}

/// Keys typed into `m` (see `type_or_erase`), each drawn as the wizard draws a frame: only the
/// widgets that changed (certwiz::tui::paint), compared with the screen only where they are.
fn paint_keys(group: &mut BenchmarkGroup<'_, WallTime>, name: &str, size: &str, mut m: Model) {
    let (w, h) = m.size();
    let area = Rect::new(0, 0, w, h);
    let mut painter = Painter::new();
    let mut toggle = false;
    group.bench_function(BenchmarkId::new(name, size), |b| {
        b.iter(|| {
            type_or_erase(&mut m, &mut toggle);
            black_box(painter.frame(area, false, |c| view::draw(c, &m)));
        })
    });
}

criterion_group!(benches, render);
criterion_main!(benches);
