//! Checks of a text value on its own: length, control characters, numbers, email address,
//! phone number.

use std::str::FromStr;

use crate::order::diagnostic::Diagnostic;

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
        return Err(format!("{text:?} has too few digits for a phone number"));
    }
    if digits > 20 || text.len() > 40 {
        return Err(format!("{text:?} is too long for a phone number"));
    }
    Ok(())
}

pub(super) fn has_control(text: &str, multiline: bool) -> bool {
    text.chars()
        .any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')))
}

pub(super) fn not_a_number(path: &str, label: &str, text: &str) -> Diagnostic {
    Diagnostic::error(
        path,
        "type",
        format!("{label} must be a whole number, not {text:?}"),
    )
}
