//! Checks of a text value on its own: length, control characters, numbers, email address,
//! phone number.

use std::str::FromStr;

use crate::order::blank;
use crate::order::diagnostic::{Diagnostic, quoted};

pub(super) fn check_length(
    path: &str,
    label: &str,
    raw: &str,
    max: usize,
    out: &mut Vec<Diagnostic>,
) {
    // A text of at most `max` bytes has at most `max` characters: counted only when longer.
    if raw.len() <= max {
        return;
    }
    let len = raw.chars().count();
    if len > max {
        out.push(Diagnostic::error(
            path,
            "too_long",
            format!("{label} is too long ({len} characters; at most {max})"),
        ));
    }
}

/// Checks an email address; the error says what is wrong.
pub fn check_email(text: &str) -> Result<(), &'static str> {
    if text.len() > 254 && text.chars().count() > 254 {
        return Err("longer than 254 characters");
    }
    let spaced = if text.is_ascii() {
        text.bytes().any(blank::is_space_byte)
    } else {
        text.contains(char::is_whitespace)
    };
    if spaced {
        return Err("it contains spaces");
    }
    let Some((_, domain)) = text.rsplit_once('@') else {
        return Err("it has no @");
    };
    if !plain_address_ok(text)
        .unwrap_or_else(|| email_address::EmailAddress::from_str(text).is_ok())
    {
        return Err("it is not of the form name@example.com");
    }
    if !domain.contains('.') || domain.starts_with('[') || domain.ends_with('.') {
        return Err("its domain needs a dot, as in example.com");
    }
    Ok(())
}

/// The `email_address` crate's verdict (`EmailAddress::from_str(text).is_ok()`) on text made only
/// of its unquoted characters (ASCII letters, digits, `` !#$%&'*+-/=?^_`{|}~ ``, dots and `@`),
/// without the `String` it builds: nearly every address typed or given in a batch. `None` for
/// any other text (quotes, brackets, spaces, non-ASCII letters): the crate decides those.
/// Its rules for such text: the local part (before the last `@`) non-empty, at most 64 bytes,
/// dot-separated non-empty atoms; the domain non-empty, at most 254 bytes, dot-separated labels
/// of 1-63 bytes that begin and end with a letter or digit.
fn plain_address_ok(text: &str) -> Option<bool> {
    fn atext(b: u8) -> bool {
        matches!(b, b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9'
            | b'!' | b'#'..=b'\'' | b'*' | b'+' | b'-' | b'/' | b'=' | b'?' | b'^'..=b'`' | b'{'..=b'~')
    }
    if !text.bytes().all(|b| atext(b) || b == b'.' || b == b'@') {
        return None;
    }
    let (local, domain) = text.rsplit_once('@')?;
    let atoms = |part: &str| {
        part.split('.')
            .all(|a| !a.is_empty() && a.bytes().all(atext))
    };
    let local_ok = !local.is_empty() && local.len() <= 64 && atoms(local);
    let domain_ok = !domain.is_empty()
        && domain.len() <= 254
        && domain.split('.').all(|label| match label.as_bytes() {
            [first, .., last] => {
                label.len() <= 63
                    && first.is_ascii_alphanumeric()
                    && last.is_ascii_alphanumeric()
                    && label.bytes().all(atext)
            }
            [only] => only.is_ascii_alphanumeric(),
            [] => false,
        });
    Some(local_ok && domain_ok)
}

/// Checks a phone number: phone characters only, with a plausible count of digits.
pub fn check_phone(text: &str) -> Result<(), String> {
    if let Some(bad) = text
        .chars()
        .find(|c| !(c.is_ascii_digit() || " +-().,/xX#".contains(*c)))
    {
        return Err(format!(
            "{bad:?} is not a phone character (digits, spaces, + - ( ) . / and x for an extension)"
        ));
    }
    let digits = text.chars().filter(char::is_ascii_digit).count();
    if digits < 6 {
        return Err(format!(
            "{} has too few digits for a phone number",
            quoted(text)
        ));
    }
    if digits > 20 || text.len() > 40 {
        return Err(format!("{} is too long for a phone number", quoted(text)));
    }
    Ok(())
}

