//! Batch files for `certwiz submit --batch`: many orders, one a row, read into drafts on top of
//! a base, and checked all at once before anything is sent. Nothing in here touches the network.
//!
//! Two formats:
//! - CSV whose header names catalog paths (`subject.name`, `ship_info.city`), `custom_fields.ID`
//!   for a custom field of the account, or `product`. An empty cell takes the base's value.
//! - JSON Lines: each line a bare order body (like DigiCert's documented example) or a saved
//!   certwiz draft; the fields a line gives replace the base's.

mod csv;

use std::fmt;
use std::path::Path;

use ring::digest::{SHA256, digest};

use super::catalog::{self, FieldId};
use super::draft::json::Json;
use super::draft::{Draft, InputError, Key, read_input, strip_position};
use super::product::Product;
use super::validate::{
    CUSTOM_FIELD_PREFIX, Context, Diagnostic, Severity, after_reading, validate,
};

/// The two kinds of batch file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    JsonLines,
}

impl Format {
    /// By the file's extension (`.csv`, `.jsonl`, `.ndjson`, `.json`), else by its first
    /// character: `{` starts JSON Lines, anything else is CSV.
    pub fn detect(path: &Path, text: &str) -> Format {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("csv") => Format::Csv,
            Some("jsonl" | "ndjson" | "json") => Format::JsonLines,
            _ if text
                .trim_start_matches('\u{feff}')
                .trim_start()
                .starts_with('{') =>
            {
                Format::JsonLines
            }
            _ => Format::Csv,
        }
    }
}

/// The identity of a batch: a hash of the file's exact bytes, so `--resume` finds the rows of
/// the same file in the journal.
pub fn batch_id(bytes: &[u8]) -> String {
    let hex: String = digest(&SHA256, bytes)
        .as_ref()
        .iter()
        .take(12)
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("b-{hex}")
}

/// One order of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// 1-based among the data rows (the CSV header is not a row).
    pub row: usize,
    /// The line of the file where the row starts.
    pub line: usize,
    /// The base with the row's values on top.
    pub draft: Draft,
    /// Problems found reading the row (wrong JSON types, unknown fields, cell counts).
    pub problems: Vec<Diagnostic>,
}

/// A diagnostic of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowDiagnostic {
    pub row: usize,
    pub line: usize,
    pub diagnostic: Diagnostic,
}

impl fmt::Display for RowDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.diagnostic;
        let path = if d.path.is_empty() { "(row)" } else { &d.path };
        let severity = match d.severity {
            Severity::Error => String::new(),
            other => format!("{other}: "),
        };
        write!(
            f,
            "row {} (line {}): {severity}{path}: {}",
            self.row, self.line, d.message
        )
    }
}

/// Why a batch file cannot be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BatchError {
    #[error("the file holds no rows")]
    Empty,
    #[error("line {line}: {message}")]
    Syntax { line: usize, message: String },
    #[error("the CSV header is not usable:\n  {}", .0.join("\n  "))]
    Header(Vec<String>),
}

/// What one CSV column fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Field(FieldId),
    Custom(i64),
    Product,
}

/// Reads a batch file into rows on top of `base`.
pub fn parse(text: &str, format: Format, base: &Draft) -> Result<Vec<Row>, BatchError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rows = match format {
        Format::Csv => parse_csv(text, base)?,
        Format::JsonLines => parse_json_lines(text, base),
    };
    if rows.is_empty() {
        return Err(BatchError::Empty);
    }
    Ok(rows)
}

fn parse_csv(text: &str, base: &Draft) -> Result<Vec<Row>, BatchError> {
    let mut records = csv::records(text)
        .map_err(|e| BatchError::Syntax {
            line: e.line,
            message: e.message,
        })?
        .into_iter();
    let Some((_, header)) = records.next() else {
        return Err(BatchError::Empty);
    };
    let columns = columns(&header)?;
    let mut rows = Vec::new();
    for (i, (line, cells)) in records.enumerate() {
        let mut draft = base.clone();
        let mut problems = Vec::new();
        if cells.len() != columns.len() {
            problems.push(Diagnostic::error(
                "",
                "columns",
                format!(
                    "the row has {} cells, the header {} columns",
                    cells.len(),
                    columns.len()
                ),
            ));
        }
        for (column, cell) in columns.iter().zip(cells.iter()) {
            if cell.trim().is_empty() {
                continue;
            }
            match *column {
                Column::Field(path) => draft.set(path, cell),
                Column::Custom(id) => draft.set_custom_field(id, cell.to_owned()),
                Column::Product => match cell.parse::<Product>() {
                    Ok(product) => draft.product = product,
                    Err(e) => problems.push(Diagnostic::error("product", "product", e.to_string())),
                },
            }
        }
        rows.push(Row {
            row: i + 1,
            line,
            draft,
            problems,
        });
    }
    Ok(rows)
}

