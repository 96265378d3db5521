//! Fitting text into cells without losing it silently: a value too long for its column ends in
//! `…`, and text that must be read in full wraps on word boundaries. Widths are terminal cells
//! (unicode-width), not bytes or chars.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The sign that a value goes on past its column.
pub const ELLIPSIS: &str = "…";

/// The cells a text takes.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// The text cut to `max` cells, ending in `…` when anything was cut. Only the first line is
/// kept; a text with more lines is cut (and so marked) after its first.
pub fn ellipsize(text: &str, max: usize) -> String {
    let first = text.lines().next().unwrap_or("");
    let more_lines = text.trim_end().lines().count() > 1;
    if !more_lines && width(first) <= max {
        return first.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in first.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        used += w;
        out.push(c);
    }
    let kept = out.trim_end().len();
    out.truncate(kept);
    out.push_str(ELLIPSIS);
    out
}

/// The text wrapped to `max` cells on word boundaries; a word longer than a line is split, so no
/// character is ever lost. Line breaks in the text are kept.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        let mut used = 0;
        for word in paragraph.split_whitespace() {
            let w = width(word);
            let gap = usize::from(used > 0);
            if used + gap + w <= max {
                if gap == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                used += gap + w;
                continue;
            }
            if used > 0 {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            for c in word.chars() {
                let cw = c.width().unwrap_or(0);
                if used + cw > max && used > 0 {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                }
                line.push(c);
                used += cw;
            }
        }
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// What a pane says on its last row when its lines go on past its height.
pub const MORE: &str = "↓ more: a taller terminal shows the rest";

/// Styled lines wrapped to `max` cells on word boundaries (a line that fits is kept as it is; a
/// longer one takes the style of its widest span), then cut to `rows` with [`MORE`] on the last
/// row when anything was cut: a pane drawn from these never loses a line silently.
pub fn fit_lines(
    lines: Vec<ratatui::text::Line<'static>>,
    max: usize,
    rows: usize,
    more_style: ratatui::style::Style,
) -> Vec<ratatui::text::Line<'static>> {
    use ratatui::text::{Line, Span};
    let mut out = Vec::new();
    for line in lines {
        if line.width() <= max {
            out.push(line);
            continue;
        }
        let style = line
            .spans
            .iter()
            .max_by_key(|s| width(&s.content))
            .map(|s| line.style.patch(s.style))
            .unwrap_or(line.style);
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        out.extend(
            wrap(&text, max)
                .into_iter()
                .map(|piece| Line::from(Span::styled(piece, style))),
        );
    }
    if out.len() > rows && rows > 0 {
        out.truncate(rows - 1);
        out.push(Line::from(Span::styled(ellipsize(MORE, max), more_style)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_value_ends_in_an_ellipsis_within_its_width() {
        let cut = ellipsize(
            "Document Signing (Organization) 2000 (document_signing_org_1)",
            30,
        );
        assert_eq!(cut, "Document Signing (Organizatio…");
        assert_eq!(width(&cut), 30);
        assert_eq!(ellipsize("short", 30), "short");
        // Wide characters count two cells.
        let wide = ellipsize("日本語のテキスト", 7);
        assert!(width(&wide) <= 7, "{wide}");
        assert!(wide.ends_with(ELLIPSIS));
    }

    #[test]
    fn a_second_line_is_marked_as_cut() {
        assert_eq!(ellipsize("one\ntwo", 30), "one…");
    }

    #[test]
    fn wrapping_keeps_every_word_and_fits() {
        let text = "SHA-256: the only hash DigiCert allows for document signing certificates";
        let lines = wrap(text, 20);
        assert!(lines.iter().all(|l| width(l) <= 20), "{lines:?}");
        assert_eq!(lines.join(" "), text);
        let long = wrap("-----BEGIN CERTIFICATE REQUEST-----", 10);
        assert_eq!(
            long.concat(),
            "-----BEGIN CERTIFICATE REQUEST-----".replace(' ', "")
        );
    }
}