/// Refuses invisible characters in text that goes on a certificate or before the people who
/// validate it: every format character (Unicode category Cf, the table in
/// [`crate::outside::FORMAT_RANGES`]: bidi controls, zero-width characters, U+061C, the BOM) and
/// the line and paragraph separators. `Rene \u{202e}ecreiP` shows as "Rene Pierce"; DigiCert
/// would validate and print what was sent. The message names the first one and where it is.
pub(super) fn check_invisible(path: &str, label: &str, raw: &str, out: &mut Vec<Diagnostic>) {
    if let Some((at, c)) = invisible(raw) {
        out.push(Diagnostic::error(
            path,
            "invisible_chars",
            format!(
                "{label} holds an invisible character, {}, at character {at}; retype it without (it can make text show as other text)",
                invisible_name(c)
            ),
        ));
    }
}

/// The first invisible character of `text` and its position, counted in characters from 1.
pub fn invisible(text: &str) -> Option<(usize, char)> {
    // None of them is ASCII.
    if text.is_ascii() {
        return None;
    }
    text.chars()
        .enumerate()
        .find(|(_, c)| crate::outside::is_format(*c) || matches!(c, '\u{2028}' | '\u{2029}'))
        .map(|(i, c)| (i + 1, c))
}

/// A character's code point, with its Unicode name for the common invisible ones.
pub fn invisible_name(c: char) -> String {
    let name = match c {
        '\u{00AD}' => "SOFT HYPHEN",
        '\u{061C}' => "ARABIC LETTER MARK",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2060}' => "WORD JOINER",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{2028}' => "LINE SEPARATOR",
        '\u{2029}' => "PARAGRAPH SEPARATOR",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE (byte order mark)",
        _ => "a format character",
    };
    format!("U+{:04X} {name}", u32::from(c))
}

/// Whether `text` holds a control character (`char::is_control`: C0, DEL, C1); line breaks and
/// tabs are allowed in multi-line text. Read byte by byte, without decoding characters (a batch
/// checks every value of every row here): C0 and DEL are single bytes, and a C1 character is
/// 0xC2 followed by 0x80–0x9F, bytes that begin or continue no other character that way.
pub(super) fn has_control(text: &str, multiline: bool) -> bool {
    let bytes = text.as_bytes();
    // First eight bytes at a time, as one word, without stopping: nearly every value has no
    // byte that could begin a control character, and nearly every value is short. The last
    // word may overlap the one before; a text of four to seven bytes is read as two halves that
    // may overlap, a shorter one byte by byte.
    let n = bytes.len();
    // (A slice of the right length always converts; were it not to, zero would send the text
    // to the precise reading.)
    let word = |at: usize| bytes[at..at + 8].try_into().map_or(0, u64::from_le_bytes);
    let half = |at: usize| bytes[at..at + 4].try_into().map_or(0, u32::from_le_bytes);
    let candidate = if n >= 8 {
        let mut any = may_hold_control(word(n - 8));
        for at in (0..n - 8).step_by(8) {
            any |= may_hold_control(word(at));
        }
        any
    } else if n >= 4 {
        may_hold_control(u64::from(half(0)) | u64::from(half(n - 4)) << 32)
    } else {
        bytes.iter().any(|&b| b < 0x20 || b == 0x7F || b == 0xC2)
    };
    candidate
        && bytes.iter().enumerate().any(|(i, &b)| match b {
            b'\n' | b'\r' | b'\t' => !multiline,
            0x00..=0x1F | 0x7F => true,
            0xC2 => matches!(bytes.get(i + 1), Some(0x80..=0x9F)),
            _ => false,
        })
}

/// Whether one of a word's eight bytes is below 0x20, 0x7F or 0xC2 (the classic tests for a zero
/// byte and a byte below a bound, on the whole word at once; exact as a yes or no).
fn may_hold_control(word: u64) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = ONES * 0x80;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH != 0;
    word.wrapping_sub(ONES * 0x20) & !word & HIGH != 0
        || has_zero(word ^ (ONES * 0x7F))
        || has_zero(word ^ (ONES * 0xC2))
}

