//! Key bindings as data. The same table decides what a key does, fills the footer, and fills the
//! help overlay, so the three can never disagree.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::borrow::Cow;

use super::input::EditOp;

/// A key with its modifiers (Shift is ignored for characters, which carry it in their case).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn plain(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

const fn alt(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::ALT,
    }
}

const fn ch(c: char) -> Key {
    plain(KeyCode::Char(c))
}

impl Key {
    /// Whether a pressed key is this one.
    pub fn matches(&self, event: &KeyEvent) -> bool {
        let mods = match event.code {
            KeyCode::Char(_) | KeyCode::BackTab => event.mods_without_shift(),
            _ => event.modifiers,
        };
        self.code == event.code && self.mods == mods
    }

    /// How the key is written in the footer and the help: borrowed for a key without Ctrl or
    /// Alt whose name is fixed or one ASCII character (the footer names its keys every frame).
    pub fn name(&self) -> Cow<'static, str> {
        let code: Cow<'static, str> = match self.code {
            KeyCode::Char(' ') => "Space".into(),
            KeyCode::Char(c) => match ascii_str(c) {
                Some(c) => c.into(),
                None => c.to_string().into(),
            },
            KeyCode::F(n) => format!("F{n}").into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Backspace => "Bksp".into(),
            KeyCode::Delete => "Del".into(),
            other => format!("{other:?}").into(),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("C-{}", code.to_uppercase()).into()
        } else if self.mods.contains(KeyModifiers::ALT) {
            format!("M-{code}").into()
        } else {
            code
        }
    }
}

/// A printable ASCII character as a string that lives for ever (a slice of one table).
fn ascii_str(c: char) -> Option<&'static str> {
    const PRINTABLE: &str = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";
    let at = usize::from(u8::try_from(c).ok()?.checked_sub(b' ')?);
    PRINTABLE.get(at..at + 1)
}

trait WithoutShift {
    fn mods_without_shift(&self) -> KeyModifiers;
}

impl WithoutShift for KeyEvent {
    fn mods_without_shift(&self) -> KeyModifiers {
        self.modifiers - KeyModifiers::SHIFT
    }
}

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    NextField,
    PrevField,
    /// Up outside a text field, or on the first line of a multi-line one.
    FieldUp,
    /// Down outside a text field, or on the last line of a multi-line one.
    FieldDown,
    NextScreen,
    PrevScreen,
    /// Enter: open a picker, toggle, confirm.
    Activate,
    /// Esc: close an overlay, or go back a screen.
    Back,
    /// Space: toggle a checkbox or a multi-select item.
    Toggle,
    /// ←/→ on a choice: the previous or next value.
    CyclePrev,
    CycleNext,
    /// A character typed on a choice: the first value or label it starts (type-ahead).
    TypeAhead(char),
    Edit(EditOp),
    /// Load a CSR from a file.
    LoadFile,
    ScrollUp,
    ScrollDown,
    ExportJson,
    ExportCurl,
    Submit,
    Approve,
    Reject,
    CancelOrder,
    /// Show or hide an issued token order's install code (Orders).
    InitCode,
    /// Copy the install code shown (Orders).
    CopyCode,
    /// Download an issued HSM order's certificate (Orders).
    Download,
    /// Renew the selected issued order or certificate (Orders): the form filled from it.
    Renew,
    /// Show the other list on Orders: the orders followed here, or the account's certificates.
    SwitchList,
    /// Select the next field with an error (Review).
    NextError,
    Yes,
    No,
    /// Open the saved profiles of the screen's kind (Subject, Shipping).
    Profiles,
    /// Open the named drafts.
    Drafts,
    /// On the list of saved profiles or drafts: save the form (or its part) under a name.
    SaveAs,
    RenameSaved,
    DeleteSaved,
    /// Show the batch file under review.
    Batch,
}

