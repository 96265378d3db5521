//! Bodies pasted from DigiCert's pages: the two ways its published examples are not JSON.
//!
//! DigiCert's own example requests cannot be parsed as they stand (read 2026-12 through the
//! stored copies of the pages):
//!
//! - "Order Document Signing for Individual" —
//!   <https://dev.digicert.com/certcentral-apis/services-api/orders/order-document-signing-for-individual.html>
//!   — sends `"job_title": Analyst` inside `individual`: a bare word where a value is expected.
//! - "Order Document Signing for Organization" —
//!   <https://dev.digicert.com/certcentral-apis/services-api/orders/order-document-signing-for-organization.html>
//!   — ends its body with `"payment_method": "balance",` and then `}`: a trailing comma.
//!
//! When a body fails to parse at one of these, [`diagnose`] says which it is and what the line
//! should be. It never repairs anything: certwiz sends only what the file holds, so the person
//! changes the file. Nothing here knows about terminals.

use std::fmt;

/// Which of the two known defects a parse failure is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Defect {
    /// A bare word (`Analyst`) where a value is expected; never `true`, `false`, `null` or a
    /// number, which are values.
    UnquotedWord(String),
    /// A comma followed only by whitespace and the closing bracket it names (`}` or `]`).
    TrailingComma(char),
}

/// A parse failure recognised as one of the known defects, with the change that fixes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub defect: Defect,
    /// The line to change (1-based): the one holding the word or the comma.
    pub line: usize,
    /// What is there now: that line without its indentation, or, when the line is long (a JSON
    /// Lines row, a body on one line), the part of it around the defect.
    pub as_is: String,
    /// The same text as it should be.
    pub fixed: String,
}

/// The longest line shown whole in a hint; a longer one is shown by its part around the defect.
const WHOLE_LINE: usize = 72;

impl Hint {
    /// What is wrong, in one sentence.
    pub fn what(&self) -> String {
        match &self.defect {
            Defect::UnquotedWord(word) => format!(
                "`{word}` is a bare word where a value is expected: JSON text must be in double \
                 quotes (DigiCert's published Document Signing for Individual example has this \
                 defect)."
            ),
            Defect::TrailingComma(close) => format!(
                "The comma on line {} is followed only by `{close}`: JSON allows no comma after \
                 the last item (DigiCert's published Document Signing for Organization example \
                 ends with such a comma).",
                self.line
            ),
        }
    }

    /// The change that fixes it, in one sentence.
    pub fn fix(&self) -> String {
        if self.fixed.is_empty() {
            format!("Delete line {}, which holds only that comma.", self.line)
        } else {
            format!(
                "On line {}, change `{}` to `{}`.",
                self.line, self.as_is, self.fixed
            )
        }
    }
}

impl fmt::Display for Hint {
    /// Both sentences on one line, for a place that wraps (a batch row's problem).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.what(), self.fix())
    }
}

/// Whether the parse failure at `line`, `column` (as serde_json gives them: 1-based, the column
/// in bytes) in `text` is one of the two known defects, and if so how to fix it.
pub fn diagnose(text: &str, line: usize, column: usize) -> Option<Hint> {
    let at = offset(text, line, column)?;
    let found = scan(text)?;
    // Only the defect parsing stopped at: an earlier, other mistake gets no hint.
    if at < found.start || at > found.end {
        return None;
    }
    Some(hint(text, &found))
}

/// The byte offset of a 1-based line and byte column, if the line exists.
fn offset(text: &str, line: usize, column: usize) -> Option<usize> {
    let start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    Some((start + column.saturating_sub(1)).min(text.len()))
}

/// A defect found by [`scan`]: its kind and its bytes (the word; the comma up to the bracket),
/// with where the text to show starts.
struct Found {
    defect: Defect,
    /// The word's first byte, or the comma's.
    start: usize,
    /// Just past the word, or the closing bracket.
    end: usize,
    /// Where the part shown of a long line starts: the key before the word, or the item before
    /// the comma.
    context: usize,
}

/// The last thing read: what decides whether a value is expected next.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Token {
    Open(u8),
    Colon,
    Comma,
    /// A string, number, literal or closed container, starting at this byte.
    Item(usize),
}

