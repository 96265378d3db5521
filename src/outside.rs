//! The one place that makes text from outside (a server's answer, the journal's record of one, a
//! file) safe to print on a terminal. No terminal code here: only strings in, strings out.
//!
//! Text is stored as it was received (the journal keeps evidence) and made safe on the way out:
//!
//! - control characters, C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F), are shown
//!   visibly: a C0 as its control picture (ESC as `␛`, BEL as `␇`), DEL as `␡`, a C1 as
//!   `<U+009B>`; none reaches the terminal, so an answer holding `ESC ] 52 ; … BEL` cannot write
//!   to the clipboard or retitle the window;
//! - invisible format characters (Unicode category Cf: bidi controls such as U+202E, zero-width
//!   characters, U+061C, the BOM) and the line and paragraph separators U+2028/U+2029 are shown
//!   as `<U+202E>`, so "Rene \u{202e}ecreiP" cannot pass for "Rene Pierce";
//! - length is bounded: past [`MAX_CHARS`] characters the rest is cut and counted.
//!
//! `--json` output goes through [`json`], which escapes the same characters as `\uXXXX` (serde_json
//! escapes C0 only).

use std::borrow::Cow;
use std::fmt;

/// The most characters of one outside string that are printed; DigiCert documents no field
/// near this long (README, reliability notes).
pub const MAX_CHARS: usize = 2000;

/// The characters of Unicode general category Cf (format), as inclusive ranges.
///
/// Generated from the Unicode Character Database 14.0 (`unicodedata.category(c) == "Cf"` over
/// every code point, Python 3's `unicodedata`), with U+13439–U+1343F added from Unicode 15.0's
/// `DerivedGeneralCategory.txt` (Egyptian hieroglyph format controls). Includes the bidi
/// controls (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), the zero-width characters
/// (U+200B–U+200D, U+2060), U+061C ARABIC LETTER MARK and U+FEFF (the BOM).
pub const FORMAT_RANGES: &[(u32, u32)] = &[
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
];

/// Whether `c` is an invisible format character (category Cf).
pub fn is_format(c: char) -> bool {
    let c = u32::from(c);
    // Below the table's first character (U+00AD) there is none: ASCII and Latin-1 text, most of
    // what is checked, skips the search (10 % of validating a batch of JSON Lines went here).
    if FORMAT_RANGES.first().is_none_or(|&(lo, _)| c < lo) {
        return false;
    }
    FORMAT_RANGES
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Whether `c` must not reach a terminal as it is: a control character (C0, DEL, C1), an
/// invisible format character, or the line or paragraph separator.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_format(c) || c == '\u{2028}' || c == '\u{2029}'
}

/// `text` made safe to print, cut at [`MAX_CHARS`]. Borrowed when nothing needed changing.
pub fn safe(text: &str) -> Cow<'_, str> {
    safe_within(text, MAX_CHARS)
}

/// `text` made safe to print, cut at `max` characters (the cut is counted).
pub fn safe_within(text: &str, max: usize) -> Cow<'_, str> {
    let long = text.chars().nth(max).is_some();
    if !long {
        return visible(text);
    }
    let mut out = String::with_capacity(text.len().min(max * 4) + 16);
    for c in text.chars().take(max) {
        push_visible(&mut out, c);
    }
    let rest = text.chars().count() - max;
    out.push_str(&format!("… ({rest} more characters)"));
    Cow::Owned(out)
}

/// `text` with every character [`is_unsafe`] shown visibly (as [`safe`] shows them), whole: for
/// text of our own that holds what a person typed or pasted, which the screen bounds itself.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        push_visible(&mut out, c);
    }
    Cow::Owned(out)
}

fn push_visible(out: &mut String, c: char) {
    let n = u32::from(c);
    match n {
        // C0: the control pictures block holds one picture per C0 code, in order.
        0x00..=0x1F => out.push(char::from_u32(0x2400 + n).unwrap_or('?')),
        0x7F => out.push('\u{2421}'),
        _ if is_unsafe(c) => out.push_str(&format!("<U+{n:04X}>")),
        _ => out.push(c),
    }
}

/// Shows outside text safely with `{}`: `outln!("{}", Safe(&message))`.
#[derive(Debug, Clone, Copy)]
pub struct Safe<'a>(pub &'a str);