pub(super) fn not_a_number(path: &str, label: &str, text: &str) -> Diagnostic {
    Diagnostic::error(
        path,
        "type",
        format!("{label} must be a whole number, not {}", quoted(text)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The short way agrees with the crate wherever it answers: every text of up to five
    /// characters over letters, digits, the separators and a few unquoted characters, and the
    /// length limits of each part on either side.
    #[test]
    fn plain_address_ok_agrees_with_the_crate() {
        let crate_ok = |t: &str| email_address::EmailAddress::from_str(t).is_ok();
        let alphabet = ['a', 'Z', '7', '.', '@', '-', '_', '+', '"', 'é'];
        let mut texts = vec![String::new()];
        let mut answered = 0;
        for _ in 0..5 {
            texts = texts
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            for t in &texts {
                if let Some(ok) = plain_address_ok(t) {
                    answered += 1;
                    assert_eq!(ok, crate_ok(t), "{t:?}");
                }
            }
        }
        assert!(answered > 10_000, "the short way answered {answered} texts");
        let label = |n: usize| "a".repeat(n);
        for n in [1, 63, 64, 65, 250, 254, 255] {
            for t in [
                format!("{}@example.com", label(n)),
                format!("ann@{}.com", label(n)),
                format!(
                    "ann@{}",
                    ["b"; 130].join(".")[..n.min(259)].trim_end_matches('.')
                ),
                format!("ann@x.{}", label(n)),
                format!("a.{}@x-1.example", label(n)),
            ] {
                assert_eq!(plain_address_ok(&t), Some(crate_ok(&t)), "{t:?}");
            }
        }
    }

    /// Each reason, for ASCII text (read byte by byte) and for other text (by characters).
    #[test]
    fn check_email_says_why() {
        let long = format!("{}@example.com", "a".repeat(243));
        let long_wide = format!("{}@example.com", "é".repeat(243));
        let (a, b) = ("a".repeat(64), "b".repeat(63));
        let longest = format!("{a}@{b}.{b}.{}.com", "d".repeat(57));
        assert_eq!(longest.len(), 254);
        for (text, expected) in [
            ("ann@example.com", Ok(())),
            ("anné@exämple.com", Ok(())),
            (long.as_str(), Err("longer than 254 characters")),
            (long_wide.as_str(), Err("longer than 254 characters")),
            (longest.as_str(), Ok(())),
            ("ann lee@example.com", Err("it contains spaces")),
            ("ann\u{b}@example.com", Err("it contains spaces")),
            ("ann\r@example.com", Err("it contains spaces")),
            ("anné\u{a0}@example.com", Err("it contains spaces")),
            ("anné\u{3000}@example.com", Err("it contains spaces")),
            (
                "ann\u{1c}@example.com",
                Err("it is not of the form name@example.com"),
            ),
            ("ann.example.com", Err("it has no @")),
            (
                "ann..lee@example.com",
                Err("it is not of the form name@example.com"),
            ),
            (
                "ann@localhost",
                Err("its domain needs a dot, as in example.com"),
            ),
        ] {
            assert_eq!(check_email(text), expected, "{text:?}");
        }
    }

    /// The byte reading agrees with `char::is_control`, alone and between others, in both kinds
    /// of text: every character of one and two bytes (where C0, DEL and C1 are), and a sample of
    /// the longer ones (0xC2 is never a byte of those).
    #[test]
    fn has_control_agrees_with_char_is_control() {
        let longer = (0x800..=0x10FFFFu32).step_by(61);
        for c in (0..0x800u32).chain(longer).filter_map(char::from_u32) {
            for multiline in [false, true] {
                let expected = c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t'));
                let texts = [
                    c.to_string(),
                    format!("a{c}é"),
                    format!("\u{c2}{c}\u{9f}x"),
                    // At every place of a word and across the words' border.
                    format!("abcdefg{c}hijklmnopq"),
                    format!("abcdef{c}ghijklmnopq"),
                    format!("ab{c}cdefghijklmnopqr"),
                    format!("abcdefghijklmnopqrstu{c}"),
                    format!("abcde{c}fg"),
                    format!("ab{c}"),
                ];
                for text in texts {
                    let other = text.chars().any(|t| {
                        t != c && t.is_control() && !(multiline && matches!(t, '\n' | '\r' | '\t'))
                    });
                    assert_eq!(
                        has_control(&text, multiline),
                        expected || other,
                        "{:?} multiline {multiline}",
                        text
                    );
                }
            }
        }
    }
}