/// Where a binding applies; the update function lists the active scopes, most specific first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Everywhere, even over a picker or a question.
    Always,
    /// Everywhere but over a picker, question or prompt.
    Global,
    /// No text field has the keyboard (so `q` and `?` are free).
    Browsing,
    /// A form screen.
    Form,
    /// A text field or prompt has the keyboard.
    Text,
    /// A multi-line text field has the keyboard.
    Multiline,
    /// The CSR field has the keyboard.
    CsrField,
    Picker,
    /// A picker where several items can be ticked.
    MultiPicker,
    Prompt,
    Confirm,
    /// The question before sending an order again: only `y` says yes.
    Resend,
    Review,
    Submit,
    Orders,
    HelpOverlay,
    /// Subject and Shipping, which have profiles.
    ProfileScreen,
    /// The list of saved profiles or drafts.
    SavedList,
    /// The question at start: resume the autosaved form, or start a new one.
    ResumeQuestion,
    /// A message that only needs closing.
    Message,
    /// The batch file under review.
    Batch,
}

impl Scope {
    /// A heading for the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Scope::Always => "Anywhere",
            Scope::Global => "Outside pickers and questions",
            Scope::Browsing => "Outside a text field",
            Scope::Form => "On a form",
            Scope::Text => "In a text field (readline keys)",
            Scope::Multiline => "In the CSR or comments",
            Scope::CsrField => "In the CSR",
            Scope::Picker => "In a picker",
            Scope::MultiPicker => "In a multi-select",
            Scope::Prompt => "In a question that takes text",
            Scope::Confirm => "In a confirmation",
            Scope::Resend => "When asked to send an order again",
            Scope::Review => "On Review",
            Scope::Submit => "On Submit",
            Scope::Orders => "On Orders",
            Scope::HelpOverlay => "In this help",
            Scope::ProfileScreen => "On Subject and Shipping",
            Scope::SavedList => "In the list of profiles or drafts",
            Scope::ResumeQuestion => "When asked to resume the autosaved order",
            Scope::Message => "In a message",
            Scope::Batch => "In the batch under review",
        }
    }
}

/// One binding: its keys, what they do, where, and how the footer and help name it.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub scope: Scope,
    /// The footer's short word; `None` keeps it out of the footer.
    pub footer: Option<&'static str>,
    pub help: &'static str,
}

const fn b(
    scope: Scope,
    keys: &'static [Key],
    action: Action,
    footer: Option<&'static str>,
    help: &'static str,
) -> Binding {
    Binding {
        keys,
        action,
        scope,
        footer,
        help,
    }
}

use Action as A;
use KeyCode as C;
use Scope as S;