/// Walks `text` as JSON up to the first of the two defects. Anything else that is not JSON ends
/// the walk with nothing found: then parsing failed for another reason and no hint is given.
fn scan(text: &str) -> Option<Found> {
    let b = text.as_bytes();
    let mut stack: Vec<(u8, usize)> = Vec::new();
    let mut last: Option<Token> = None;
    // The token before the last comma: the item the comma follows.
    let mut before_comma: Option<Token> = None;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'"' => {
                let start = i;
                i = skip_string(b, i)?;
                last = Some(Token::Item(start));
            }
            b'{' | b'[' => {
                stack.push((c, i));
                last = Some(Token::Open(c));
                i += 1;
            }
            b'}' | b']' => {
                let (open, start) = stack.pop()?;
                if (open, c) != (b'{', b'}') && (open, c) != (b'[', b']') {
                    return None;
                }
                if last == Some(Token::Comma) {
                    let comma = comma_before(b, i)?;
                    let context = match before_comma {
                        Some(Token::Item(s)) => s,
                        _ => comma,
                    };
                    return Some(Found {
                        defect: Defect::TrailingComma(char::from(c)),
                        start: comma,
                        end: i,
                        context,
                    });
                }
                last = Some(Token::Item(start));
                i += 1;
            }
            b':' => {
                last = Some(Token::Colon);
                i += 1;
            }
            b',' => {
                // Only a comma after an item can be a trailing one; `[,` or `,,` is another
                // mistake.
                if !matches!(last, Some(Token::Item(_))) {
                    return None;
                }
                before_comma = last;
                last = Some(Token::Comma);
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < b.len() && matches!(b[i], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
                {
                    i += 1;
                }
                last = Some(Token::Item(start));
            }
            _ => {
                let start = i;
                let end = word_end(text, i);
                let word = &text[start..end];
                if is_literal(word) {
                    last = Some(Token::Item(start));
                    i = end;
                    continue;
                }
                let in_array = stack.last().is_some_and(|(open, _)| *open == b'[');
                let value_expected = match last {
                    Some(Token::Colon) | Some(Token::Open(b'[')) => true,
                    Some(Token::Comma) => in_array,
                    _ => false,
                };
                if !value_expected || !is_bare_word(word) {
                    return None;
                }
                let context = if last == Some(Token::Colon) {
                    key_before(b, start).unwrap_or(start)
                } else {
                    start
                };
                return Some(Found {
                    defect: Defect::UnquotedWord(word.to_owned()),
                    start,
                    end,
                    context,
                });
            }
        }
    }
    None
}

/// Just past the string that opens at `i`, or `None` when it never closes.
fn skip_string(b: &[u8], mut i: usize) -> Option<usize> {
    i += 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            b'\n' => return None,
            _ => i += 1,
        }
    }
    None
}

/// Where a bare value starting at `i` ends: before `,`, `}`, `]` or the line's end, without
/// trailing whitespace.
fn word_end(text: &str, i: usize) -> usize {
    let rest = &text[i..];
    let stop = rest.find([',', '}', ']', '\n', '\r']).unwrap_or(rest.len());
    i + rest[..stop].trim_end().len()
}

/// `true`, `false` and `null`: JSON's own words.
fn is_literal(word: &str) -> bool {
    matches!(word, "true" | "false" | "null")
}

/// A word, or words, that read as text: a letter first, then letters, digits, spaces and
/// `_ - . '`; not starting with one of JSON's own words (`true false` is two values, not text).
fn is_bare_word(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_alphabetic() || first == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '\'' | ' '))
        && !word.split(' ').next().is_some_and(is_literal)
}

/// The opening quote of the key before the `:` that precedes byte `i`.
fn key_before(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i;
    while j > 0 && b[j - 1].is_ascii_whitespace() {
        j -= 1;
    }
    j = j.checked_sub(1).filter(|&k| b[k] == b':')?;
    while j > 0 && b[j - 1].is_ascii_whitespace() {
        j -= 1;
    }
    let close = j.checked_sub(1).filter(|&k| b[k] == b'"')?;
    // Back to the opening quote, over escaped quotes.
    let mut k = close;
    while k > 0 {
        k -= 1;
        if b[k] == b'"' && (k == 0 || b[k - 1] != b'\\') {
            return Some(k);
        }
    }
    None
}

