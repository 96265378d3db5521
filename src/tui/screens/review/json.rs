//! Syntax colouring for the JSON preview: keys, strings, numbers and literals.

use ratatui::text::{Line, Span};

use crate::tui::theme::Theme;

/// Colours pretty-printed JSON line by line.
pub fn highlight(text: &str, theme: &Theme) -> Vec<Line<'static>> {
    text.lines().map(|l| line(l, theme)).collect()
}

fn line(text: &str, theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut plain = String::new();
    while i < chars.len() {
        let c = chars[i];
        if c == '"' {
            let start = i;
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i = (i + 1).min(chars.len());
            let token: String = chars[start..i].iter().collect();
            let is_key = chars[i..].iter().find(|c| !c.is_whitespace()) == Some(&':');
            flush(&mut spans, &mut plain, theme);
            let style = if is_key {
                theme.json_key
            } else {
                theme.json_string
            };
            spans.push(Span::styled(token, style));
        } else if c == '-' || c.is_ascii_digit() {
            let start = i;
            while i < chars.len()
                && (chars[i] == '-'
                    || chars[i] == '.'
                    || chars[i].is_ascii_alphanumeric()
                    || chars[i] == '+')
            {
                i += 1;
            }
            flush(&mut spans, &mut plain, theme);
            spans.push(Span::styled(
                chars[start..i].iter().collect::<String>(),
                theme.json_number,
            ));
        } else if c.is_ascii_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_alphabetic() {
                i += 1;
            }
            flush(&mut spans, &mut plain, theme);
            spans.push(Span::styled(
                chars[start..i].iter().collect::<String>(),
                theme.json_literal,
            ));
        } else {
            plain.push(c);
            i += 1;
        }
    }
    flush(&mut spans, &mut plain, theme);
    Line::from(spans)
}

fn flush(spans: &mut Vec<Span<'static>>, plain: &mut String, theme: &Theme) {
    if !plain.is_empty() {
        spans.push(Span::styled(std::mem::take(plain), theme.base));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_get_their_styles() {
        let theme = Theme::colour();
        let l = line(r#"  "id": 334455, "ok": true, "s": "a\"b""#, &theme);
        let styled: Vec<(String, bool)> = l
            .spans
            .iter()
            .map(|s| (s.content.to_string(), s.style == theme.json_key))
            .collect();
        assert!(styled.contains(&("\"id\"".into(), true)));
        assert!(
            l.spans
                .iter()
                .any(|s| s.content == "334455" && s.style == theme.json_number)
        );
        assert!(
            l.spans
                .iter()
                .any(|s| s.content == "true" && s.style == theme.json_literal)
        );
        assert!(
            l.spans
                .iter()
                .any(|s| s.content == r#""a\"b""# && s.style == theme.json_string)
        );
        let text: String = l.spans.iter().map(|s| s.content.to_string()).collect();
        assert_eq!(text, r#"  "id": 334455, "ok": true, "s": "a\"b""#);
    }
}