/// Every binding, in the order the help lists them.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    b(S::HelpOverlay, &[plain(C::Esc), plain(C::F(1)), ch('?'), ch('q'), plain(C::Enter)], A::Back, Some("close"), "close this help"),
    b(S::HelpOverlay, &[plain(C::Down), ch('j')], A::ScrollDown, None, "scroll down"),
    b(S::HelpOverlay, &[plain(C::Up), ch('k')], A::ScrollUp, None, "scroll up"),
    b(S::HelpOverlay, &[plain(C::PageDown), ch(' ')], A::NextScreen, None, "scroll a page down"),
    b(S::HelpOverlay, &[plain(C::PageUp)], A::PrevScreen, None, "scroll a page up"),
    b(S::ResumeQuestion, &[ch('y'), plain(C::Enter)], A::Yes, Some("resume"), "take up the autosaved order"),
    b(S::ResumeQuestion, &[ch('n'), plain(C::Esc)], A::No, Some("new form"), "start a new form; the autosaved one is kept as a named draft"),
    b(S::Message, &[plain(C::Enter), plain(C::Esc)], A::Back, Some("close"), "close the message"),
    b(S::Confirm, &[ch('y'), plain(C::Enter)], A::Yes, Some("yes"), "confirm"),
    b(S::Confirm, &[ch('n'), plain(C::Esc)], A::No, Some("no"), "cancel"),
    b(S::Resend, &[ch('y')], A::Yes, Some("yes"), "send the order again"),
    b(S::Resend, &[plain(C::Enter)], A::Activate, None, "does not send again: only y does"),
    b(S::Resend, &[ch('n'), plain(C::Esc)], A::No, Some("no"), "keep it: nothing is sent"),
    b(S::Confirm, &[plain(C::Down)], A::ScrollDown, None, "scroll a question longer than the screen"),
    b(S::Confirm, &[plain(C::Up)], A::ScrollUp, None, "scroll it back"),
    b(S::Resend, &[plain(C::Down)], A::ScrollDown, None, "scroll a question longer than the screen"),
    b(S::Resend, &[plain(C::Up)], A::ScrollUp, None, "scroll it back"),
    b(S::Message, &[plain(C::Down)], A::ScrollDown, None, "scroll a message longer than the screen"),
    b(S::Message, &[plain(C::Up)], A::ScrollUp, None, "scroll it back"),
    b(S::Picker, &[plain(C::Enter)], A::Activate, Some("choose"), "choose the highlighted item (or confirm the ticked ones)"),
    b(S::Picker, &[plain(C::Esc)], A::Back, Some("close"), "close without changing the field"),
    b(S::Picker, &[plain(C::Up), ctrl('p')], A::FieldUp, None, "previous item"),
    b(S::Picker, &[plain(C::Down), ctrl('n')], A::FieldDown, None, "next item"),
    b(S::MultiPicker, &[plain(C::Char(' '))], A::Toggle, Some("tick"), "tick or untick an item"),
    b(S::Picker, &[plain(C::Backspace)], A::Edit(EditOp::Backspace), None, "edit the search; type to search"),
    b(S::Prompt, &[plain(C::Enter)], A::Activate, Some("ok"), "accept the text"),
    b(S::Prompt, &[plain(C::Esc)], A::Back, Some("cancel"), "cancel"),
    b(S::SavedList, &[plain(C::Enter)], A::Activate, Some("load"), "load the highlighted one into the form"),
    b(S::SavedList, &[ch('s')], A::SaveAs, Some("save as"), "save the form (a profile: this screen's part) under a name"),
    b(S::SavedList, &[ch('r')], A::RenameSaved, Some("rename"), "rename the highlighted one"),
    b(S::SavedList, &[ch('d')], A::DeleteSaved, Some("delete"), "delete the highlighted one (asks first)"),
    b(S::SavedList, &[plain(C::Up), ch('k')], A::FieldUp, None, "previous one"),
    b(S::SavedList, &[plain(C::Down), ch('j')], A::FieldDown, None, "next one"),
    b(S::SavedList, &[plain(C::Esc)], A::Back, Some("close"), "close the list"),
    b(S::Always, &[ctrl('c')], A::Quit, Some("quit"), "quit"),
    b(S::Always, &[plain(C::F(1))], A::Help, Some("help"), "this help"),
    b(S::Global, &[plain(C::PageDown), ctrl('n')], A::NextScreen, Some("next"), "next screen"),
    b(S::Global, &[plain(C::PageUp), ctrl('p')], A::PrevScreen, Some("back"), "previous screen"),
    b(S::Global, &[plain(C::Tab)], A::NextField, Some("field"), "next field"),
    b(S::Global, &[plain(C::BackTab)], A::PrevField, None, "previous field"),
    b(S::Global, &[plain(C::Esc)], A::Back, None, "close, or go back a screen (never discards the form)"),
    b(S::Global, &[plain(C::F(3))], A::Drafts, None, "named drafts: save the form under a name, open or delete one"),
    b(S::Global, &[plain(C::F(4))], A::Batch, Some("batch"), "the batch file under review (certwiz --batch FILE)"),
    b(S::ProfileScreen, &[plain(C::F(2))], A::Profiles, Some("profiles"), "saved profiles: load one, save these details under a name, rename, delete"),
    b(S::Multiline, &[plain(C::Enter)], A::Edit(EditOp::Newline), None, "new line"),
    b(S::Multiline, &[plain(C::Up)], A::Edit(EditOp::Up), None, "line up (from the first line: previous field)"),
    b(S::Multiline, &[plain(C::Down)], A::Edit(EditOp::Down), None, "line down (from the last line: next field)"),
    b(S::CsrField, &[ctrl('o')], A::LoadFile, Some("load file"), "load the CSR from a file"),
    b(S::Text, &[plain(C::Left), ctrl('b')], A::Edit(EditOp::Left), None, "character left"),
    b(S::Text, &[plain(C::Right), ctrl('f')], A::Edit(EditOp::Right), None, "character right"),
    b(S::Text, &[plain(C::Home), ctrl('a')], A::Edit(EditOp::Home), None, "start of line"),
    b(S::Text, &[plain(C::End), ctrl('e')], A::Edit(EditOp::End), None, "end of line"),
    b(S::Text, &[alt(C::Char('b')), Key { code: C::Left, mods: KeyModifiers::CONTROL }], A::Edit(EditOp::WordLeft), None, "word left"),
    b(S::Text, &[alt(C::Char('f')), Key { code: C::Right, mods: KeyModifiers::CONTROL }], A::Edit(EditOp::WordRight), None, "word right"),
    b(S::Text, &[plain(C::Backspace), ctrl('h')], A::Edit(EditOp::Backspace), None, "delete the character before"),
    b(S::Text, &[plain(C::Delete), ctrl('d')], A::Edit(EditOp::Delete), None, "delete the character under"),
    b(S::Text, &[ctrl('k')], A::Edit(EditOp::KillToEnd), None, "delete to the end of the line"),
    b(S::Text, &[ctrl('u')], A::Edit(EditOp::KillToStart), None, "delete to the start of the line"),
    b(S::Text, &[ctrl('w'), alt(C::Backspace)], A::Edit(EditOp::KillWordBack), None, "delete the word before"),
    b(S::Text, &[alt(C::Char('d'))], A::Edit(EditOp::KillWordForward), None, "delete the word after"),
    b(S::Text, &[ctrl('y')], A::Edit(EditOp::Yank), None, "put back the last deleted text"),
    b(S::Text, &[ctrl('z')], A::Edit(EditOp::Undo), None, "undo"),
    b(S::Text, &[alt(C::Char('z'))], A::Edit(EditOp::Redo), None, "redo"),
    b(S::Text, &[plain(C::Enter)], A::Activate, Some("pick/next"), "open the field's picker, or go to the next field"),
    b(S::Text, &[plain(C::Up)], A::FieldUp, None, "previous field"),
    b(S::Text, &[plain(C::Down)], A::FieldDown, None, "next field"),
    b(S::Browsing, &[ch('q')], A::Quit, None, "quit"),
    b(S::Browsing, &[ch('?')], A::Help, None, "this help"),
    b(S::Form, &[plain(C::Enter)], A::Activate, Some("pick"), "open the picker, or toggle a yes/no"),
    b(S::Form, &[plain(C::Char(' '))], A::Toggle, None, "toggle a yes/no or the agreement"),
    b(S::Form, &[plain(C::Right)], A::CycleNext, Some("choose"), "next value, or type a value's first letters or digits"),
    b(S::Form, &[plain(C::Left)], A::CyclePrev, None, "previous value of a choice or a yes/no"),
    b(S::Form, &[plain(C::Up), ch('k')], A::FieldUp, None, "previous field"),
    b(S::Form, &[plain(C::Down), ch('j')], A::FieldDown, None, "next field"),
    b(S::Review, &[plain(C::Up), ch('k')], A::FieldUp, None, "previous field"),
    b(S::Review, &[plain(C::Down), ch('j')], A::FieldDown, None, "next field"),
    b(S::Review, &[plain(C::Enter)], A::Activate, Some("go to"), "go to the selected field"),
    b(S::Review, &[ch('n')], A::NextError, Some("next error"), "select the next field with an error"),
    b(S::Review, &[ch('J'), ctrl('d')], A::ScrollDown, None, "scroll the JSON down"),
    b(S::Review, &[ch('K'), ctrl('u')], A::ScrollUp, None, "scroll the JSON up"),
    b(S::Review, &[ch('e')], A::ExportJson, Some("export JSON"), "write the JSON body to a file"),
    b(S::Review, &[ch('c')], A::ExportCurl, Some("export curl"), "write a curl command (key read from $DIGICERT_API_KEY) to a file"),
    b(S::Submit, &[plain(C::Enter), ch('s')], A::Submit, Some("submit"), "send the order (asks first)"),
    b(S::Batch, &[plain(C::Up), ch('k')], A::FieldUp, None, "previous row"),
    b(S::Batch, &[plain(C::Down), ch('j')], A::FieldDown, None, "next row"),
    b(S::Batch, &[plain(C::Enter)], A::Activate, Some("open row"), "open the row in the form (Review), to read or fix it"),
    b(S::Batch, &[plain(C::Esc)], A::Back, Some("close"), "close the batch (F4 shows it again)"),
    b(S::Orders, &[plain(C::Up), ch('k')], A::FieldUp, None, "previous order"),
    b(S::Orders, &[plain(C::Down), ch('j')], A::FieldDown, None, "next order"),
    b(S::Orders, &[ch('a')], A::Approve, Some("approve"), "approve the order's request (asks first)"),
    b(S::Orders, &[ch('r')], A::Reject, Some("reject"), "reject the request, with a comment (asks first)"),
    b(S::Orders, &[ch('x')], A::CancelOrder, Some("cancel order"), "cancel a pending order or a pending reissue, with a note (asks first)"),
    b(S::Orders, &[ch('i')], A::InitCode, Some("install code"), "show or hide an issued token order's install code"),
    b(S::Orders, &[ch('c')], A::CopyCode, Some("copy code"), "copy the install code shown (OSC 52)"),
    b(S::Orders, &[ch('d')], A::Download, Some("download"), "download an HSM order's certificate, check it, save it"),
    b(S::Orders, &[ch('R')], A::Renew, Some("renew"), "renew the selected issued order: the form filled from it, with renewal_of_order_id (sent only from Submit)"),
    b(S::Orders, &[plain(C::Tab)], A::SwitchList, Some("account"), "show the other list: the orders followed here, or the account's certificates"),
];

