//! CSV as RFC 4180 writes it, read into records: only the lexing, with the line each record
//! starts on for messages. What the columns mean is the batch's business.

/// Why a CSV text cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvError {
    pub line: usize,
    pub message: String,
}

/// RFC 4180 records with the line each starts on; blank lines are skipped. Quoted cells may hold
/// commas, quotes (doubled) and line breaks.
pub fn records(text: &str) -> Result<Vec<(usize, Vec<String>)>, CsvError> {
    let mut records = Vec::new();
    let mut cells: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut was_quoted = false;
    let mut line = 1;
    let mut start = 1;
    let mut chars = text.chars().peekable();
    let end_record = |cells: &mut Vec<String>,
                      cell: &mut String,
                      was_quoted: &mut bool,
                      records: &mut Vec<(usize, Vec<String>)>,
                      start: usize| {
        let blank = cells.is_empty() && cell.is_empty() && !*was_quoted;
        cells.push(std::mem::take(cell));
        *was_quoted = false;
        let record = std::mem::take(cells);
        if !blank {
            records.push((start, record));
        }
    };
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    cell.push(c);
                }
                _ => cell.push(c),
            }
            continue;
        }
        match c {
            '"' if cell.is_empty() && !was_quoted => {
                quoted = true;
                was_quoted = true;
            }
            '"' => {
                return Err(CsvError {
                    line,
                    message: "a quote inside an unquoted cell; quote the whole cell and double \
                              the quotes inside it"
                        .into(),
                });
            }
            ',' => {
                cells.push(std::mem::take(&mut cell));
                was_quoted = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                end_record(&mut cells, &mut cell, &mut was_quoted, &mut records, start);
                line += 1;
                start = line;
            }
            _ if was_quoted => {
                return Err(CsvError {
                    line,
                    message: "text after a quoted cell's closing quote".into(),
                });
            }
            _ => cell.push(c),
        }
    }
    if quoted {
        return Err(CsvError {
            line: start,
            message: "a quoted cell is not closed".into(),
        });
    }
    end_record(&mut cells, &mut cell, &mut was_quoted, &mut records, start);
    Ok(records)
}
