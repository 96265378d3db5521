//! The order form as data, with no terminal in it: the one model the wizard draws and plain mode
//! asks. It says, on top of the catalog ([`crate::order::catalog`]), which rows each section has
//! and in what order, how each is labelled (with `*` when required), what a new form holds, which
//! rows are asked and when, a row's value and how an answer is written back, and the choices a row
//! offers with their marks ([`choices`]). The wizard (`tui::app::Model`) and plain mode
//! (`cli::plain::form`) hold no copy of any of it, so the same answers give the same body.
//!
//! The product is an input: the rows are those of the draft's product, read through the
//! catalog's functions.

pub mod choices;

use crate::order::account::{
    Container, DataType, ListedProduct, MetadataField, Organization, ProductDetails, User,
};
use crate::order::catalog::{self, FieldId, FieldKind, FieldSpec, PickerKind, Section};
use crate::order::convert::{self, Change};
use crate::order::model::ProvisioningMethod;
use crate::order::validate::{Context, custom_field_path, is_required};
use crate::order::{Draft, Product};

/// What the account said, as the form needs it; `None` for a part not read (yet, or at all).
#[derive(Debug, Clone, Copy, Default)]
pub struct Facts<'a> {
    pub organizations: Option<&'a [Organization]>,
    pub containers: Option<&'a [Container]>,
    pub users: Option<&'a [User]>,
    /// The account's custom fields.
    pub metadata: Option<&'a [MetadataField]>,
    /// The details of the draft's product.
    pub product: Option<&'a ProductDetails>,
    /// What the account can order (`GET /product`).
    pub products: Option<&'a [ListedProduct]>,
}

impl<'a> Facts<'a> {
    /// A custom field's metadata by id.
    pub fn metadata(&self, id: i64) -> Option<&'a MetadataField> {
        self.metadata.into_iter().flatten().find(|m| m.id == id)
    }

    /// Whether a picker's list is there to open: the account's organizations, divisions and
    /// users once read; the others always (as [`choices::choices`] lists them).
    pub fn list_read(&self, picker: Option<PickerKind>) -> bool {
        match picker {
            Some(PickerKind::Organization) => self.organizations.is_some(),
            Some(PickerKind::Division) => self.containers.is_some(),
            Some(PickerKind::Users) => self.users.is_some(),
            _ => true,
        }
    }

    /// What validation knows of the account.
    pub fn context(&self) -> Context<'a> {
        Context {
            metadata: self.metadata,
            product: self.product,
            organizations: self.organizations,
            containers: self.containers,
            products: self.products,
        }
    }
}

/// One row of the form: a line of a wizard screen, a question of plain mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// The product: not part of the body, but of the order URL.
    Product,
    /// A field of the catalog.
    Field(&'static FieldSpec),
    /// One of the account's custom fields, by metadata id.
    Custom(i64),
}

impl Row {
    /// The dotted path its diagnostics use.
    pub fn path(&self) -> std::borrow::Cow<'static, str> {
        match self {
            Row::Product => "product".into(),
            Row::Field(f) => f.path.into(),
            Row::Custom(id) => custom_field_path(*id).into(),
        }
    }

    /// Whether the row holds the CSR (which a file can fill).
    pub fn is_csr(self) -> bool {
        matches!(self, Row::Field(f) if f.kind == FieldKind::Csr)
    }

    /// Whether the row is typed into (not chosen: a choice, yes/no or agreement, the product).
    pub fn is_typed(self) -> bool {
        match self {
            Row::Product => false,
            Row::Custom(_) => true,
            Row::Field(f) => !matches!(
                f.kind,
                FieldKind::Choice { .. } | FieldKind::YesNo | FieldKind::Agreement
            ),
        }
    }

    /// Whether its text may span lines.
    pub fn is_multiline(self) -> bool {
        matches!(self, Row::Field(f) if f.kind.is_multiline())
    }
}

/// A new order's form: the catalog's defaults, with the server platform's default (-1,
/// "Other") too. The one definition: the wizard and plain mode both start here.
pub fn new_draft(product: Product) -> Draft {
    let mut draft = Draft::new(product);
    let platform = FieldId::ServerPlatform;
    if let Some(default) = platform.spec().default {
        draft.set(platform, default);
    }
    draft
}

/// The product a new form starts with: the default, unless the account's product list (when
/// read) does not offer it; then the first document signing product it does. The wizard and
/// plain mode both start here.
pub fn first_product(listed: Option<&[crate::order::account::ListedProduct]>) -> Product {
    let offered = crate::order::account::offered(listed.unwrap_or_default());
    let default = Product::default();
    match offered.first() {
        Some((first, _)) if !offered.iter().any(|(p, _)| *p == default) => *first,
        _ => default,
    }
}