/// The action of the first binding, in the given scopes (in order), that matches the key.
pub fn resolve(scopes: &[Scope], key: &KeyEvent) -> Option<Action> {
    scopes.iter().find_map(|scope| {
        BINDINGS
            .iter()
            .filter(|b| b.scope == *scope)
            .find(|b| b.keys.iter().any(|k| k.matches(key)))
            .map(|b| b.action)
    })
}

/// The bindings the footer offers for these scopes: one per action, most specific scope first,
/// none whose first key a more specific scope takes. [`super::commands`] then drops the ones
/// that would do nothing where the person is.
pub fn footer_bindings(scopes: &[Scope]) -> Vec<&'static Binding> {
    // A pure function of the scopes (the bindings are fixed), asked every frame: remembered for
    // each list of scopes seen (a few dozen at most), as working it out was 4 % of a key's cost.
    type Memo = Vec<(Vec<Scope>, Vec<&'static Binding>)>;
    static MEMO: std::sync::Mutex<Memo> = std::sync::Mutex::new(Vec::new());
    if let Ok(memo) = MEMO.lock()
        && let Some((_, bindings)) = memo.iter().find(|(s, _)| s == scopes)
    {
        return bindings.clone();
    }
    let bindings = offered(scopes);
    if let Ok(mut memo) = MEMO.lock() {
        memo.push((scopes.to_vec(), bindings.clone()));
    }
    bindings
}

