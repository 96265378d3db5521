//! CSV read with the `csv` crate (RFC 4180, as Excel and Python's `csv` write it), into records
//! with the line each record starts on for messages. What the columns mean is the batch's
//! business.
//!
//! Kept by hand: one check the crate does not make. A quoted cell that is never closed is read
//! by `csv` to the end of the file, silently swallowing every row after it into one cell; for a
//! batch that places orders that must be an error naming the line the cell starts on.

use ::csv::{ReaderBuilder, StringRecord};

/// Why a CSV text cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvError {
    pub line: usize,
    pub message: String,
}

/// Records with the line each starts on; blank lines are skipped. Quoted cells may hold commas,
/// quotes (doubled) and line breaks; a quote inside an unquoted cell is read as itself.
pub fn records(text: &str) -> Result<Vec<(usize, StringRecord)>, CsvError> {
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    // The crate's own line count is off after CRLF line ends, so lines are counted here from
    // each record's byte offset.
    let mut lines = LineCounter::new(text);
    let mut last_start = None;
    for record in reader.records() {
        let record = record.map_err(|e| CsvError {
            line: e
                .position()
                .map_or(1, |p| lines.line_at(to_index(p.byte()))),
            message: e.to_string(),
        })?;
        let Some(position) = record.position() else {
            continue;
        };
        // The offset may point at the line break that ended the record before (or blank
        // lines after it); a record itself never starts with one.
        let start = skip_line_breaks(text.as_bytes(), to_index(position.byte()));
        let line = lines.line_at(start);
        last_start = Some((line, start));
        records.push((line, record));
    }
    if let Some((line, byte)) = last_start
        && ends_inside_quotes(text.as_bytes().get(byte..).unwrap_or_default())
    {
        return Err(CsvError {
            line,
            message: "a quoted cell is not closed".into(),
        });
    }
    Ok(records)
}

/// 1-based line numbers of byte offsets asked for in increasing order, counting each byte once.
struct LineCounter<'a> {
    text: &'a [u8],
    at: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, byte: usize) -> usize {
        let to = byte.min(self.text.len());
        if to > self.at {
            let between = self.text.get(self.at..to).unwrap_or_default();
            self.line += between.iter().filter(|&&b| b == b'\n').count();
            self.at = to;
        }
        self.line
    }
}

fn skip_line_breaks(text: &[u8], mut at: usize) -> usize {
    while matches!(text.get(at), Some(b'\r' | b'\n')) {
        at += 1;
    }
    at
}

fn to_index(byte: u64) -> usize {
    usize::try_from(byte).unwrap_or(usize::MAX)
}

/// Whether the text of the last record ends inside a quoted cell, following the quoting rules
/// of `csv-core`: a quote opens a quoted cell only at a cell's start; inside, a doubled quote is
/// a quote and a single one closes the cell.
fn ends_inside_quotes(raw: &[u8]) -> bool {
    let mut quoted = false;
    let mut cell_start = true;
    let mut bytes = raw.iter().peekable();
    while let Some(&b) = bytes.next() {
        if quoted {
            if b == b'"' {
                if bytes.peek() == Some(&&b'"') {
                    bytes.next();
                } else {
                    quoted = false;
                }
            }
            continue;
        }
        match b {
            b'"' if cell_start => {
                quoted = true;
                cell_start = false;
            }
            b',' | b'\n' | b'\r' => cell_start = true,
            _ => cell_start = false,
        }
    }
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(text: &str) -> Vec<(usize, Vec<String>)> {
        records(text)
            .unwrap()
            .into_iter()
            .map(|(line, r)| (line, r.iter().map(String::from).collect()))
            .collect()
    }

    #[test]
    fn lines_count_from_one_and_skip_blank_lines_and_quoted_breaks() {
        assert_eq!(
            cells("a,b\r\n\r\n\"x\ny\",\"say \"\"hi\"\"\"\nlast,\n"),
            vec![
                (1, vec!["a".into(), "b".into()]),
                (3, vec!["x\ny".into(), "say \"hi\"".into()]),
                (5, vec!["last".into(), String::new()]),
            ]
        );
    }

    #[test]
    fn a_quote_inside_an_unquoted_cell_is_itself() {
        assert_eq!(
            cells("Bo \"Bobby\" Lee,x\n"),
            vec![(1, vec!["Bo \"Bobby\" Lee".into(), "x".into()])]
        );
    }

    #[test]
    fn an_unclosed_quote_names_the_line_its_record_starts_on() {
        assert_eq!(
            records("a,b\nc,\"open\nmore,rows\n").map(|r| r.len()),
            Err(CsvError {
                line: 2,
                message: "a quoted cell is not closed".into()
            })
        );
        assert!(records("a,\"closed \"\" \"\n").is_ok());
    }
}
