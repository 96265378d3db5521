//! The fuzz model's generators: keys (ordinary, control, function and garbage), pastes up to a
//! megabyte, every kind of mouse event, and every kind of task result.

use std::sync::LazyLock;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use proptest::prelude::*;

use super::app::Model;
use super::fixtures::{RSA2048, account, bare, documented, model, product_details, t0};
use super::msg::{Msg, OrderAction};
use super::services::{Failure, FieldProblem, Placed, ServiceError, TrackUpdate};
use crate::order::{OrderStatus, Product, RequestStatus};

/// A megabyte of ordinary text with line breaks, built once.
pub(super) static MEGABYTE: LazyLock<String> = LazyLock::new(|| {
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit 0123456789\n"
        .repeat(1 << 20 >> 6)
        .chars()
        .take(1 << 20)
        .collect()
});

pub(super) fn key() -> impl Strategy<Value = KeyEvent> {
    let code = prop_oneof![
        any::<char>().prop_map(KeyCode::Char),
        prop::sample::select(vec![
            'q', '?', 'y', 'n', 'a', 'r', 'x', ' ', 'e', 'c', 'J', 'o'
        ])
        .prop_map(KeyCode::Char),
        prop::sample::select(vec![
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Backspace,
            KeyCode::Delete,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::Insert,
            KeyCode::F(1),
            KeyCode::F(5),
            KeyCode::Null,
        ]),
    ];
    let mods = prop::sample::select(vec![
        KeyModifiers::NONE,
        KeyModifiers::SHIFT,
        KeyModifiers::ALT,
        KeyModifiers::CONTROL,
        KeyModifiers::CONTROL | KeyModifiers::SHIFT,
    ]);
    (code, mods).prop_map(|(c, m)| KeyEvent::new(c, m))
}

pub(super) fn paste(megabyte: u32) -> impl Strategy<Value = String> {
    prop_oneof![
        600 => ".{0,300}",
        200 => "[\\x00-\\x1f\\x7f\\u{80}-\\u{9f}a-z\\r\\n\\t ]{0,200}",
        200 => prop::collection::vec(any::<u8>(), 0..2000)
            .prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
        100 => Just(RSA2048.to_owned()),
        megabyte => Just(MEGABYTE.clone()),
    ]
}

pub(super) fn mouse() -> impl Strategy<Value = MouseEvent> {
    let button = prop::sample::select(vec![
        MouseButton::Left,
        MouseButton::Right,
        MouseButton::Middle,
    ]);
    let kind = prop_oneof![
        4 => Just(MouseEventKind::Down(MouseButton::Left)),
        1 => button.clone().prop_map(MouseEventKind::Down),
        1 => button.clone().prop_map(MouseEventKind::Up),
        1 => button.prop_map(MouseEventKind::Drag),
        1 => Just(MouseEventKind::Moved),
        2 => Just(MouseEventKind::ScrollDown),
        2 => Just(MouseEventKind::ScrollUp),
        1 => Just(MouseEventKind::ScrollLeft),
        1 => Just(MouseEventKind::ScrollRight),
    ];
    (kind, 0u16..260, 0u16..90).prop_map(|(kind, column, row)| MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

pub(super) fn failure() -> impl Strategy<Value = ServiceError> {
    let kind = prop::sample::select(vec![
        Failure::BadInput,
        Failure::OutcomeUnknown,
        Failure::Denied,
        Failure::Other,
    ]);
    let path = prop::sample::select(vec![
        None,
        Some("certificate.csr".to_owned()),
        Some("organization.id".to_owned()),
        Some("no.such.field".to_owned()),
    ]);
    (kind, ".{0,80}", path).prop_map(|(failure, message, path)| ServiceError {
        failure,
        message,
        fields: vec![FieldProblem {
            path,
            message: "is wrong".into(),
        }],
        refused: None,
    })
}

pub(super) fn placed() -> impl Strategy<Value = Msg> {
    let ok = (1i64..4, prop::option::of(1i64..4)).prop_map(|(order_id, request_id)| Placed {
        order_id,
        request_id,
        request_status: Some(RequestStatus::Pending),
        certificate_id: None,
    });
    prop_oneof![ok.prop_map(Ok), failure().prop_map(Err)]
        .prop_map(|result| Msg::Placed { at: t0(), result })
}

pub(super) fn track() -> impl Strategy<Value = Msg> {
    let request = prop::sample::select(vec![
        None,
        Some(RequestStatus::Pending),
        Some(RequestStatus::Approved),
        Some(RequestStatus::Rejected),
    ]);
    let order = prop::sample::select(vec![None, Some(OrderStatus::Issued)]);
    (
        1i64..4,
        request,
        order,
        any::<bool>(),
        prop::option::of(".{0,60}"),
    )
        .prop_map(
            |(order_id, request_status, order_status, is_final, error)| {
                Msg::Track(TrackUpdate {
                    order_id,
                    at: t0(),
                    order_status,
                    request_id: Some(order_id + 1),
                    request_status,
                    certificate_id: is_final.then_some(9),
                    is_final,
                    error,
                })
            },
        )
}

pub(super) fn task_result() -> impl Strategy<Value = Msg> {
    prop_oneof![
        Just(Msg::Account(Ok(account()))),
        failure().prop_map(|e| Msg::Account(Err(e))),
        Just(Msg::ProductDetails(
            Product::default(),
            Ok(product_details())
        )),
        failure().prop_map(|e| Msg::ProductDetails(Product::default(), Err(e))),
        Just(Msg::Tick(t0())),
        Just(()).prop_map(|()| Msg::Clock(std::time::Instant::now())),
        Just(Msg::Earlier(Ok(Vec::new()))),
        Just(Msg::Earlier(Err("unreadable".into()))),
        placed(),
        track(),
        (1i64..4, any::<bool>()).prop_map(|(order_id, ok)| Msg::ActionDone {
            at: t0(),
            order_id,
            what: OrderAction::Approve,
            result: if ok {
                Ok(())
            } else {
                Err(ServiceError::new(Failure::Denied, "no"))
            },
        }),
        Just(Msg::CsrFile("a.csr".into(), Ok(RSA2048.to_owned()))),
        Just(Msg::CsrFile("a.csr".into(), Err("not found".into()))),
        any::<bool>().prop_map(|ok| Msg::Exported(
            "x.json".into(),
            if ok { Ok(()) } else { Err("denied".into()) }
        )),
    ]
}

/// One event; `megabyte` weighs 1 MB pastes against 1,100 for the other pastes.
pub(super) fn msg(megabyte: u32) -> impl Strategy<Value = Msg> {
    prop_oneof![
        20 => key().prop_filter("not quit", |k| !(k.code == KeyCode::Char('c') && k.modifiers == KeyModifiers::CONTROL)).prop_map(Msg::Key),
        2 => paste(megabyte).prop_map(Msg::Paste),
        2 => prop_oneof![
            4 => (1u16..250, 1u16..80),
            1 => (1u16..4, 1u16..4),
            1 => (50u16..60, 14u16..18),
        ].prop_map(|(w, h)| Msg::Resize(w, h)),
        3 => mouse().prop_map(Msg::Mouse),
        3 => task_result(),
    ]
}

/// Where a sequence starts: an empty form with or without account data, or a complete one
/// (which can be submitted).
pub(super) fn start() -> impl Strategy<Value = Model> {
    prop_oneof![
        1 => Just(()).prop_map(|()| bare((80, 24))),
        1 => Just(()).prop_map(|()| model((120, 40))),
        3 => Just(()).prop_map(|()| documented((80, 24))),
    ]
}
