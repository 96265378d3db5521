//! The plain form: one question per field, in the wizard's order, on any `BufRead` and `Write`.
//!
//! Nothing here knows about terminals or HTTP, so it runs the same in a pty, in `script`, in a CI
//! log or in a unit test. Every answer goes into the draft, is handed to `save`, and is checked
//! with the same `validate` as the wizard and the CLI; a field is asked again while it has
//! errors, with the same messages.

use crate::outside::Safe;
use std::io::{self, BufRead, Write};

use crate::order::catalog::{FieldKind, ObjectSpec, Requirement, Section};
use crate::order::draft::Draft;
use crate::order::validate::{Diagnostic, validate};
use crate::order::{Product, Severity};

mod choices;
mod question;
pub use crate::ordering::account::Snapshot;
use choices::{Item, items, resolve};
pub use question::Question;
use question::shown_value;

/// Lists longer than this are not printed up front: `?` lists them, `?text` searches them.
const SHOWN_UP_FRONT: usize = 15;

/// Why the form stopped before it was done.
#[derive(Debug)]
pub enum Stop {
    /// The input ended (Ctrl-D, or the end of piped answers).
    Eof,
    /// The draft has errors that belong to no question of the form.
    Unfixable,
    Io(io::Error),
}

impl From<io::Error> for Stop {
    fn from(e: io::Error) -> Self {
        Stop::Io(e)
    }
}

/// The form on a reader and a writer.
pub struct Form<'a, R, W> {
    input: R,
    out: W,
    account: &'a Snapshot,
    /// The numbered list last shown, which a typed number picks from.
    listed: Vec<Item>,
    /// Whether to write each answer after its prompt: when the input is not a terminal (piped
    /// answers), so that a log reads like the session did.
    echo: bool,
    /// Between the BEGIN and END lines of a PEM block that is not a certificate request (a
    /// private key pasted where a CSR is asked): those lines are read but never echoed.
    hiding: bool,
}

/// The optional object that `-` clears whole at this question: a field required only once its
/// object is given (the organization contact's last name, once a first name was), in an optional
/// object that is given. Plain mode cannot go back to the object's first field, so `-` there
/// was refused as "required" again and again, with no way out but to type a value.
fn cleared_by_dash(question: Question, draft: &Draft) -> Option<&'static ObjectSpec> {
    let Question::Field(field) = question else {
        return None;
    };
    let object = field.object()?;
    (field.requirement == Requirement::RequiredInObject
        && !object.required
        && draft.object_given(object.path))
    .then_some(object)
}

impl<'a, R: BufRead, W: Write> Form<'a, R, W> {
    pub fn new(input: R, out: W, account: &'a Snapshot) -> Self {
        Form {
            input,
            out,
            account,
            listed: Vec::new(),
            echo: false,
            hiding: false,
        }
    }

    /// Writes each answer after its prompt (for piped answers, which no terminal echoes).
    pub fn echo(mut self, echo: bool) -> Self {
        self.echo = echo;
        self
    }