/// The header's columns; every problem at once.
fn columns(header: &::csv::StringRecord) -> Result<Vec<Column>, BatchError> {
    let mut columns = Vec::new();
    let mut problems = Vec::new();
    for (i, name) in header.iter().enumerate() {
        let name = name.trim();
        let column = if name == "product" {
            Some(Column::Product)
        } else if let Some(id) = name.strip_prefix(CUSTOM_FIELD_PREFIX) {
            id.parse::<i64>()
                .ok()
                .filter(|id| *id > 0)
                .map(Column::Custom)
        } else {
            catalog::field(name)
                .filter(|f| !f.is_custom_field())
                .map(|f| Column::Field(f.id))
        };
        match column {
            Some(c) if columns.contains(&c) => {
                problems.push(format!("column {} ({name}): given twice", i + 1));
            }
            Some(c) => columns.push(c),
            None => problems.push(format!(
                "column {} ({}): not a field of the order; use a path of `certwiz fields`, \
                 custom_fields.ID for a custom field, or product",
                i + 1,
                crate::order::diagnostic::quoted(name)
            )),
        }
    }
    if problems.is_empty() {
        Ok(columns)
    } else {
        Err(BatchError::Header(problems))
    }
}

/// Why a JSON Lines row could not be read, on one line (the row's line is said apart): where in
/// the line, and for a known defect of DigiCert's examples, the fix, naming the file's line.
fn row_error(e: InputError, line: usize) -> String {
    match e {
        InputError::Syntax {
            column,
            message,
            hint,
            ..
        } => {
            let hint = hint.map(|mut h| {
                h.line = line;
                format!(". {h}")
            });
            format!(
                "not valid JSON at column {column}: {message}{}",
                hint.unwrap_or_default()
            )
        }
        InputError::Repeated {
            column, message, ..
        } => format!("{message} (column {column})"),
        other => strip_position(&other.to_string()),
    }
}

fn parse_json_lines(text: &str, base: &Draft) -> Vec<Row> {
    let mut rows = Vec::new();
    for (i, text) in text.lines().enumerate() {
        if text.trim().is_empty() {
            continue;
        }
        let line = i + 1;
        let row = rows.len() + 1;
        // A bare body (nearly every line) is parsed once, its text borrowed from the line (no
        // owned map between the line and the draft), and read from there; a saved draft or a
        // line that is not JSON goes through `read_input` for its checks and its messages.
        let given = match serde_json::from_str::<Json<'_>>(text) {
            Ok(body) if body.get("certwiz_draft").is_none() => {
                Ok(Draft::from_json(base.product, &body))
            }
            _ => read_input(text, None),
        };
        let (draft, problems) = match given {
            Ok((given, problems)) => (overlay(base, &given), problems),
            Err(e) => (
                base.clone(),
                vec![Diagnostic::error("", "syntax", row_error(e, line))],
            ),
        };
        rows.push(Row {
            row,
            line,
            draft,
            problems,
        });
    }
    rows
}

/// The base with every value `given` has put on top (its product too).
pub fn overlay(base: &Draft, given: &Draft) -> Draft {
    let mut draft = base.clone();
    draft.product = given.product;
    if given.values.others().next().is_none() {
        // Only catalog paths (nearly every row): slot by slot, in path order, the text shared.
        for (slot, text) in given.values.slots() {
            draft.set(Key::Slot(slot), text);
        }
    } else {
        for (path, text) in &given.values {
            draft.set(path, text);
        }
    }
    for entry in &given.custom_fields {
        match draft
            .custom_fields
            .iter_mut()
            .find(|c| c.metadata_id.trim() == entry.metadata_id.trim())
        {
            Some(existing) => existing.value = entry.value.clone(),
            None => draft.custom_fields.push(entry.clone()),
        }
    }
    draft
}