/// The comma before the closing bracket at `i`, past whitespace.
fn comma_before(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i;
    while j > 0 && b[j - 1].is_ascii_whitespace() {
        j -= 1;
    }
    j.checked_sub(1).filter(|&k| b[k] == b',')
}

/// The hint for a defect: the line it is on, as it is and as it should be.
fn hint(text: &str, found: &Found) -> Hint {
    let line_start = text[..found.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[found.start..]
        .find('\n')
        .map_or(text.len(), |i| found.start + i);
    let line = text[..found.start].matches('\n').count() + 1;
    // The text shown: the whole line, or the part from the key or item to the defect's end.
    let whole = text[line_start..line_end].trim();
    let (from, to) = if whole.chars().count() <= WHOLE_LINE {
        (line_start, line_end)
    } else {
        let end = match found.defect {
            // The bracket when it is on the same line, else the comma.
            Defect::TrailingComma(_) if found.end < line_end => found.end + 1,
            Defect::TrailingComma(_) => found.start + 1,
            Defect::UnquotedWord(_) => found.end,
        };
        (found.context.max(line_start), end)
    };
    let (before, after) = (&text[from..found.start], &text[found.start..to]);
    let fixed = match &found.defect {
        Defect::UnquotedWord(word) => {
            format!("{before}\"{word}\"{}", &after[word.len()..])
        }
        Defect::TrailingComma(_) => format!("{before}{}", &after[1..]),
    };
    Hint {
        defect: found.defect.clone(),
        line,
        as_is: text[from..to].trim().to_owned(),
        fixed: fixed.trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What serde_json says of `text`, and the hint for it.
    fn check(text: &str) -> Option<Hint> {
        let e =
            serde_json::from_str::<serde_json::Value>(text).expect_err("the text must not be JSON");
        diagnose(text, e.line(), e.column())
    }

    /// The end of the Document Signing for Individual page's example, as the page has it.
    const INDIVIDUAL: &str = r#"{
    "order_validity": {  
        "years": 1    
    },
    "individual": {
        "first_name": "Jonh",
        "last_name": "Doe",
        "email": "g@g.com",
        "telephone": "+11234567890",
        "country": "us",
        "job_title": Analyst
    },
    "payment_method": "balance"
}"#;

    /// The end of the Document Signing for Organization page's example, as the page has it.
    const ORGANIZATION: &str = r#"{
    "custom_renewal_message": "Renew me",
    "order_validity": {
        "years": 1
    },
    "payment_method": "balance",
}"#;

    #[test]
    fn the_individual_pages_bare_word_is_named_with_its_fix() {
        let hint = check(INDIVIDUAL).unwrap();
        assert_eq!(hint.defect, Defect::UnquotedWord("Analyst".into()));
        assert_eq!(hint.line, 11);
        assert_eq!(hint.as_is, r#""job_title": Analyst"#);
        assert_eq!(hint.fixed, r#""job_title": "Analyst""#);
        assert!(hint.what().contains("Document Signing for Individual"));
        assert_eq!(
            hint.fix(),
            r#"On line 11, change `"job_title": Analyst` to `"job_title": "Analyst"`."#
        );
        let fixed = INDIVIDUAL.replace(&hint.as_is, &hint.fixed);
        assert!(serde_json::from_str::<serde_json::Value>(&fixed).is_ok());
    }

    #[test]
    fn the_organization_pages_trailing_comma_is_named_with_its_fix() {
        let hint = check(ORGANIZATION).unwrap();
        assert_eq!(hint.defect, Defect::TrailingComma('}'));
        assert_eq!(hint.line, 6);
        assert_eq!(hint.as_is, r#""payment_method": "balance","#);
        assert_eq!(hint.fixed, r#""payment_method": "balance""#);
        assert!(hint.what().contains("Document Signing for Organization"));
        let fixed = ORGANIZATION.replace(&hint.as_is, &hint.fixed);
        assert!(serde_json::from_str::<serde_json::Value>(&fixed).is_ok());
    }

    #[test]
    fn a_trailing_comma_in_an_array_names_its_bracket() {
        let hint = check("{\"a\": [\"x\", \"y\",\n  ]}").unwrap();
        assert_eq!(hint.defect, Defect::TrailingComma(']'));
        assert_eq!(hint.line, 1);
        assert_eq!(hint.fixed, r#"{"a": ["x", "y""#);
        // On one line: the comma goes, the bracket stays.
        let hint = check(r#"{"a": [1, 2,]}"#).unwrap();
        assert_eq!(hint.as_is, r#"{"a": [1, 2,]}"#);
        assert_eq!(hint.fixed, r#"{"a": [1, 2]}"#);
        // A comma alone on its line: the line goes.
        let hint = check("{\"a\": 1\n,\n}").unwrap();
        assert_eq!(hint.fixed, "");
        assert_eq!(hint.fix(), "Delete line 2, which holds only that comma.");
    }

    #[test]
    fn values_and_other_mistakes_are_not_taken_for_the_defects() {
        // JSON's own words and numbers are values: the mistake is elsewhere.
        for text in [
            "{\"a\": true \"b\": 1}",
            "{\"a\": false,\n\"b\" 1}",
            "{\"a\": null}}",
            "{\"a\": 12 13}",
            "{\"a\": -1.5e3,, \"b\": 2}",
        ] {
            assert_eq!(check(text), None, "{text}");
        }
        // A comma inside a string is text, not a trailing comma.
        assert_eq!(check("{\"a\": \"x,}\" \"b\"}"), None);
        assert_eq!(check("{\"a\": \"balance,\"\n}  x"), None);
        // An unquoted key is not a value.
        assert_eq!(check("{job_title: \"Analyst\"}"), None);
        assert_eq!(check("{\"a\": 1, job_title: \"Analyst\"}"), None);
        // Text that is not JSON at all (a top-level word, YAML) gets no hint.
        assert_eq!(check("job_title: Analyst"), None);
        // A bare word after an earlier, other mistake: parsing stopped before it.
        assert_eq!(check("{\"a\" 1, \"b\": Analyst}"), None);
        // An empty object or list with a lone comma is not a comma after an item.
        assert_eq!(check("{,}"), None);
        assert_eq!(check("[,]"), None);
    }

    #[test]
    fn near_values_are_bare_words() {
        // Starting like `true` or `null` is not being one.
        let hint = check("{\"a\": truex}").unwrap();
        assert_eq!(hint.defect, Defect::UnquotedWord("truex".into()));
        let hint = check("{\"a\": nul}").unwrap();
        assert_eq!(hint.fixed, r#"{"a": "nul"}"#);
        let hint = check("{\"title\": Senior Analyst, \"b\": 1}").unwrap();
        assert_eq!(hint.fixed, r#"{"title": "Senior Analyst", "b": 1}"#);
        let hint = check("{\"usages\": [\"signing\", document_signing]}").unwrap();
        assert_eq!(hint.fixed, r#"{"usages": ["signing", "document_signing"]}"#);
    }

    #[test]
    fn a_long_line_is_shown_by_its_part_around_the_defect() {
        let long = format!(
            "{{\"comments\": \"{}\", \"individual\": {{\"job_title\": Analyst}}}}",
            "x".repeat(100)
        );
        let hint = check(&long).unwrap();
        assert_eq!(hint.as_is, r#""job_title": Analyst"#);
        assert_eq!(hint.fixed, r#""job_title": "Analyst""#);
        let long = format!(
            "{{\"comments\": \"{}\", \"payment_method\": \"balance\",}}",
            "x".repeat(100)
        );
        let hint = check(&long).unwrap();
        assert_eq!(hint.as_is, r#""balance",}"#);
        assert_eq!(hint.fixed, r#""balance"}"#);
    }

    #[test]
    fn the_hint_reads_as_two_sentences_on_one_line() {
        let hint = check(INDIVIDUAL).unwrap();
        let line = hint.to_string();
        assert!(!line.contains('\n'), "{line}");
        assert!(line.starts_with("`Analyst` is a bare word"), "{line}");
        let hint = check(ORGANIZATION).unwrap();
        assert!(
            hint.to_string().starts_with("The comma on line 6"),
            "{hint}"
        );
    }
}
