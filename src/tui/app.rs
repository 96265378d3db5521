//! The model: the whole state of the wizard, with no terminal types. Each feature owns the state
//! it adds (re-exported here); the features' draw functions read it, and only their update
//! functions change it.

use std::collections::{BTreeMap, BTreeSet};

use time::OffsetDateTime;

pub use super::autosave::Autosave;
pub use super::overlays::Overlay;
pub use super::overlays::confirm::{Asked, Confirm};
pub use super::overlays::picker::{PickItem, Picker};
pub use super::overlays::prompt::{Prompt, PromptPurpose};
pub use super::overlays::saved::{SavedItem, SavedKind, SavedList};
pub use super::screens::Screen;
pub use super::screens::form::Row;
pub use super::screens::orders::{
    AccountCertificates, AccountOrder, OrdersList, TimelineEntry, TrackedOrder,
};
pub use super::screens::submit::SubmitState;

use super::input::TextInput;
use super::services::AccountData;
use super::theme::Theme;
use crate::api::endpoint::BaseUrl;
use crate::form::Facts;
use crate::order::account::ProductDetails;
use crate::order::model::ProvisioningMethod;
use crate::order::validate::{Context, Diagnostic, validate};
use crate::order::{Draft, Product};

/// Data that comes from the network.
#[derive(Debug, Clone, PartialEq)]
pub enum Remote<T> {
    Loading,
    Ready(T),
    Failed(String),
}

impl<T> Remote<T> {
    /// The value, once it is there.
    pub fn ready(&self) -> Option<&T> {
        match self {
            Remote::Ready(t) => Some(t),
            _ => None,
        }
    }
}

/// Which endpoint orders go to; the badge always shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointBadge {
    pub live: bool,
    /// The base URL, for the confirmation and the curl export.
    pub base: BaseUrl,
}

impl EndpointBadge {
    /// `SANDBOX` or `LIVE`.
    pub fn name(&self) -> &'static str {
        if self.live { "LIVE" } else { "SANDBOX" }
    }

    /// The kind of endpoint, as the journal storage it.
    pub fn kind(&self) -> crate::order::EndpointKind {
        if self.live {
            crate::order::EndpointKind::Live
        } else {
            crate::order::EndpointKind::Sandbox
        }
    }
}

/// A passing message under the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub is_error: bool,
}

/// The whole state of the wizard.
#[derive(Debug, Clone)]
pub struct Model {
    pub endpoint: EndpointBadge,
    pub theme: Theme,
    pub draft: Draft,
    pub screen: Screen,
    /// The focused row of a form screen.
    pub focus: usize,
    /// The focused text field's input; its text is copied into the draft on every edit.
    pub editor: Option<TextInput>,
    /// Paths whose problems are shown ("touched"): left after typing into them, chosen, or
    /// passed by moving on to a later screen or submitting.
    pub flagged: BTreeSet<String>,
    /// What was typed on a choice field to pick its value, the row it was typed on, and the
    /// clock tick it started at (a pause of a tick starts over).
    pub type_ahead: (String, Option<Row>, u64),
    /// Whether the person typed into the focused row since focusing it: leaving it then shows
    /// its problems; passing over it untouched does not.
    pub typed_in_focus: bool,
    /// Screens the person has been on.
    pub visited: BTreeSet<Screen>,
    /// The field last focused on each form screen left, where going back to it puts the focus.
    pub last_focus: BTreeMap<Screen, String>,
    pub diagnostics: Vec<Diagnostic>,
    /// Errors the API named for a field; dropped when that field is edited.
    pub api_errors: Vec<Diagnostic>,
    pub overlay: Option<Overlay>,
    pub account: Remote<AccountData>,
    pub product_details: Remote<ProductDetails>,
    pub submit: SubmitState,
    /// The earlier attempts of this form the open "send again?" question names (a yes sends past
    /// these only; the journal checks again at the moment of sending).
    pub earlier_named: Vec<String>,
    pub orders: Vec<TrackedOrder>,
    pub selected_order: usize,
    /// Which list Orders shows: the orders followed here, or the account's certificates.
    pub orders_list: OrdersList,
    /// The account's certificates, as `certwiz certificates` lists them.
    pub certificates: AccountCertificates,
    /// The selected account certificate's order, read to act on it (`None`: not asked yet).
    pub account_order: Option<AccountOrder>,
    /// The order whose info is being read to renew it.
    pub renewing: Option<i64>,
    /// The order this form renews: sent as `renewal_of_order_id`, and the journal knows the
    /// attempt by it. Dropped when another form replaces this one.
    pub renewal_of: Option<i64>,
    /// The order whose refused renewal this form is placed in place of, as a new order: the
    /// journal decides it with that order's renewals. Dropped with `renewal_of`.
    pub instead_of: Option<i64>,
    pub review_selected: usize,
    pub json_scroll: u16,
    pub help_scroll: u16,
    pub size: (u16, u16),
    pub now: Option<OffsetDateTime>,
    pub ticks: u64,
    pub notice: Option<Notice>,
    pub quitting: bool,
    pub autosave: Autosave,
    /// Attempts whose outcome is unknown: they may have placed an order; shown on Orders until
    /// settled with `certwiz orders settle`.
    pub unsettled: Vec<crate::store::JournalEntry>,
    /// A batch file opened for review (`certwiz --batch FILE`).
    pub batch: Option<Box<crate::tui::overlays::batch::BatchReview>>,
    /// The pre-flight check before the Submit question.
    pub preflight: crate::tui::screens::submit::preflight::state::Preflight,
}