    /// What the account said.
    pub fn account(&self) -> &'a Snapshot {
        self.account
    }

    /// The writer, for the caller's own lines.
    pub fn out(&mut self) -> &mut W {
        &mut self.out
    }

    /// How to answer, said once at the start.
    pub fn intro(&mut self) -> io::Result<()> {
        writeln!(
            self.out,
            "certwiz plain mode: one question per line. Enter keeps the value in [brackets]; \
             - clears an optional value; ? lists a field's choices again and ?text searches them; \
             a number picks from the last list. * marks a required field. A multi-line answer ends \
             with a line holding only a dot; a CSR may be given as @path/to/file. Every answer \
             is saved as you go; Ctrl-C stops, and the next start offers to resume."
        )
    }

    /// Asks every section in wizard order, then asks again every field that still has errors,
    /// until there are none. `save` gets the draft after each answer.
    pub fn fill(&mut self, draft: &mut Draft, save: &mut dyn FnMut(&Draft)) -> Result<(), Stop> {
        let total = Section::ALL.len();
        for (i, section) in Section::ALL.into_iter().enumerate() {
            if let Some(why) = crate::form::skipped(section, draft) {
                writeln!(
                    self.out,
                    "\nSection {} of {total}: {}: skipped, {why}",
                    i + 1,
                    section.title()
                )?;
                continue;
            }
            writeln!(
                self.out,
                "\nSection {} of {total}: {}",
                i + 1,
                section.title()
            )?;
            // Asked in the form's order; whether each is asked is decided when it is reached.
            let mut at = 0;
            loop {
                let rows = crate::form::rows(section, draft, &self.facts(draft));
                let Some(&question) = rows.get(at) else { break };
                at += 1;
                if crate::form::asked(question, draft) {
                    self.ask(question, draft, save)?;
                }
            }
        }
        loop {
            let remaining = self.errors(draft);
            if remaining.is_empty() {
                return Ok(());
            }
            writeln!(self.out, "\nStill to fix:")?;
            for d in &remaining {
                writeln!(self.out, "  {d}")?;
            }
            let mut asked = false;
            for question in self.all_questions(draft) {
                if remaining.iter().any(|d| d.path == question.path()) {
                    self.ask(question, draft, save)?;
                    asked = true;
                }
            }
            if !asked {
                // Errors no single question can fix (they name no field): say so and stop.
                writeln!(
                    self.out,
                    "These errors belong to no single field; fix the draft with the wizard or \
                     `certwiz validate`."
                )?;
                return Err(Stop::Unfixable);
            }
        }
    }

    fn all_questions(&self, draft: &Draft) -> Vec<Question> {
        let facts = self.facts(draft);
        Section::ALL
            .into_iter()
            .flat_map(|s| crate::form::rows(s, draft, &facts))
            .collect()
    }

    fn facts(&self, draft: &Draft) -> crate::form::Facts<'a> {
        self.account.facts(draft.product)
    }

    fn errors(&self, draft: &Draft) -> Vec<Diagnostic> {
        validate(draft, &self.account.context(draft.product))
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect()
    }

    /// Asks one question until its answer has no errors.
    pub fn ask(
        &mut self,
        question: Question,
        draft: &mut Draft,
        save: &mut dyn FnMut(&Draft),
    ) -> Result<(), Stop> {
        let items = items(self.account, question, draft);
        let label = crate::form::label(question, draft, &self.facts(draft));
        let help = crate::form::help(question, &self.facts(draft));
        writeln!(self.out, "\n{label}: {help}")?;
        self.listed = items.clone();
        if !items.is_empty() {
            if items.len() <= SHOWN_UP_FRONT {
                self.list(&items)?;
            } else {
                writeln!(
                    self.out,
                    "  {} choices: ? lists them, ?text searches them",
                    items.len()
                )?;
            }
        }
        loop {
            let label = crate::form::label(question, draft, &self.facts(draft));
            let current = crate::form::value(question, draft);
            let shown = shown_value(question, &current);
            if shown.is_empty() {
                write!(self.out, "{label}: ")?;
            } else {
                write!(self.out, "{label} [{shown}]: ")?;
            }
            self.out.flush()?;
            let line = self.read_line()?;
            let answer = line.trim();
            if let Some(query) = answer.strip_prefix('?') {
                self.search(&items, query.trim())?;
                continue;
            }
            if answer == "-"
                && let Some(object) = cleared_by_dash(question, draft)
            {
                draft.clear_object(object.path);
                save(draft);
                writeln!(
                    self.out,
                    "  {} cleared: it is optional, and its fields are asked only once its first is given",
                    object.label
                )?;
                return Ok(());
            }
            let text = match answer {
                "" => current.clone(),
                "-" => String::new(),
                _ if question.is_multiline() => match self.multiline(question, &line)? {
                    Some(text) => text,
                    None => continue,
                },
                _ => resolve(question, answer, &items, &self.listed),
            };
            if let Some(why) = crate::form::refusal(question, &text) {
                writeln!(self.out, "  error   {}: {why}", question.path())?;
                continue;
            }
            if question == Question::Product && text.trim().parse::<Product>().is_err() {
                writeln!(
                    self.out,
                    "  error   product: {:?} is not a product; choose one of the list",
                    text.trim()
                )?;
                continue;
            }
            match text.trim().parse::<Product>() {
                Ok(product) if question == Question::Product => {
                    // A product change maps what it can; each change is said, as the wizard's
                    // notice sums it up.
                    // What is still to fill is asked below; the rest is said here.
                    for change in crate::form::change_product(draft, product) {
                        if !matches!(change, crate::order::convert::Change::ToFill { .. }) {
                            writeln!(self.out, "  {}", change.line())?;
                        }
                    }
                }
                _ => {
                    crate::form::set_value(question, draft, &text);
                }
            }
            save(draft);
            let found: Vec<Diagnostic> = validate(draft, &self.account.context(draft.product))
                .into_iter()
                .filter(|d| d.path == question.path())
                .collect();
            for d in &found {
                writeln!(self.out, "  {d}")?;
            }
            if found.iter().any(Diagnostic::is_error) {
                continue;
            }
            if let Some(item) = items.iter().find(|i| i.value == text.trim()) {
                writeln!(
                    self.out,
                    "  chosen: {}, {}",
                    Safe(&item.value),
                    Safe(&item.label)
                )?;
            }
            return Ok(());
        }
    }

    /// Asks a yes/no question; only `y` or `yes` is yes.
    pub fn confirm(&mut self, question: &str) -> Result<bool, Stop> {
        write!(self.out, "{question} [y/N]: ")?;
        self.out.flush()?;
        let answer = self.read_line()?;
        Ok(matches!(
            answer.trim().to_ascii_lowercase().as_str(),
            "y" | "yes"
        ))
    }

    /// Asks for a typed word; true when it is typed (case-insensitive).
    pub fn confirm_word(&mut self, question: &str, word: &str) -> Result<bool, Stop> {
        write!(self.out, "{question} ")?;
        self.out.flush()?;
        let answer = self.read_line()?;
        Ok(answer.trim().eq_ignore_ascii_case(word))
    }

    fn read_line(&mut self) -> Result<String, Stop> {
        let mut line = String::new();
        if self.input.read_line(&mut line)? == 0 {
            writeln!(self.out)?;
            return Err(Stop::Eof);
        }
        while line.ends_with('\n') || line.ends_with('\r') {
            line.pop();
        }
        if self.echo {
            self.echo_line(&line)?;
        }
        Ok(line)
    }

    /// Writes an answer's line as a terminal would have shown it typed: what it would not show
    /// (an escape, U+202E) named as the prompts name it ([`Safe`]), and a private key's lines
    /// not at all. Such a key is refused where a CSR is asked (`csr::refusal`), but plain mode's
    /// output is the log of a script, and the key must not reach it.
    fn echo_line(&mut self, line: &str) -> io::Result<()> {
        if self.hiding {
            if line.trim_start().starts_with("-----END ") {
                self.hiding = false;
                writeln!(self.out, "(the block's lines are not shown)")?;
                writeln!(self.out, "{}", Safe(line))?;
            }
            return Ok(());
        }
        self.hiding = crate::order::csr::foreign_block(line).is_some();
        writeln!(self.out, "{}", Safe(line))
    }

    /// The rest of a multi-line answer whose first line is `first`: lines up to one holding only
    /// a dot. A CSR's `@path` reads the file instead; `None` when it cannot be read.
    fn multiline(&mut self, question: Question, first: &str) -> Result<Option<String>, Stop> {
        let is_csr = matches!(question, Question::Field(f) if f.kind == FieldKind::Csr);
        if let (true, Some(path)) = (is_csr, first.trim().strip_prefix('@')) {
            let path = std::path::Path::new(path.trim());
            return match crate::infile::read_text(path, crate::infile::Kind::Csr) {
                Ok(text) => Ok(Some(text)),
                Err(e) => {
                    writeln!(self.out, "  cannot read {}: {e}", path.display())?;
                    Ok(None)
                }
            };
        }
        let mut lines = Vec::new();
        if first.trim() != "." {
            lines.push(first.to_owned());
            writeln!(
                self.out,
                "  (more lines; end with a line holding only a dot)"
            )?;
            loop {
                let line = self.read_line()?;
                if line.trim() == "." {
                    break;
                }
                lines.push(line);
            }
        }
        let mut text = lines.join("\n");
        if is_csr && !text.is_empty() {
            text.push('\n');
        }
        Ok(Some(text))
    }

    fn list(&mut self, items: &[Item]) -> io::Result<()> {
        for (n, item) in items.iter().enumerate() {
            if item.label.is_empty() {
                writeln!(self.out, "  {}. {}", n + 1, Safe(&item.value))?;
            } else {
                writeln!(
                    self.out,
                    "  {}. {}, {}",
                    n + 1,
                    Safe(&item.value),
                    Safe(&item.label)
                )?;
            }
        }
        Ok(())
    }

    /// `?` lists every choice; `?text` the ones whose value or label contains the text.
    fn search(&mut self, items: &[Item], query: &str) -> io::Result<()> {
        if items.is_empty() {
            return writeln!(self.out, "  this field has no list; type the value");
        }
        let query = query.to_lowercase();
        let found: Vec<Item> = items
            .iter()
            .filter(|i| {
                query.is_empty()
                    || i.value.to_lowercase().contains(&query)
                    || i.label.to_lowercase().contains(&query)
            })
            .cloned()
            .collect();
        if found.is_empty() {
            writeln!(self.out, "  nothing matches {query:?}")?;
            return Ok(());
        }
        self.list(&found)?;
        self.listed = found;
        Ok(())
    }
}

/// Lines that count the diagnostics and list the warnings and notes, for the review.
pub fn review_lines(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Error)
        .map(ToString::to_string)
        .collect()
}

#[cfg(test)]
mod tests;