/// Where a new, untouched form of `current` must move once the account's product list is read:
/// to [`first_product`] when the account does not sell `current`, with the sentence that says
/// so; `None` when it sells it (or the list was not read). The wizard and plain mode both ask
/// here.
pub fn move_new_form(
    current: Product,
    listed: Option<&[crate::order::account::ListedProduct]>,
) -> Option<(Draft, String)> {
    let list = listed?;
    let offered = crate::order::account::offered(list);
    if offered.iter().any(|(p, _)| *p == current) {
        return None;
    }
    let first = first_product(listed);
    (first != current).then(|| {
        (
            new_draft(first),
            format!(
                "This account does not sell {current}: the form starts with {} ({first})",
                first.label()
            ),
        )
    })
}

/// Whether a section applies: Shipping only when the token is shipped, and a section only when
/// the draft's product has fields in it.
pub fn section_applies(section: Section, draft: &Draft) -> bool {
    skipped(section, draft).is_none()
}

/// Why a section is skipped for this draft, in one sentence; `None` when it applies.
pub fn skipped(section: Section, draft: &Draft) -> Option<String> {
    if catalog::section_fields(draft.product, section)
        .next()
        .is_none()
    {
        let product = draft.product.label();
        return Some(match section {
            Section::Organization => format!(
                "{product} names no organization: the certificate is in the person's own name"
            ),
            Section::Subject => format!(
                "{product} names no person: the certificate is in the organization's name, and its contacts are on Organization"
            ),
            other => format!("{product} has no {} fields", other.title()),
        });
    }
    let ships = if draft.product.is_current() {
        draft.get(FieldId::DsProvisioning).trim() == "ship_token"
    } else {
        draft.provisioning() == Some(ProvisioningMethod::ShipToken)
    };
    (section == Section::Shipping && !ships).then(|| "the token is not shipped".to_owned())
}

/// The rows of a section, in the one order both modes use: the product first on Certificate,
/// then choices and short fields, then multi-line fields (Comments stays near the top of
/// Payment), then the account's active custom fields. None when the section does not apply.
pub fn rows(section: Section, draft: &Draft, facts: &Facts<'_>) -> Vec<Row> {
    if !section_applies(section, draft) {
        return Vec::new();
    }
    let fields = catalog::form_fields(draft.product, section);
    let mut rows = Vec::with_capacity(fields.len() + 1);
    if section == Section::Certificate {
        rows.push(Row::Product);
    }
    // Those of one line first, then those of many.
    rows.extend(fields.iter().map(|f| Row::Field(f)));
    // The account's custom fields, for the products whose body has them (the older two; the
    // current pages show none).
    if section == Section::Payment
        && catalog::field_for(draft.product, FieldId::CustomFieldId.path()).is_some()
    {
        rows.extend(
            facts
                .metadata
                .into_iter()
                .flatten()
                .filter(|m| m.is_active)
                .map(|m| Row::Custom(m.id)),
        );
    }
    rows
}

/// Whether a row is asked, given the answers so far (plain mode asks only these; the wizard shows
/// every row): the CSR only for email provisioning or when one is given; only the validity form
/// the draft uses; the rest of an optional object (the organization contact, the shipping
/// address) only once its first field is given (for a ds_org contact: its id or its first name).
pub fn asked(row: Row, draft: &Draft) -> bool {
    let Row::Field(f) = row else {
        return true;
    };
    if f.kind == FieldKind::Csr {
        return draft.provisioning() == Some(ProvisioningMethod::Email) || draft.has(f.id);
    }
    if catalog::alternative(f.id).is_some() {
        return draft.validity_field() == f.id;
    }
    match f.object() {
        Some(object) => opens(f, object.path, draft) || draft.object_given(object.path),
        None => true,
    }
}

/// Whether `f` is one of the fields that open its optional object in plain mode: the object's
/// first field, and where that is an id (a ds_org contact, which the example's second contact
/// names without one) every field up to the first that is not an id.
fn opens(f: &FieldSpec, object: &str, draft: &Draft) -> bool {
    for g in catalog::fields(draft.product)
        .iter()
        .filter(|g| g.object().is_some_and(|o| o.path == object))
    {
        if g.path == f.path {
            return true;
        }
        if g.kind != FieldKind::Id {
            return false;
        }
    }
    false
}

/// A row's text as typed.
pub fn value(row: Row, draft: &Draft) -> String {
    match row {
        Row::Product => draft.product.name_id().to_owned(),
        Row::Field(f) => draft.get(f.id).to_owned(),
        Row::Custom(id) => draft.custom_field(id).to_owned(),
    }
}

/// The longest text a row keeps: four times the longest any field takes (a CSR, 16 KiB). A
/// longer one was kept, to be reported as too long, and autosaved: a 70 MB answer made the
/// autosave too large to read (64 MiB at most) at the next start, and every answer was lost.
pub const MAX_KEPT: usize = 4 * crate::order::csr::MAX_CSR_LEN;

