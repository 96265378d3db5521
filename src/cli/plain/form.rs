//! The plain form: one question per field, in the wizard's order, on any `BufRead` and `Write`.
//!
//! Nothing here knows about terminals or HTTP, so it runs the same in a pty, in `script`, in a CI
//! log or in a unit test. Every answer goes into the draft, is handed to `save`, and is checked
//! with the same `validate` as the wizard and the CLI; a field is asked again while it has
//! errors, with the same messages.

use std::io::{self, BufRead, Write};

use crate::order::account::{
    Container, DataType, MetadataField, Organization, ProductDetails, User,
};
use crate::order::catalog::{self, FieldKind, FieldSpec, Section};
use crate::order::country;
use crate::order::draft::Draft;
use crate::order::model::ProvisioningMethod;
use crate::order::validate::{Context, Diagnostic, custom_field_path, is_required, validate};
use crate::order::{Product, Severity};

/// Lists longer than this are not printed up front: `?` lists them, `?text` searches them.
const SHOWN_UP_FRONT: usize = 15;

/// What the account said, as plain data; `None` for a part that could not be read (its rules are
/// then left to CertCentral, as in the wizard).
#[derive(Debug, Clone, Default)]
pub struct Account {
    pub organizations: Option<Vec<Organization>>,
    pub containers: Option<Vec<Container>>,
    pub users: Option<Vec<User>>,
    pub metadata: Option<Vec<MetadataField>>,
    /// Each product's details (`GET /product/{name_id}`), for the ones that could be read.
    pub products: Vec<(Product, ProductDetails)>,
}

impl Account {
    /// The details of a product, when they were read.
    pub fn product(&self, product: Product) -> Option<&ProductDetails> {
        self.products
            .iter()
            .find(|(p, _)| *p == product)
            .map(|(_, d)| d)
    }

    /// The validation context for a draft of `product`.
    pub fn context(&self, product: Product) -> Context<'_> {
        Context {
            metadata: self.metadata.as_deref(),
            product: self.product(product),
            organizations: self.organizations.as_deref(),
            containers: self.containers.as_deref(),
        }
    }

    /// The active custom fields, in the account's order.
    fn custom_fields(&self) -> impl Iterator<Item = &MetadataField> {
        self.metadata.iter().flatten().filter(|m| m.is_active)
    }
}

/// One question of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    Product,
    Field(&'static FieldSpec),
    Custom(i64),
}

impl Question {
    /// The path its diagnostics are reported under.
    pub fn path(self) -> String {
        match self {
            Question::Product => "product".into(),
            Question::Field(f) => f.path.into(),
            Question::Custom(id) => custom_field_path(id),
        }
    }
}

/// One entry of a numbered list.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Item {
    value: String,
    label: String,
}

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

/// The questions of a section, in the wizard's order: the product first on Certificate, then
/// choices and short fields, the account's custom fields on Payment, multi-line fields last.
/// Whether each applies is decided when it is reached ([`applies`]).
pub fn questions(section: Section, account: &Account) -> Vec<Question> {
    let mut out = Vec::new();
    if section == Section::Certificate {
        out.push(Question::Product);
    }
    let fields: Vec<&'static FieldSpec> = catalog::section_fields(section).collect();
    out.extend(
        fields
            .iter()
            .filter(|f| !f.kind.is_multiline())
            .map(|f| Question::Field(f)),
    );
    if section == Section::Payment {
        out.extend(account.custom_fields().map(|m| Question::Custom(m.id)));
    }
    out.extend(
        fields
            .iter()
            .filter(|f| f.kind.is_multiline())
            .map(|f| Question::Field(f)),
    );
    out
}

/// Whether a section is asked: Shipping only when the token is shipped, as in the wizard.
pub fn section_applies(section: Section, draft: &Draft) -> bool {
    section != Section::Shipping || draft.provisioning() == Some(ProvisioningMethod::ShipToken)
}