impl Model {
    /// A fresh wizard for `draft` on `endpoint`, as big as `size`.
    pub fn new(draft: Draft, endpoint: EndpointBadge, theme: Theme, size: (u16, u16)) -> Self {
        let mut model = Model {
            endpoint,
            theme,
            draft,
            screen: Screen::Certificate,
            focus: 0,
            editor: None,
            flagged: BTreeSet::new(),
            typed_in_focus: false,
            type_ahead: (String::new(), None, 0),
            visited: BTreeSet::from([Screen::Certificate]),
            last_focus: BTreeMap::new(),
            diagnostics: Vec::new(),
            api_errors: Vec::new(),
            overlay: None,
            account: Remote::Loading,
            product_details: Remote::Loading,
            submit: SubmitState::Ready,
            earlier_named: Vec::new(),
            orders: Vec::new(),
            selected_order: 0,
            orders_list: OrdersList::default(),
            certificates: AccountCertificates::default(),
            account_order: None,
            renewing: None,
            renewal_of: None,
            instead_of: None,
            review_selected: 0,
            json_scroll: 0,
            help_scroll: 0,
            size,
            now: None,
            ticks: 0,
            notice: None,
            quitting: false,
            autosave: Autosave::default(),
            unsettled: Vec::new(),
            batch: None,
            preflight: Default::default(),
        };
        model.revalidate();
        model.open_editor();
        model
    }

    /// A new order's draft: the form's one definition ([`crate::form::new_draft`]).
    pub fn new_draft(product: Product) -> Draft {
        crate::form::new_draft(product)
    }

