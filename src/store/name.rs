//! Names of profiles and drafts, and the file names they are stored under.
//!
//! A person may name a profile anything printable (`Rene / counselor`, `Zoë`, `..`). The file name
//! is a readable slug of the ASCII letters and digits plus a hash of the whole name, so it never
//! holds a separator, never starts with a dot, stays short, and two names only meet by a hash
//! collision, which the stores detect because each file keeps its original name inside.

use ring::digest::{SHA256, digest};

/// The longest name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// The longest slug kept in a file name, in bytes (all ASCII).
const MAX_SLUG: usize = 40;
/// Hex digits of the name's SHA-256 in the file name: 48 bits.
const HASH_HEX: usize = 12;

/// Why a name is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("a name must not be empty")]
    Empty,
    #[error("a name must not contain control characters such as line breaks or tabs")]
    ControlCharacter,
    #[error("a name must be at most {MAX_NAME_CHARS} characters long (this one has {0})")]
    TooLong(usize),
    #[error(
        "a name must not hold invisible characters: {name} at character {at} (it can make a name show as another)"
    )]
    Invisible {
        /// Where, counted in characters from 1 (after the surrounding spaces are trimmed).
        at: usize,
        /// The character's code point and name.
        name: String,
    },
}

/// Checks a name and returns it without surrounding spaces, which are never part of a name.
pub fn check(name: &str) -> Result<&str, NameError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(NameError::Empty);
    }
    if name.chars().any(char::is_control) {
        return Err(NameError::ControlCharacter);
    }
    if let Some((at, c)) = crate::order::validate::invisible(name) {
        let name = crate::order::validate::invisible_name(c);
        return Err(NameError::Invisible { at, name });
    }
    let len = name.chars().count();
    if len > MAX_NAME_CHARS {
        return Err(NameError::TooLong(len));
    }
    Ok(name)
}

/// The file name (with `.json`) for a name that passed [`check`].
pub fn file_name(name: &str) -> String {
    let mut slug = String::with_capacity(MAX_SLUG);
    for c in name.chars() {
        if slug.len() >= MAX_SLUG {
            break;
        }
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let hash = digest(&SHA256, name.as_bytes());
    let hex: String = hash
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>()
        .chars()
        .take(HASH_HEX)
        .collect();
    if slug.is_empty() {
        format!("{hex}.json")
    } else {
        format!("{slug}-{hex}.json")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked() {
        assert_eq!(check("  Rene / counselor "), Ok("Rene / counselor"));
        assert_eq!(check(" \t "), Err(NameError::Empty));
        assert_eq!(check("a\nb"), Err(NameError::ControlCharacter));
        assert_eq!(check("a\u{7f}"), Err(NameError::ControlCharacter));
        assert_eq!(check(&"é".repeat(MAX_NAME_CHARS)).map(|_| ()), Ok(()));
        for (hostile, at) in [
            ("Rene \u{202e}ecreiP", 6),
            ("\u{feff}HQ", 1),
            ("H\u{200b}Q", 2),
            ("HQ\u{2066}", 3),
            ("H\u{61c}Q", 2),
        ] {
            match check(hostile) {
                Err(NameError::Invisible { at: found, name }) => {
                    assert_eq!(found, at, "{hostile:?}: {name}");
                    assert!(name.starts_with("U+"), "{name}");
                }
                other => panic!("{hostile:?} passed: {other:?}"),
            }
        }
        assert_eq!(
            check(&"x".repeat(MAX_NAME_CHARS + 1)),
            Err(NameError::TooLong(MAX_NAME_CHARS + 1))
        );
    }

    #[test]
    fn file_names_are_safe_readable_and_distinct() {
        assert!(file_name("Rene / counselor").starts_with("rene-counselor-"));
        for hostile in [
            "../../etc/passwd",
            "a/b",
            ".",
            "..",
            "/",
            "\\",
            ".hidden",
            "Zoë 🚀",
            "名前",
            &"é".repeat(MAX_NAME_CHARS),
            &"a".repeat(MAX_NAME_CHARS),
        ] {
            let f = file_name(hostile);
            assert!(!f.contains('/') && !f.contains('\\'), "{f}");
            assert!(!f.starts_with('.') && !f.starts_with('-'), "{f}");
            assert!(f.ends_with(".json") && f.len() <= 58, "{f}");
            assert!(
                f.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-.".contains(&b))
            );
        }
        assert_ne!(file_name("a/b"), file_name("a b"));
        assert_ne!(file_name("Rene"), file_name("rene"));
        assert_eq!(file_name("x"), file_name("x"), "stable");
    }

    proptest::proptest! {
        #[test]
        fn any_accepted_name_maps_to_a_plain_file_name(name in "\\PC{0,250}") {
            if let Ok(checked) = check(&name) {
                let f = file_name(checked);
                proptest::prop_assert!(f.len() <= 58 && f.ends_with(".json"), "{}", f);
                proptest::prop_assert!(!f.starts_with('.') && !f.starts_with('-'), "{}", f);
                proptest::prop_assert!(
                    f.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.".contains(&b)),
                    "{}",
                    f
                );
            }
        }
    }
}