/// Why a row refuses this text before anything of it is written, or `None`: a private key
/// (any PEM block but a certificate request) where the CSR goes, and a text longer than any
/// field takes ([`MAX_KEPT`]).
pub fn refusal(row: Row, text: &str) -> Option<String> {
    if text.len() > MAX_KEPT {
        return Some(format!(
            "refused: {} bytes is far more than any field takes (a CSR, the longest, is at \
             most {} characters); nothing of it was kept",
            text.len(),
            crate::order::csr::MAX_CSR_LEN
        ));
    }
    row.is_csr()
        .then(|| crate::order::csr::refusal(text))
        .flatten()
}

/// Writes a row's text into the draft; true when the draft changed. A product that is not one
/// changes nothing.
pub fn set_value(row: Row, draft: &mut Draft, text: &str) -> bool {
    let before = value(row, draft);
    match row {
        Row::Product => {
            if let Ok(p) = text.trim().parse::<Product>() {
                change_product(draft, p);
            }
        }
        Row::Field(f) => draft.set(f.id, text),
        Row::Custom(id) => draft.set_custom_field(id, text),
    }
    value(row, draft) != before
}

/// Changes the draft's product ([`crate::order::convert`]): from an older product to a current
/// one the person, the validity and the usage are mapped. Every answer is kept: the new
/// product's fields with the same path show it, and the others stay in the draft (hidden, and
/// sent only if the product is changed back). Returns what changed and what did not map.
pub fn change_product(draft: &mut Draft, product: Product) -> Vec<Change> {
    if draft.product == product {
        return Vec::new();
    }
    let conversion = convert::convert(draft, product);
    *draft = conversion.draft;
    conversion.changes
}

/// Whether a field must be given here: the catalog's rule, or (for the CSR) the product's
/// details saying it needs one, as the "required" error does: `*` and the error agree.
pub fn requires(f: &FieldSpec, draft: &Draft, facts: &Facts<'_>) -> bool {
    is_required(f, draft)
        || (f.id == FieldId::Csr && facts.product.is_some_and(|d| d.csr_required == Some(true)))
}

/// The label of a row, marked ` *` when required in this draft.
pub fn label(row: Row, draft: &Draft, facts: &Facts<'_>) -> String {
    match row {
        Row::Product => "Product *".into(),
        Row::Field(f) if requires(f, draft, facts) => format!("{} *", f.label),
        Row::Field(f) => f.label.to_owned(),
        Row::Custom(id) => match facts.metadata(id) {
            Some(m) if m.is_required => format!("{} *", m.name()),
            Some(m) => m.name(),
            None => format!("Custom field {id}"),
        },
    }
}

/// What a custom field holds, in words.
fn custom_kind(facts: &Facts<'_>, id: i64) -> &'static str {
    match facts.metadata(id).map(|m| &m.data_type) {
        Some(DataType::Int) => "a whole number",
        Some(DataType::EmailAddress) => "an email address",
        Some(DataType::EmailList) => "email addresses, separated by commas",
        _ => "text",
    }
}

/// What an empty typed row shows: how to fill it in the wizard.
pub fn placeholder(row: Row, facts: &Facts<'_>) -> &'static str {
    match row {
        Row::Product => "",
        Row::Custom(id) => custom_kind(facts, id),
        Row::Field(f) => match (f.kind, f.picker) {
            (FieldKind::Csr, _) => "paste it, or Ctrl-O to load a file",
            (FieldKind::Country, _) => "a two-letter code, or Enter to search",
            // Enter opens a list only once the account's list is read (while it loads, or
            // when it could not be read, Enter moves on): the words say so.
            (FieldKind::IdList, _) if !facts.list_read(f.picker) => "user ids (list not read)",
            (FieldKind::IdList, _) => "Enter to choose users, or type ids",
            (FieldKind::Email, _) => "name@example.com",
            (FieldKind::Phone, _) => "digits, spaces and + - ( )",
            (
                _,
                Some(PickerKind::Organization | PickerKind::Division | PickerKind::ServerPlatform),
            ) if !facts.list_read(f.picker) => "an id (list not read)",
            (
                _,
                Some(PickerKind::Organization | PickerKind::Division | PickerKind::ServerPlatform),
            ) => "an id, or Enter to choose",
            (FieldKind::MultilineText { .. }, _) => "may span lines",
            _ => "",
        },
    }
}

/// One line of help for a question: the catalog's, with how to answer in plain mode.
pub fn help(row: Row, facts: &Facts<'_>) -> String {
    match row {
        Row::Product => "the product to order".into(),
        Row::Field(f) => {
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
        Row::Custom(id) => format!("a custom field of the account ({})", custom_kind(facts, id)),
    }
}

#[cfg(test)]
mod tests;