    /// What the account said, as the form reads it (the product's details only when they are
    /// the form's product's).
    pub fn facts(&self) -> Facts<'_> {
        let product = self.product_details.ready();
        match self.account.ready() {
            Some(account) => account.facts_with(product),
            None => Facts {
                product,
                ..Facts::default()
            },
        }
    }

    /// Re-runs validation with what the account and product say.
    pub fn revalidate(&mut self) {
        let ctx = self.context_for(self.draft.product);
        self.diagnostics = validate(&self.draft, &ctx);
    }

    /// Whether a field must be given here: the catalog's rule, or (for the CSR) the product's
    /// details saying it needs one, as the "required" error does: `*` and the error agree.
    pub fn requires(&self, f: &crate::order::FieldSpec) -> bool {
        crate::form::requires(f, &self.draft, &self.facts())
    }

    /// What validation knows of the account for an order of `product` (its details only when
    /// they are the form's product's).
    pub fn context_for(&self, product: Product) -> Context<'_> {
        let details = self
            .product_details
            .ready()
            .filter(|_| product == self.draft.product);
        match self.account.ready() {
            Some(account) => account.context_with(details),
            None => Context {
                product: details,
                ..Context::default()
            },
        }
    }

    /// The rows of a form screen, in the form's one order ([`crate::form::rows`]).
    pub fn rows(&self, screen: Screen) -> Vec<Row> {
        match screen.section() {
            Some(section) => crate::form::rows(section, &self.draft, &self.facts()),
            None => Vec::new(),
        }
    }

    /// Where the person is: the screen and the focused field, as the autosave keeps it.
    pub fn position(&self) -> crate::order::DraftPosition {
        crate::order::DraftPosition {
            screen: format!("{:?}", self.screen),
            field: self.focused_row().map(|r| r.path()).unwrap_or_default(),
        }
    }

    /// Whether the token is shipped (the Shipping screen applies).
    pub fn ships_token(&self) -> bool {
        self.draft.provisioning() == Some(ProvisioningMethod::ShipToken)
    }

    /// The focused row, on a form screen.
    pub fn focused_row(&self) -> Option<Row> {
        self.rows(self.screen).get(self.focus).copied()
    }

    /// A row's text as typed.
    pub fn value(&self, row: Row) -> String {
        crate::form::value(row, &self.draft)
    }

    /// Sets a row's text: an edit is noted for the autosave, and the API's errors for the row
    /// go.
    pub fn set_value(&mut self, row: Row, text: &str) {
        if let Some(why) = crate::form::refusal(row, text) {
            // Refused at the field (only the CSR refuses: a private key): the editor goes back
            // to what the draft keeps.
            self.notice = Some(Notice {
                text: format!("CSR {why}"),
                is_error: true,
            });
            self.editor = None;
            self.open_editor();
            return;
        }
        if row == Row::Product
            && let Ok(product) = text.trim().parse::<crate::order::Product>()
            && product != self.draft.product
        {
            let changes = crate::form::change_product(&mut self.draft, product);
            self.notice = crate::order::convert::summary(product, &changes).map(|text| Notice {
                text,
                is_error: false,
            });
            self.autosave.note_edit();
        } else if crate::form::set_value(row, &mut self.draft, text) {
            self.autosave.note_edit();
        }
        let path = row.path();
        self.api_errors.retain(|d| d.path != path);
        self.revalidate();
    }

    /// Replaces the whole form (a resumed autosave, an opened draft, a batch row), noting the
    /// change for the autosave when it is one.
    pub fn replace_draft(&mut self, draft: Draft) {
        self.renewal_of = None;
        self.instead_of = None;
        if draft != self.draft {
            self.draft = draft;
            self.autosave.note_edit();
        }
    }

    /// The body that will be sent: the form's, with `renewal_of_order_id` when it renews.
    pub fn body(&self) -> serde_json::Value {
        let mut body = self.draft.to_body();
        if let (Some(old), Some(map)) = (self.renewal_of, body.as_object_mut()) {
            map.insert("renewal_of_order_id".into(), old.into());
        }
        body
    }

    /// The request that will be sent: the form's, with `renewal_of_order_id` when it renews.
    pub fn request(&self) -> Result<crate::order::OrderRequest, serde_json::Error> {
        let mut request = self.draft.to_request()?;
        if self.renewal_of.is_some() {
            request.set_renewal_of_order_id(self.renewal_of);
        }
        Ok(request)
    }

    /// Puts an input on the focused row if it is typed into.
    pub fn open_editor(&mut self) {
        self.editor = match self.overlay {
            None => self.focused_row().and_then(|row| {
                super::screens::form::lines(row).map(|lines| {
                    let mut input = TextInput::new(&self.value(row), lines);
                    input.set_placeholder(self.placeholder(row));
                    input
                })
            }),
            Some(_) => None,
        };
    }

    /// What an empty field shows: how to fill it.
    pub fn placeholder(&self, row: Row) -> &'static str {
        crate::form::placeholder(row, &self.facts())
    }

    /// The label of a row, marked `*` when required.
    pub fn label(&self, row: Row) -> String {
        crate::form::label(row, &self.draft, &self.facts())
    }

    /// The diagnostics shown for a row: the API's always, validation's once the row is touched
    /// (typed into and left, chosen, or its screen passed; notes, such as the CSR's key, always).
    /// Every drawing of a row's problems reads this one function.
    pub fn shown(&self, row: Row) -> Vec<&Diagnostic> {
        let path = row.path();
        let flagged = self.flagged.contains(&path);
        let mut out: Vec<&Diagnostic> = self.api_errors.iter().filter(|d| d.path == path).collect();
        out.extend(
            self.diagnostics
                .iter()
                .filter(|d| d.path == path)
                .filter(|d| flagged || d.severity == crate::order::Severity::Info),
        );
        // The pre-flight's lines, once it was read for the values now in the form.
        if self.preflight.read.is_some() {
            out.extend(self.preflight.at_field(&path, self.checked_for().as_ref()));
        }
        out
    }

    /// The values of the form as the pre-flight check reads them; none when it makes no body.
    pub fn checked_for(&self) -> Option<crate::order::preflight::CheckedFor> {
        let request = self.draft.to_request().ok()?;
        Some(crate::order::preflight::CheckedFor::of(
            self.draft.product.name_id(),
            &request,
        ))
    }

    /// How many errors a screen shows.
    pub fn shown_errors(&self, screen: Screen) -> usize {
        self.rows(screen)
            .into_iter()
            .map(|row| self.shown(row).iter().filter(|d| d.is_error()).count())
            .sum()
    }

    /// Every error that blocks submitting.
    pub fn blocking_errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count() + self.api_errors.len()
    }

    /// Flags every row of a screen, as when the person moves on from it.
    pub fn flag_screen(&mut self, screen: Screen) {
        for row in self.rows(screen) {
            self.flagged.insert(row.path());
        }
    }

    /// Flags every field of the form and every problem's path.
    pub fn flag_all(&mut self) {
        for screen in Screen::ALL {
            self.flag_screen(screen);
        }
        let paths: Vec<String> = self.diagnostics.iter().map(|d| d.path.clone()).collect();
        self.flagged.extend(paths);
    }

    /// The order being shown on Orders.
    /// The order the Orders keys act on: the followed list's selected order, or on the
    /// account's list the selected certificate's order (the followed one when it is followed
    /// here, else the one read from Order info, once read).
    pub fn selected(&self) -> Option<&TrackedOrder> {
        match self.orders_list {
            OrdersList::Followed => self.orders.get(self.selected_order),
            OrdersList::Account => {
                let id = self.certificates.selected()?.order_id;
                if let Some(followed) = self.orders.iter().find(|o| o.order_id == id) {
                    return Some(followed);
                }
                match &self.account_order {
                    Some(AccountOrder::Read(order)) if order.order_id == id => Some(order),
                    _ => None,
                }
            }
        }
    }

    /// An order the wizard knows by its id: followed here, or the account order read.
    pub fn order_mut(&mut self, order_id: i64) -> Option<&mut TrackedOrder> {
        if let Some(i) = self.orders.iter().position(|o| o.order_id == order_id) {
            return self.orders.get_mut(i);
        }
        match &mut self.account_order {
            Some(AccountOrder::Read(order)) if order.order_id == order_id => Some(order),
            _ => None,
        }
    }

    /// The rows Review lists: every form row with its screen.
    pub fn review_rows(&self) -> Vec<(Screen, Row)> {
        Screen::ALL
            .iter()
            .flat_map(|s| self.rows(*s).into_iter().map(move |r| (*s, r)))
            .collect()
    }
}
