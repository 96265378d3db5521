//! A short property test of the update function and the view: random keys, pastes (including
//! control characters and long text), clicks, resizes down to 1x1 and task results never panic,
//! and the model's invariants hold. Issue 6 runs a longer version.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use proptest::prelude::*;

use super::app::{Overlay, SubmitState};
use super::fixtures::{account, documented, render, t0};
use super::msg::{Effect, Msg};
use super::services::{Failure, Placed, ServiceError};
use super::update::update;
use crate::order::RequestStatus;

fn key() -> impl Strategy<Value = KeyEvent> {
    let code = prop_oneof![
        any::<char>().prop_map(KeyCode::Char),
        prop::sample::select(vec!['q', '?', 'y', 'n', 'a', 'r', 'x', ' ', 'e', 'c', 'J'])
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
            KeyCode::F(1),
        ]),
    ];
    let mods = prop::sample::select(vec![
        KeyModifiers::NONE,
        KeyModifiers::SHIFT,
        KeyModifiers::ALT,
        KeyModifiers::CONTROL,
    ]);
    (code, mods).prop_map(|(c, m)| KeyEvent::new(c, m))
}

fn msg() -> impl Strategy<Value = Msg> {
    prop_oneof![
        8 => key().prop_filter("not quit", |k| !(k.code == KeyCode::Char('c') && k.modifiers == KeyModifiers::CONTROL)).prop_map(Msg::Key),
        1 => ".{0,300}".prop_map(Msg::Paste),
        1 => (1u16..200, 1u16..60).prop_map(|(w, h)| Msg::Resize(w, h)),
        1 => (0u16..200, 0u16..60).prop_map(|(x, y)| Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: x,
            row: y,
            modifiers: KeyModifiers::NONE,
        })),
        1 => Just(Msg::Account(Ok(account()))),
        1 => prop::bool::ANY.prop_map(|ok| Msg::Placed {
            at: t0(),
            result: if ok {
                Ok(Placed { order_id: 1, request_id: Some(2), request_status: Some(RequestStatus::Pending), certificate_id: None })
            } else {
                Err(ServiceError::new(Failure::OutcomeUnknown, "lost"))
            },
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_input_never_panics(msgs in prop::collection::vec(msg(), 1..60)) {
        let mut m = documented((80, 24));
        for msg in msgs {
            let before = m.submit.clone();
            let effects = update(&mut m, msg);
            let sent = effects.iter().filter(|e| matches!(e, Effect::PlaceOrder { .. })).count();
            // An order is never sent while another is out, nor after one was placed.
            prop_assert!(sent <= 1);
            if sent == 1 {
                prop_assert!(
                    !matches!(before, SubmitState::InFlight { .. } | SubmitState::Placed { .. }),
                    "sent from {:?}", before
                );
            }
            if m.quitting {
                break;
            }
            let _ = render(&m);
            if let Some(Overlay::Picker(p)) = &m.overlay {
                prop_assert!(p.cursor <= p.items.len());
            }
            prop_assert!(m.editor.is_none() || m.overlay.is_none());
        }
    }
}