/// Whether a question is asked, given the answers so far: the CSR only for email provisioning;
/// only the validity form the draft uses; the rest of an optional object (the organization
/// contact, the shipping address) only once its first field is given.
pub fn applies(question: Question, draft: &Draft) -> bool {
    let Question::Field(f) = question else {
        return true;
    };
    if f.kind == FieldKind::Csr {
        return draft.provisioning() == Some(ProvisioningMethod::Email) || draft.has(f.path);
    }
    if catalog::alternative(f.id).is_some() {
        return draft.validity_field() == f.id;
    }
    match f.object() {
        Some(object) => {
            let first = catalog::FIELDS.iter().find(|g| g.object() == Some(object));
            first.is_some_and(|g| g.path == f.path) || draft.object_given(object.path)
        }
        None => true,
    }
}

/// The form on a reader and a writer.
pub struct Form<'a, R, W> {
    input: R,
    out: W,
    account: &'a Account,
    /// The numbered list last shown, which a typed number picks from.
    listed: Vec<Item>,
    /// Whether to write each answer after its prompt: when the input is not a terminal (piped
    /// answers), so that a log reads like the session did.
    echo: bool,
}

impl<'a, R: BufRead, W: Write> Form<'a, R, W> {
    pub fn new(input: R, out: W, account: &'a Account) -> Self {
        Form {
            input,
            out,
            account,
            listed: Vec::new(),
            echo: false,
        }
    }

    /// Writes each answer after its prompt (for piped answers, which no terminal echoes).
    pub fn echo(mut self, echo: bool) -> Self {
        self.echo = echo;
        self
    }