/// Every row's problems from reading it plus the catalog's rules with `ctx` (the account's
/// facts for the row's product, when known), in row order.
pub fn check<'a>(rows: &[Row], ctx: impl Fn(Product) -> Context<'a>) -> Vec<RowDiagnostic> {
    let mut out = Vec::new();
    for row in rows {
        let found = after_reading(
            row.problems.clone(),
            validate(&row.draft, &ctx(row.draft.product)),
        );
        out.extend(found.into_iter().map(|diagnostic| RowDiagnostic {
            row: row.row,
            line: row.line,
            diagnostic,
        }));
    }
    out
}

/// The same warning for many rows, once: `(path, message, rows)` in first-seen order.
pub fn grouped_warnings(diagnostics: &[RowDiagnostic]) -> Vec<(String, String, Vec<usize>)> {
    let mut groups: Vec<(String, String, Vec<usize>)> = Vec::new();
    for d in diagnostics
        .iter()
        .filter(|d| d.diagnostic.severity == Severity::Warning)
    {
        let (path, message) = (&d.diagnostic.path, &d.diagnostic.message);
        match groups
            .iter_mut()
            .find(|(p, m, _)| p == path && m == message)
        {
            Some((_, _, rows)) => rows.push(d.row),
            None => groups.push((path.clone(), message.clone(), vec![d.row])),
        }
    }
    groups
}