impl fmt::Display for Safe<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&safe(self.0))
    }
}

/// A value as pretty JSON whose strings hold no control, C1 or invisible format character raw:
/// each is written `\uXXXX` (serde_json writes C0 so already; DEL, C1, Cf and U+2028/U+2029 it
/// passes raw). Such characters can only be inside strings, so escaping them keeps it JSON.
pub fn json(value: &serde_json::Value) -> String {
    let text = format!("{value:#}");
    escape_json_text(&text)
}

/// The same, on one line (JSON Lines).
pub fn json_line(value: &serde_json::Value) -> String {
    escape_json_text(&value.to_string())
}

fn escape_json_text(text: &str) -> String {
    // serde_json escapes every C0 inside a string, so a raw newline is the layout's own.
    let escape = |c: char| is_unsafe(c) && c != '\n';
    if !text.chars().any(escape) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if escape(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str =
        "ok\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}]0;pwned\u{7}\u{9b}31m\u{7f}\u{202e}x\u{200b}\u{feff}";

    fn harmless(s: &str) -> bool {
        !s.chars().any(is_unsafe)
    }

    #[test]
    fn visible_shows_what_safe_shows_and_never_cuts() {
        assert_eq!(visible(HOSTILE), safe(HOSTILE));
        assert!(matches!(
            visible("Rene Pierce"),
            Cow::Borrowed("Rene Pierce")
        ));
        let long = format!("{}\u{202e}", "a".repeat(MAX_CHARS + 10));
        let shown = visible(&long);
        assert!(shown.ends_with("a<U+202E>") && harmless(&shown), "{shown}");
    }

    #[test]
    fn controls_and_invisible_characters_are_shown_not_sent() {
        let shown = safe(HOSTILE);
        assert!(harmless(&shown), "{shown:?}");
        assert_eq!(
            shown,
            "ok␛]52;c;cHduZWQ=␇␛]0;pwned␇<U+009B>31m␡<U+202E>x<U+200B><U+FEFF>"
        );
        assert_eq!(format!("[{:<4}]", Safe("a\nb")), "[a␊b ]");
        assert!(matches!(safe("Rene Pierce, Zürich"), Cow::Borrowed(_)));
    }

    #[test]
    fn length_is_bounded_and_the_cut_counted() {
        let long = "é".repeat(MAX_CHARS + 5);
        let shown = safe(&long);
        assert!(shown.ends_with("… (5 more characters)"), "{shown}");
        assert_eq!(shown.chars().filter(|c| *c == 'é').count(), MAX_CHARS);
        assert_eq!(safe_within("abc", 3), "abc");
    }

    #[test]
    fn json_escapes_c1_del_and_format_characters_and_stays_json() {
        let value = serde_json::json!({ "status": HOSTILE, "emoji": "😀\u{e0001}" });
        for text in [json(&value), json_line(&value)] {
            assert!(harmless(&text.replace('\n', "")), "{text}");
            assert!(
                text.contains("\\u009b") && text.contains("\\u202e"),
                "{text}"
            );
            let back: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(back, value, "the same value once parsed");
        }
    }

    #[test]
    fn the_format_table_is_sorted_and_finds_its_members() {
        assert!(FORMAT_RANGES.windows(2).all(|w| w[0].1 < w[1].0));
        for c in [
            '\u{202e}',
            '\u{2066}',
            '\u{200b}',
            '\u{061c}',
            '\u{feff}',
            '\u{e007f}',
        ] {
            assert!(is_format(c), "{:04X}", u32::from(c));
        }
        for c in ['a', ' ', 'é', '\u{2065}', '\u{2070}', '😀'] {
            assert!(!is_format(c), "{:04X}", u32::from(c));
        }
        // The quick answer below the table's first character agrees with the table.
        assert!(is_format('\u{00AD}'));
        for c in ('\0'..'\u{00AD}').chain(['\u{00AE}', '\u{00FF}']) {
            let in_table = FORMAT_RANGES
                .iter()
                .any(|&(lo, hi)| (lo..=hi).contains(&u32::from(c)));
            assert_eq!(is_format(c), in_table, "{:04X}", u32::from(c));
        }
    }
}