    /// What the account said.
    pub fn account(&self) -> &'a Account {
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
            if !section_applies(section, draft) {
                writeln!(
                    self.out,
                    "\nSection {} of {total}: {}: skipped, the token is not shipped",
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
            for question in questions(section, self.account) {
                if applies(question, draft) {
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
            for question in self.all_questions() {
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

    fn all_questions(&self) -> Vec<Question> {
        Section::ALL
            .into_iter()
            .flat_map(|s| questions(s, self.account))
            .collect()
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
        let items = self.items(question, draft);
        let label = self.label(question, draft);
        writeln!(self.out, "\n{label}: {}", self.help(question))?;
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
            let label = self.label(question, draft);
            let current = current_value(question, draft);
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
            let text = match answer {
                "" => current.clone(),
                "-" => String::new(),
                _ if is_multiline(question) => match self.multiline(question, &line)? {
                    Some(text) => text,
                    None => continue,
                },
                _ => self.resolve(question, answer, &items),
            };
            if question == Question::Product && text.trim().parse::<Product>().is_err() {
                writeln!(
                    self.out,
                    "  error   product: {:?} is not a product; choose one of the list",
                    text.trim()
                )?;
                continue;
            }
            set(question, draft, &text);
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
                writeln!(self.out, "  chosen: {}, {}", item.value, item.label)?;
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
            writeln!(self.out, "{line}")?;
        }
        Ok(line)
    }

    /// The rest of a multi-line answer whose first line is `first`: lines up to one holding only
    /// a dot. A CSR's `@path` reads the file instead; `None` when it cannot be read.
    fn multiline(&mut self, question: Question, first: &str) -> Result<Option<String>, Stop> {
        let is_csr = matches!(question, Question::Field(f) if f.kind == FieldKind::Csr);
        if let (true, Some(path)) = (is_csr, first.trim().strip_prefix('@')) {
            return match std::fs::read_to_string(path.trim()) {
                Ok(text) => Ok(Some(text)),
                Err(e) => {
                    writeln!(self.out, "  cannot read {}: {e}", path.trim())?;
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
                writeln!(self.out, "  {}. {}", n + 1, item.value)?;
            } else {
                writeln!(self.out, "  {}. {}, {}", n + 1, item.value, item.label)?;
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

    /// An answer as the field's text: a value of the list as it is, else a number of the last
    /// list shown; yes/no words for yes/no fields; anything else as typed (validation judges it).
    fn resolve(&self, question: Question, answer: &str, items: &[Item]) -> String {
        let pick = |token: &str| -> String {
            if let Some(item) = items.iter().find(|i| i.value.eq_ignore_ascii_case(token)) {
                return item.value.clone();
            }
            if let Ok(n) = token.parse::<usize>()
                && let Some(item) = n.checked_sub(1).and_then(|i| self.listed.get(i))
            {
                return item.value.clone();
            }
            if let Some(item) = items.iter().find(|i| i.label.eq_ignore_ascii_case(token)) {
                return item.value.clone();
            }
            token.to_owned()
        };
        match question {
            Question::Field(f) => match f.kind {
                FieldKind::YesNo => match answer.to_ascii_lowercase().as_str() {
                    "y" | "yes" | "true" => "true".into(),
                    "n" | "no" | "false" => "false".into(),
                    _ => answer.to_owned(),
                },
                FieldKind::Agreement => match answer.to_ascii_lowercase().as_str() {
                    "y" | "yes" | "1" => "1".into(),
                    "n" | "no" => String::new(),
                    _ => answer.to_owned(),
                },
                FieldKind::IdList if !items.is_empty() => answer
                    .split(|c: char| c == ',' || c.is_whitespace())
                    .filter(|t| !t.is_empty())
                    .map(pick)
                    .collect::<Vec<_>>()
                    .join(", "),
                _ if !items.is_empty() => pick(answer),
                _ => answer.to_owned(),
            },
            Question::Product => pick(answer),
            Question::Custom(_) => answer.to_owned(),
        }
    }

    /// The numbered list of a question: the product's choices, the catalog's, the account's
    /// organizations, divisions and users, the product's platforms, the countries.
    fn items(&self, question: Question, draft: &Draft) -> Vec<Item> {
        let item = |value: String, label: String| Item { value, label };
        let Question::Field(f) = question else {
            return match question {
                Question::Product => Product::ALL
                    .iter()
                    .map(|p| item(p.name_id().into(), p.label().into()))
                    .collect(),
                _ => Vec::new(),
            };
        };
        match (f.kind, f.path) {
            (FieldKind::Choice { options, .. }, _) => options
                .iter()
                .map(|o| item(o.value.into(), format!("{}: {}", o.label, o.meaning)))
                .collect(),
            (_, "certificate.server_platform.id") => {
                let platforms = self
                    .account
                    .product(draft.product)
                    .map(|d| d.server_platforms.as_slice())
                    .unwrap_or_default();
                let mut items = Vec::new();
                if !platforms.iter().any(|p| p.id == -1) {
                    items.push(item(
                        "-1".into(),
                        "OTHER: DigiCert's default platform".into(),
                    ));
                }
                items.extend(platforms.iter().map(|p| {
                    item(
                        p.id.to_string(),
                        p.name
                            .clone()
                            .unwrap_or_else(|| format!("platform {}", p.id)),
                    )
                }));
                items
            }
            (_, "organization.id") => self
                .account
                .organizations
                .iter()
                .flatten()
                .map(|o| {
                    let mut label = o.label();
                    if o.is_active == Some(false) {
                        label.push_str(" (inactive)");
                    }
                    item(o.id.to_string(), label)
                })
                .collect(),
            (_, "container.id") => self
                .account
                .containers
                .iter()
                .flatten()
                .map(|c| item(c.id.to_string(), c.name.clone().unwrap_or_default()))
                .collect(),
            (FieldKind::IdList, _) => self
                .account
                .users
                .iter()
                .flatten()
                .map(|u| {
                    let mut label = u.label();
                    if let Some(email) = &u.email {
                        label.push_str(&format!(", {email}"));
                    }
                    item(u.id.to_string(), label)
                })
                .collect(),
            (FieldKind::Country, _) => country::all()
                .iter()
                .map(|c| item(c.code.to_lowercase(), c.name.into()))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The label, with ` *` when the field is required in this draft.
    fn label(&self, question: Question, draft: &Draft) -> String {
        match question {
            Question::Product => "Product *".into(),
            Question::Field(f) if is_required(f, draft) => format!("{} *", f.label),
            Question::Field(f) => f.label.into(),
            Question::Custom(id) => match self.metadata(id) {
                Some(m) if m.is_required => format!("{} *", m.name()),
                Some(m) => m.name(),
                None => format!("Custom field {id}"),
            },
        }
    }

    fn help(&self, question: Question) -> String {
        match question {
            Question::Product => "the product to order".into(),
            Question::Field(f) => {
                let mut help = f.help.to_owned();
                match f.kind {
                    FieldKind::YesNo => help.push_str(" (yes or no)"),
                    FieldKind::Agreement => help.push_str(" (yes to accept)"),
                    FieldKind::IdList => help.push_str(" (numbers or ids, separated by commas)"),
                    FieldKind::MultilineText { .. } => {
                        help.push_str(" (end with a line holding only a dot)")
                    }
                    FieldKind::Csr => help.push_str(
                        " (paste it and end with a line holding only a dot, or type @path/to/file)",
                    ),
                    _ => {}
                }
                help
            }
            Question::Custom(id) => {
                let kind = match self.metadata(id).map(|m| &m.data_type) {
                    Some(DataType::Int) => "a whole number",
                    Some(DataType::EmailAddress) => "an email address",
                    Some(DataType::EmailList) => "email addresses, separated by commas",
                    _ => "text",
                };
                format!("a custom field of the account ({kind})")
            }
        }
    }

    fn metadata(&self, id: i64) -> Option<&MetadataField> {
        self.account.metadata.iter().flatten().find(|m| m.id == id)
    }
}

fn is_multiline(question: Question) -> bool {
    matches!(question, Question::Field(f) if f.kind.is_multiline())
}

fn current_value(question: Question, draft: &Draft) -> String {
    match question {
        Question::Product => draft.product.name_id().into(),
        Question::Field(f) => draft.get(f.path).into(),
        Question::Custom(id) => draft.custom_field(id).into(),
    }
}

/// The current value as the prompt shows it: yes/no as words, multi-line text by its first line.
fn shown_value(question: Question, current: &str) -> String {
    match question {
        Question::Field(f) => match (f.kind, current) {
            (_, "") => String::new(),
            (FieldKind::YesNo, "true") => "yes".into(),
            (FieldKind::YesNo, "false") => "no".into(),
            (FieldKind::Agreement, "1") => "yes".into(),
            (FieldKind::Csr, text) => format!("a CSR of {} lines", text.lines().count()),
            (FieldKind::MultilineText { .. }, text) => {
                let first = text.lines().next().unwrap_or("");
                if text.lines().count() > 1 {
                    format!("{first} …")
                } else {
                    first.into()
                }
            }
            (_, text) => text.into(),
        },
        _ => current.into(),
    }
}

fn set(question: Question, draft: &mut Draft, text: &str) {
    match question {
        Question::Product => {
            if let Ok(p) = text.trim().parse::<Product>() {
                draft.product = p;
            }
        }
        Question::Field(f) => draft.set(f.path, text),
        Question::Custom(id) => draft.set_custom_field(id, text),
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
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::order::account::{ContainerList, MetadataList, OrganizationList};
    use serde_json::Value;

    const SEED: &str = include_str!("../../../assets/sandbox-seed.json");
    const REQUEST: &str = include_str!("../../../tests/fixtures/documented-order-request.json");

    /// The embedded sandbox's account, as the form would read it.
    fn account() -> Account {
        let seed: Value = serde_json::from_str(SEED).unwrap();
        let organizations: OrganizationList =
            serde_json::from_value(seed["organizations"].clone()).unwrap();
        let containers: ContainerList = serde_json::from_value(seed["containers"].clone()).unwrap();
        let users: Vec<User> = serde_json::from_value(seed["users"].clone()).unwrap();
        let metadata: MetadataList = serde_json::from_value(seed["metadata"].clone()).unwrap();
        let products = Product::ALL
            .iter()
            .map(|p| {
                let details: ProductDetails =
                    serde_json::from_value(seed["products"][p.name_id()].clone()).unwrap();
                (*p, details)
            })
            .collect();
        Account {
            organizations: Some(organizations.organizations),
            containers: Some(containers.containers),
            users: Some(users),
            metadata: Some(metadata.metadata),
            products,
        }
    }

    /// The documented example's answers, one per question, Enter for the defaults.
    pub(crate) const DOCUMENTED: &[&str] = &[
        "",   // product: document_signing_org_1
        "21", // server platform
        "",   // signature hash: sha256
        "",   // provisioning: ship_token
        "",   // organization as common name: yes
        "2",  // validity
        "334455",
        "221122",
        "", // no organization contact
        "", // no order managers
        "Rene Pierce",
        "School Counselor",
        "054-139-0798",
        "rene.pierce@yahoo.com",
        "Erin Guerra",
        "360 Taylor Street",
        "Floor 74",
        "Richmond",
        "va",
        "69662",
        "us",
        "",  // shipping method: standard
        "y", // agreement
        "y", // skip approval
        "",  // payment: balance
        "",  // four optional custom fields
        "",
        "",
        "",
        "Comments for the the approver.",
        ".",
    ];

    /// Runs the form on `answers`; the draft, whether it finished, and what it wrote.
    fn run(answers: &[&str]) -> (Draft, Result<(), Stop>, String, usize) {
        let account = account();
        let input = answers.iter().map(|a| format!("{a}\n")).collect::<String>();
        let mut out = Vec::new();
        let mut draft = Draft::new(Product::default());
        let mut saves = 0;
        let result = {
            let mut form = Form::new(input.as_bytes(), &mut out, &account).echo(true);
            form.intro().unwrap();
            form.fill(&mut draft, &mut |_| saves += 1)
        };
        (draft, result, String::from_utf8(out).unwrap(), saves)
    }

    #[test]
    fn plain_documented_answers_give_the_documented_body() {
        let (draft, result, out, saves) = run(DOCUMENTED);
        assert!(result.is_ok(), "{out}");
        let expected: Value = serde_json::from_str(REQUEST).unwrap();
        assert_eq!(draft.to_body(), expected, "{out}");
        assert_eq!(saves, DOCUMENTED.len() - 1, "saved after every answer");
        assert!(!out.contains('\u{1b}'), "no escape sequences: {out}");
        for section in [
            "Section 1 of 5: Certificate",
            "Section 5 of 5: Payment & approval",
        ] {
            assert!(out.contains(section), "{out}");
        }
        assert!(out.contains("Full name *: Rene Pierce"), "{out}");
        assert!(out.contains("  2. 21, Example platform 21"), "{out}");
        assert!(out.contains("Validity * [1]: 2"), "{out}");
    }

    #[test]
    fn plain_fields_are_asked_again_with_validations_messages() {
        let mut answers = DOCUMENTED.to_vec();
        // The email, wrong first.
        answers.insert(13, "rene.pierce@");
        let (draft, result, out, _) = run(&answers);
        assert!(result.is_ok(), "{out}");
        assert_eq!(draft.get("subject.email"), "rene.pierce@yahoo.com");
        let mut bad = Draft::new(Product::default());
        bad.set("subject.email", "rene.pierce@");
        let message = validate(&bad, &Context::default())
            .into_iter()
            .find(|d| d.path == "subject.email")
            .unwrap()
            .to_string();
        assert!(
            out.contains(&format!(
                "  {message}\nEmail * [rene.pierce@]: rene.pierce@yahoo.com"
            )),
            "{out}"
        );
    }

    #[test]
    fn plain_required_fields_cannot_be_skipped() {
        let mut answers = DOCUMENTED.to_vec();
        // Enter on the organization first.
        answers.insert(6, "");
        let (draft, result, out, _) = run(&answers);
        assert!(result.is_ok(), "{out}");
        assert_eq!(draft.get("organization.id"), "334455");
        assert!(
            out.contains("error   organization.id: Organization is required"),
            "{out}"
        );
    }

    #[test]
    fn plain_numbers_pick_from_the_list_and_searches() {
        let mut answers = DOCUMENTED.to_vec();
        answers[5] = "3"; // validity: the third choice, 3 years
        answers[6] = "1"; // organization: the first of the list
        answers[9] = "1, 12"; // order managers: the first of the list, and user 12 by id
        answers[20] = "?united k";
        answers.insert(21, "1");
        let (draft, result, out, _) = run(&answers);
        assert!(result.is_ok(), "{out}");
        assert_eq!(draft.get("validity_years"), "3");
        assert_eq!(draft.get("organization.id"), "334455");
        assert_eq!(draft.get("user_id_assignments"), "10, 12");
        assert_eq!(draft.get("ship_info.country"), "gb");
        assert!(out.contains("  1. gb, United Kingdom"), "{out}");
    }

    #[test]
    fn plain_dash_clears_and_enter_keeps() {
        let mut answers = DOCUMENTED.to_vec();
        answers[16] = "-"; // address line 2 cleared
        answers[24] = "-"; // payment method cleared (optional)
        let (draft, result, out, _) = run(&answers);
        assert!(result.is_ok(), "{out}");
        assert!(!draft.has("ship_info.addr2"));
        assert!(!draft.has("payment_method"));
        assert_eq!(draft.get("certificate.signature_hash"), "sha256");
    }

    #[test]
    fn plain_without_a_shipped_token_skips_shipping_and_email_asks_the_csr() {
        let csr =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/csr/rsa2048.pem");
        let mut answers: Vec<String> = DOCUMENTED.iter().map(|s| (*s).to_owned()).collect();
        answers[3] = "email".into();
        // After validity: the CSR, first a file that is not there, then the fixture.
        answers.insert(6, "@/nonexistent/x.pem".into());
        answers.insert(7, format!("@{}", csr.display()));
        // No shipping questions: drop recipient .. method (now at 15..23).
        answers.drain(16..24);
        let answers: Vec<&str> = answers.iter().map(String::as_str).collect();
        let (draft, result, out, _) = run(&answers);
        assert!(result.is_ok(), "{out}");
        assert!(out.contains("Section 4 of 5: Shipping: skipped"), "{out}");
        assert!(out.contains("cannot read /nonexistent/x.pem"), "{out}");
        assert!(out.contains("note    certificate.csr: CSR: "), "{out}");
        assert!(draft.get("certificate.csr").starts_with("-----BEGIN"));
        assert!(!draft.object_given("ship_info"));
    }

    #[test]
    fn plain_pasted_multiline_text_ends_at_a_dot() {
        let mut answers = DOCUMENTED.to_vec();
        answers.pop();
        answers.extend(["line two", "."]);
        let (draft, result, out, _) = run(&answers);
        assert!(result.is_ok(), "{out}");
        assert_eq!(
            draft.get("comments"),
            "Comments for the the approver.\nline two"
        );
    }

    #[test]
    fn plain_required_custom_fields_are_asked_until_given() {
        let mut account = account();
        if let Some(m) = account.metadata.as_mut() {
            m[0].is_required = true;
        }
        let mut answers = DOCUMENTED.to_vec();
        answers[25] = "";
        answers.insert(26, "x");
        answers.insert(27, "42");
        let input = answers.iter().map(|a| format!("{a}\n")).collect::<String>();
        let mut out = Vec::new();
        let mut draft = Draft::new(Product::default());
        let result = Form::new(input.as_bytes(), &mut out, &account)
            .echo(true)
            .fill(&mut draft, &mut |_| {});
        let out = String::from_utf8(out).unwrap();
        assert!(result.is_ok(), "{out}");
        assert_eq!(draft.custom_field(501), "42");
        assert!(out.contains("Cost center *: "), "{out}");
    }

    #[test]
    fn plain_an_optional_object_is_asked_whole_once_its_first_field_is_given() {
        let mut answers = DOCUMENTED.to_vec();
        // The organization contact: a first name makes the last name required.
        answers[8] = "Ana";
        for (i, a) in ["", "Lopez", "", "", "", ""].into_iter().enumerate() {
            answers.insert(9 + i, a);
        }
        let (draft, result, out, _) = run(&answers);
        assert!(result.is_ok(), "{out}");
        assert_eq!(draft.get("organization_contact.last_name"), "Lopez");
        assert!(
            out.contains("error   organization_contact.last_name: Contact last name is required"),
            "{out}"
        );
        assert!(out.contains("Contact phone extension: "), "{out}");
        assert!(
            !run(DOCUMENTED).2.contains("Contact last name"),
            "without a first name the contact's other fields are not asked"
        );
    }

    #[test]
    fn plain_input_that_ends_stops_the_form() {
        let (_, result, _, _) = run(&DOCUMENTED[..10]);
        assert!(matches!(result, Err(Stop::Eof)));
    }

    #[test]
    fn plain_confirm_needs_a_yes() {
        let account = Account::default();
        for (answer, yes) in [
            ("y\n", true),
            ("YES\n", true),
            ("\n", false),
            ("no\n", false),
        ] {
            let mut out = Vec::new();
            let got = Form::new(answer.as_bytes(), &mut out, &account)
                .confirm("Place this order on SANDBOX?")
                .unwrap();
            assert_eq!(got, yes, "{answer:?}");
            assert_eq!(
                String::from_utf8(out).unwrap(),
                "Place this order on SANDBOX? [y/N]: "
            );
        }
    }
}
