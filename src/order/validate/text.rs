//! Checks of a text value on its own: length, control characters, numbers, email address,
//! phone number.

use std::str::FromStr;

use crate::order::diagnostic::{Diagnostic, quoted};

pub(super) fn check_length(
    path: &str,
    label: &str,
    raw: &str,
    max: usize,
    out: &mut Vec<Diagnostic>,
) {
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
    if text.chars().count() > 254 {
        return Err("longer than 254 characters");
    }
    if text.contains(char::is_whitespace) {
        return Err("it contains spaces");
    }
    let Some((_, domain)) = text.rsplit_once('@') else {
        return Err("it has no @");
    };
    if email_address::EmailAddress::from_str(text).is_err() {
        return Err("it is not of the form name@example.com");
    }
    if !domain.contains('.') || domain.starts_with('[') || domain.ends_with('.') {
        return Err("its domain needs a dot, as in example.com");
    }
    Ok(())
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
    // First every byte at once, without stopping (branch-free: several bytes a step): nearly
    // every value has no byte that could begin a control character.
    let candidate = bytes.iter().fold(false, |any, &b| {
        any | (b < 0x20) | (b == 0x7F) | (b == 0xC2)
    });
    candidate
        && bytes.iter().enumerate().any(|(i, &b)| match b {
            b'\n' | b'\r' | b'\t' => !multiline,
            0x00..=0x1F | 0x7F => true,
            0xC2 => matches!(bytes.get(i + 1), Some(0x80..=0x9F)),
            _ => false,
        })
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

    /// The byte reading agrees with `char::is_control`, alone and between others, in both kinds
    /// of text: every character of one and two bytes (where C0, DEL and C1 are), and a sample of
    /// the longer ones (0xC2 is never a byte of those).
    #[test]
    fn has_control_agrees_with_char_is_control() {
        let longer = (0x800..=0x10FFFFu32).step_by(61);
        for c in (0..0x800u32).chain(longer).filter_map(char::from_u32) {
            for multiline in [false, true] {
                let expected = c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t'));
                for text in [c.to_string(), format!("a{c}é"), format!("\u{c2}{c}\u{9f}x")] {
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