/// [`footer_bindings`], worked out.
fn offered(scopes: &[Scope]) -> Vec<&'static Binding> {
    let mut seen: Vec<Action> = Vec::new();
    // Keys taken by a more specific scope: a binding they shadow is not offered.
    let mut claimed: Vec<Key> = Vec::new();
    let mut out = Vec::new();
    for scope in scopes {
        let bindings: Vec<&'static Binding> =
            BINDINGS.iter().filter(|b| b.scope == *scope).collect();
        for binding in &bindings {
            if binding.footer.is_none()
                || seen.contains(&binding.action)
                || claimed.contains(&binding.keys[0])
            {
                continue;
            }
            seen.push(binding.action);
            out.push(*binding);
        }
        claimed.extend(bindings.iter().flat_map(|b| b.keys.iter().copied()));
    }
    out
}

/// The footer's key names and words for these scopes, before [`super::commands`] drops the
/// entries that do nothing.
pub fn footer(scopes: &[Scope]) -> Vec<(Cow<'static, str>, &'static str)> {
    footer_bindings(scopes)
        .into_iter()
        .filter_map(|b| Some((b.keys[0].name(), b.footer?)))
        .collect()
}

/// The help overlay's lines: a heading per scope, then each binding's keys and help.
pub fn help_sections() -> Vec<(&'static str, Vec<(String, &'static str)>)> {
    let order = [
        S::Always,
        S::Global,
        S::Browsing,
        S::Form,
        S::Text,
        S::Multiline,
        S::CsrField,
        S::Picker,
        S::MultiPicker,
        S::Prompt,
        S::Review,
        S::Submit,
        S::Orders,
        S::ProfileScreen,
        S::SavedList,
        S::Batch,
        S::ResumeQuestion,
        S::Message,
        S::Confirm,
        S::Resend,
        S::HelpOverlay,
    ];
    order
        .iter()
        .map(|scope| {
            let lines = BINDINGS
                .iter()
                .filter(|b| b.scope == *scope)
                .map(|b| {
                    let keys: Vec<String> = b.keys.iter().map(|k| k.name().into_owned()).collect();
                    (keys.join(" "), b.help)
                })
                .collect();
            (scope.title(), lines)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn scopes_decide_in_order() {
        let q = key(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(
            resolve(&[S::Text, S::Global], &q),
            None,
            "q types in a field"
        );
        assert_eq!(resolve(&[S::Browsing, S::Global], &q), Some(A::Quit));
        let question = key(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(resolve(&[S::Browsing], &question), Some(A::Help));
        let back_tab = key(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(resolve(&[S::Global], &back_tab), Some(A::PrevField));
        let ctrl_n = key(KeyCode::Char('n'), KeyModifiers::CONTROL);
        assert_eq!(resolve(&[S::Global], &ctrl_n), Some(A::NextScreen));
        assert_eq!(
            resolve(&[S::Picker, S::Global], &ctrl_n),
            Some(A::FieldDown)
        );
    }

    #[test]
    fn every_footer_entry_is_in_the_help() {
        let help = help_sections();
        for scope in [
            S::Global,
            S::Form,
            S::Review,
            S::Orders,
            S::Submit,
            S::Picker,
        ] {
            for (keys, word) in footer(&[scope]) {
                let binding = BINDINGS
                    .iter()
                    .find(|b| b.footer == Some(word) && b.scope == scope)
                    .unwrap();
                let listed = help.iter().any(|(_, lines)| {
                    lines
                        .iter()
                        .any(|(k, h)| k.starts_with(&*keys) && *h == binding.help)
                });
                assert!(listed, "{keys} {word} missing from help");
            }
        }
    }

    #[test]
    fn shadowed_keys_leave_the_footer() {
        let words: Vec<&str> = footer(&[S::CsrField, S::Multiline, S::Text, S::Global])
            .into_iter()
            .map(|(_, w)| w)
            .collect();
        assert!(
            !words.contains(&"pick/next"),
            "Enter is a new line there: {words:?}"
        );
        assert!(words.contains(&"load file"));
    }

    #[test]
    fn key_names_read_well() {
        assert_eq!(ctrl('n').name(), "C-N");
        assert_eq!(plain(C::PageDown).name(), "PgDn");
        assert_eq!(alt(C::Char('b')).name(), "M-b");
        assert_eq!(plain(C::Char('é')).name(), "é");
    }

    #[test]
    fn every_printable_ascii_key_is_named_by_itself() {
        for c in (0x20u8..0x7f).map(char::from).filter(|c| *c != ' ') {
            let name = plain(C::Char(c)).name();
            assert_eq!(name, c.to_string());
            assert!(
                matches!(name, Cow::Borrowed(_)),
                "{c:?} is named without allocating"
            );
        }
        assert_eq!(ascii_str('\u{7f}'), None);
        assert_eq!(ascii_str('\u{1f}'), None);
    }
}
