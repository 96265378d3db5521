//! Blank text and trimming, as `str::trim` decides them (Unicode white space), answered from the
//! first and last byte when they are printable ASCII: nearly every value of a draft. A batch of
//! 10,000 rows asks these questions about fifty times a row.

/// Whether an ASCII byte is white space as `char::is_whitespace` has it: space or `\t`–`\r`.
#[inline]
pub fn is_space_byte(b: u8) -> bool {
    b == b' ' || (b'\t'..=b'\r').contains(&b)
}

/// Whether a byte, read as the first or last of a text, settles that `str::trim` keeps that end:
/// ASCII and not white space.
#[inline]
fn kept_end(b: u8) -> bool {
    b.is_ascii() && !is_space_byte(b)
}

/// `text.trim()`, without decoding when both ends are printable ASCII.
#[inline]
pub fn trim(text: &str) -> &str {
    match text.as_bytes() {
        [first, .., last] if kept_end(*first) && kept_end(*last) => text,
        [only] if kept_end(*only) => text,
        _ => text.trim(),
    }
}

/// `text.trim().is_empty()`: empty, or only white space.
#[inline]
pub fn is_blank(text: &str) -> bool {
    match text.as_bytes().first() {
        None => true,
        Some(&b) if kept_end(b) => false,
        Some(_) => text.trim().is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Agrees with `str::trim` for every character of one and two bytes (where the ASCII and
    /// Latin-1 white space is) and a sample of the longer ones, alone, at either end and inside.
    #[test]
    fn agrees_with_str_trim() {
        let longer = (0x800..=0x10FFFFu32).step_by(97);
        let specials = ['\u{2028}', '\u{3000}', '\u{feff}', '\u{200b}', '\u{1680}'];
        for c in (0..0x800u32)
            .chain(longer)
            .filter_map(char::from_u32)
            .chain(specials)
        {
            for text in [
                c.to_string(),
                format!("{c}a"),
                format!("a{c}"),
                format!("a{c}b"),
                format!("{c}{c}"),
                format!(" {c} "),
            ] {
                assert_eq!(trim(&text), text.trim(), "{text:?}");
                assert_eq!(is_blank(&text), text.trim().is_empty(), "{text:?}");
            }
        }
        for b in 0..0x80u8 {
            assert_eq!(is_space_byte(b), char::from(b).is_whitespace(), "{b:#x}");
        }
        assert_eq!(trim(""), "");
        assert!(is_blank(""));
    }
}