/// `1-3, 5`: row numbers as ranges.
pub fn ranges(rows: &[usize]) -> String {
    let mut parts = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let mut j = i;
        while j + 1 < rows.len() && rows[j + 1] == rows[j] + 1 {
            j += 1;
        }
        parts.push(if i == j {
            rows[i].to_string()
        } else {
            format!("{}-{}", rows[i], rows[j])
        });
        i = j + 1;
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOCUMENTED: &str = include_str!("../../tests/fixtures/documented-order-request.json");

    fn base() -> Draft {
        let (draft, problems) = read_input(DOCUMENTED, None).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        draft
    }

    #[test]
    fn csv_rows_take_the_base_for_empty_cells_and_quotes_hold_commas_and_lines() {
        let text = "subject.name,subject.email,ship_info.city,custom_fields.501\r\n\
                    Ann Lee,ann@example.com,,\r\n\
                    \r\n\
                    \"Lee, Bo\",bo@example.com,\"New\nYork\",\"say \"\"hi\"\"\"\n";
        let rows = parse(text, Format::Csv, &base()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].row, rows[0].line), (1, 2));
        assert_eq!(rows[0].draft.get("subject.name"), "Ann Lee");
        assert_eq!(rows[0].draft.get("ship_info.city"), "Richmond");
        assert_eq!(rows[0].draft.get("subject.job_title"), "School Counselor");
        assert!(rows[0].draft.custom_fields.is_empty());
        assert_eq!((rows[1].row, rows[1].line), (2, 4));
        assert_eq!(rows[1].draft.get("subject.name"), "Lee, Bo");
        assert_eq!(rows[1].draft.get("ship_info.city"), "New\nYork");
        assert_eq!(rows[1].draft.custom_field(501), "say \"hi\"");
        assert!(rows.iter().all(|r| r.problems.is_empty()));
    }

    #[test]
    fn a_bad_header_names_every_bad_column() {
        let err = parse(
            "subject.nmae,subject.email,subject.email,custom_fields.x\n",
            Format::Csv,
            &base(),
        )
        .unwrap_err();
        let BatchError::Header(problems) = err else {
            panic!("{err:?}")
        };
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].starts_with("column 1 (\"subject.nmae\")"));
        assert!(problems[1].contains("given twice"));
        assert!(problems[2].starts_with("column 4"));
        assert_eq!(
            parse("subject.name\n", Format::Csv, &base()),
            Err(BatchError::Empty)
        );
        assert!(matches!(
            parse("subject.name\n\"open\n", Format::Csv, &base()),
            Err(BatchError::Syntax { line: 2, .. })
        ));
    }

    #[test]
    fn every_error_is_reported_with_its_row_and_field() {
        let text = "subject.email,product,ship_info.zip\n\
                    ok@example.com,,\n\
                    not-an-email,document_signing_org_9,\n\
                    a@example.com\n";
        let rows = parse(text, Format::Csv, &base()).unwrap();
        let found = check(&rows, |_| Context::default());
        let errors: Vec<String> = found
            .iter()
            .filter(|d| d.diagnostic.is_error())
            .map(ToString::to_string)
            .collect();
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with("row 2 (line 3): subject.email: ")),
            "{errors:#?}"
        );
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with("row 2 (line 3): product: ")),
            "{errors:#?}"
        );
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with("row 3 (line 4): (row): the row has 1 cells")),
            "{errors:#?}"
        );
        assert!(
            !errors.iter().any(|e| e.starts_with("row 1 ")),
            "{errors:#?}"
        );
    }

    #[test]
    fn a_json_lines_row_with_a_known_defect_says_the_fix_on_one_line() {
        let text = "{\"subject\": {\"name\": \"Ann Lee\"}}\n\n\
                    {\"subject\": {\"name\": \"Bo Park\"}, \"payment_method\": \"balance\",}\n\
                    {\"subject\": {\"name\": \"Cy\"} \"x\": 1}\n";
        let rows = parse(text, Format::JsonLines, &base()).unwrap();
        let problem = &rows[1].problems[0];
        assert_eq!((rows[1].row, rows[1].line), (2, 3));
        assert_eq!(problem.code, "syntax");
        assert!(!problem.message.contains('\n'), "{}", problem.message);
        assert!(
            problem.message.starts_with(
                "not valid JSON at column 62: trailing comma. The comma on line 3 is followed only by `}`"
            ),
            "{}",
            problem.message
        );
        assert!(
            problem.message.ends_with(
                r#"On line 3, change `{"subject": {"name": "Bo Park"}, "payment_method": "balance",}` to `{"subject": {"name": "Bo Park"}, "payment_method": "balance"}`."#
            ),
            "{}",
            problem.message
        );
        // Another mistake: where, and no hint.
        assert_eq!(
            rows[2].problems[0].message,
            "not valid JSON at column 28: expected `,` or `}`"
        );
    }

    #[test]
    fn json_lines_take_bodies_and_drafts_over_the_base() {
        let draft_line = serde_json::json!({
            "certwiz_draft": 1,
            "product": "document_signing_org_2",
            "values": {"subject.name": "Cy Doe", "order_validity.years": "3"}
        });
        let text = format!(
            "{{\"subject\": {{\"name\": \"Ann Lee\"}}, \"skip_approval\": \"yes\"}}\n\n{draft_line}\nnot json\n"
        );
        let rows = parse(&text, Format::JsonLines, &base()).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].draft.get("subject.name"), "Ann Lee");
        assert_eq!(rows[0].draft.get("ship_info.city"), "Richmond");
        assert_eq!(rows[0].problems[0].path, "skip_approval");
        assert_eq!((rows[1].row, rows[1].line), (2, 3));
        assert_eq!(
            rows[1].draft.product,
            "document_signing_org_2".parse::<Product>().unwrap()
        );
        assert_eq!(rows[1].draft.get("order_validity.years"), "3");
        assert_eq!(rows[1].draft.get("validity_years"), "");
        assert_eq!(rows[2].problems[0].code, "syntax");
        assert_eq!(
            Format::detect(Path::new("x"), " {\"a\":1}"),
            Format::JsonLines
        );
        assert_eq!(Format::detect(Path::new("x.csv"), "{"), Format::Csv);
        assert_eq!(Format::detect(Path::new("x"), "subject.name"), Format::Csv);
    }

    #[test]
    fn batch_ids_follow_the_bytes_and_warnings_group() {
        assert_eq!(batch_id(b"a"), batch_id(b"a"));
        assert_ne!(batch_id(b"a"), batch_id(b"a\n"));
        assert_eq!(ranges(&[1, 2, 3, 5, 7, 8]), "1-3, 5, 7-8");
        let w = |row| RowDiagnostic {
            row,
            line: row + 1,
            diagnostic: Diagnostic::warning("skip_approval", "x", "needs an admin"),
        };
        let groups = grouped_warnings(&[w(1), w(2)]);
        assert_eq!(
            groups,
            vec![("skip_approval".into(), "needs an admin".into(), vec![1, 2])]
        );
    }
}
