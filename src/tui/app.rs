//! The model: the whole state of the wizard, with no terminal types. Each feature owns the state
//! it adds, a struct in its own folder (re-exported here) whose fields are private to that
//! feature: anyone reads it through its methods, and only the feature changes it, so the compiler
//! refuses a write from elsewhere. Another feature asks for a change through a message or the
//! owner's named function ([`Submission::for_another_form`], [`OrdersState::follow_placed`],
//! [`Model::replace_form`], [`crate::tui::navigation::go_to`], …). The shell's own fields (the
//! endpoint, theme, size, clock, account, the notice and what covers the screen) are private to
//! this file and change through its functions ([`Model::say`], [`Model::show_overlay`], …).

use time::OffsetDateTime;

pub use super::autosave::Autosave;
pub use super::navigation::state::Place;
pub use super::overlays::Overlay;
pub use super::overlays::confirm::{Asked, Confirm};
pub use super::overlays::help::HelpState;
pub use super::overlays::picker::{PickItem, Picker};
pub use super::overlays::prompt::{Prompt, PromptPurpose};
pub use super::overlays::saved::{SavedItem, SavedKind, SavedList};
pub use super::screens::Screen;
pub use super::screens::form::Row;
pub use super::screens::form::state::FormState;
pub use super::screens::orders::{
    AccountCertificates, AccountOrder, OrdersList, OrdersState, TimelineEntry, TrackedOrder,
};
pub use super::screens::review::ReviewState;
pub use super::screens::submit::{Submission, SubmitState};

use super::services::AccountData;
use super::theme::Theme;
use crate::api::endpoint::BaseUrl;
use crate::form::Facts;
use crate::order::account::ProductDetails;
use crate::order::model::ProvisioningMethod;
use crate::order::validate::{Context, Diagnostic};
use crate::order::{Draft, Product};

/// The codes of the rules on characters a field does not show as they are (a pasted U+202E, a
/// control character): their errors are shown as soon as the text holds one, not once the field
/// is left (`Model::shown`).
const HIDDEN_CHARACTERS: [&str; 2] = ["invisible_chars", "control_chars"];

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
    /// Which endpoint orders go to: set once, at start.
    endpoint: EndpointBadge,
    /// The colours and marks the frame is drawn with: set once, at start.
    theme: Theme,
    /// Where the person is ([`super::navigation`] changes it).
    pub nav: Place,
    /// The form's focus, input, flags, problems, and what it is ([`super::screens::form`]
    /// changes them).
    pub form: FormState,
    /// What covers the screen: set through [`Model::show_overlay`] and the like.
    overlay: Option<Overlay>,
    /// What the account said ([`Model::set_account`]).
    account: Remote<AccountData>,
    /// The form's product's details ([`Model::set_product_details`], [`Model::product_changed`]).
    product_details: Remote<ProductDetails>,
    /// Where the order POST stands, and the pre-flight check ([`super::screens::submit`]
    /// changes them).
    pub submit: Submission,
    /// What Orders shows and acts on ([`super::screens::orders`] changes it).
    pub orders: OrdersState,
    /// Review's selection and JSON scroll ([`super::screens::review`] changes them).
    pub review: ReviewState,
    /// How far the help is scrolled ([`super::overlays::help`] changes it).
    pub help: HelpState,
    /// The terminal's size ([`Model::resized`]).
    size: (u16, u16),
    /// The time of the last message that brought one ([`Model::tick`], [`Model::saw_time`]).
    now: Option<OffsetDateTime>,
    /// The clock's ticks so far ([`Model::tick`]).
    ticks: u64,
    /// The passing message under the form: set through [`Model::say`] and the like.
    notice: Option<Notice>,
    /// Where the autosave stands ([`super::autosave`] changes it).
    pub autosave: Autosave,
    /// A batch file opened for review (`certwiz --batch FILE`; [`super::overlays::batch`]
    /// changes it).
    pub batch: crate::tui::overlays::batch::BatchState,
}

impl Model {
    /// A fresh wizard for `draft` on `endpoint`, as big as `size`.
    pub fn new(draft: Draft, endpoint: EndpointBadge, theme: Theme, size: (u16, u16)) -> Self {
        let mut model = Model {
            endpoint,
            theme,
            nav: Place::default(),
            form: FormState::new(draft),
            overlay: None,
            account: Remote::Loading,
            product_details: Remote::Loading,
            submit: Submission::default(),
            orders: OrdersState::default(),
            review: ReviewState::default(),
            help: HelpState::default(),
            size,
            now: None,
            ticks: 0,
            notice: None,
            autosave: Autosave::default(),
            batch: Default::default(),
        };
        model.revalidate();
        model.open_editor();
        model
    }

    /// The order being written (the form's: [`super::screens::form`] changes it).
    pub fn draft(&self) -> &Draft {
        self.form.draft()
    }

    /// Which endpoint orders go to.
    pub fn endpoint(&self) -> &EndpointBadge {
        &self.endpoint
    }

    /// The colours and marks the frame is drawn with.
    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// What the account said, once read.
    pub fn account(&self) -> &Remote<AccountData> {
        &self.account
    }

    /// The form's product's details, once read.
    pub fn product_details(&self) -> &Remote<ProductDetails> {
        &self.product_details
    }

    /// The terminal's size: columns, rows.
    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    /// The time of the last message that brought one.
    pub fn now(&self) -> Option<OffsetDateTime> {
        self.now
    }

    /// The clock's ticks so far.
    pub fn ticks(&self) -> u64 {
        self.ticks
    }

    /// The terminal was resized.
    pub fn resized(&mut self, w: u16, h: u16) {
        self.size = (w, h);
    }

    /// The clock ticked at `at`.
    pub fn tick(&mut self, at: OffsetDateTime) {
        self.now = Some(at);
        self.ticks = self.ticks.wrapping_add(1);
    }

    /// The account's answer came (or the call failed).
    pub fn set_account(&mut self, account: Remote<AccountData>) {
        self.account = account;
    }

    /// The form's product's details came (or the call failed).
    pub fn set_product_details(&mut self, details: Remote<ProductDetails>) {
        self.product_details = details;
    }

    /// Draws with `theme` from now on (a test's other terminal).
    #[cfg(test)]
    pub fn set_theme(&mut self, theme: Theme) {
        self.theme = theme;
    }

    /// Sends to a live endpoint, for a test of what a live order says.
    #[cfg(test)]
    pub fn set_live(&mut self, live: bool) {
        self.endpoint.live = live;
    }

    /// The time a message brought (a tick, or an answer's): the clock the screens show by.
    pub fn saw_time(&mut self, at: OffsetDateTime) {
        self.now = Some(at);
    }

    /// The form's product changed: its details are asked for again (the caller's
    /// `Effect::LoadProduct`), and are loading until they come.
    pub fn product_changed(&mut self) {
        self.product_details = Remote::Loading;
    }

    /// The passing message under the form, if any.
    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    /// Says `notice` under the form, in place of the one before.
    pub fn say(&mut self, notice: Notice) {
        self.notice = Some(notice);
    }

    /// Says `notice`, or nothing: the one before goes either way.
    pub fn set_notice(&mut self, notice: Option<Notice>) {
        self.notice = notice;
    }

    /// The passing message goes (a key was pressed).
    pub fn clear_notice(&mut self) {
        self.notice = None;
    }

    /// What covers the screen, if anything.
    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlay.as_ref()
    }

    /// What covers the screen, for its feature to change (a list's cursor, a prompt's text).
    pub fn overlay_mut(&mut self) -> Option<&mut Overlay> {
        self.overlay.as_mut()
    }

    /// Puts `overlay` over the screen, in place of any other.
    pub fn show_overlay(&mut self, overlay: Overlay) {
        self.overlay = Some(overlay);
    }

    /// Nothing covers the screen any more (the form's input comes back with
    /// [`Model::open_editor`]).
    pub fn hide_overlay(&mut self) {
        self.overlay = None;
    }

    /// Takes what covers the screen off it, for its feature to act on a key and put it back.
    pub fn take_overlay(&mut self) -> Option<Overlay> {
        self.overlay.take()
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

    /// Whether a field must be given here: the catalog's rule, or (for the CSR) the product's
    /// details saying it needs one, as the "required" error does: `*` and the error agree.
    pub fn requires(&self, f: &crate::order::FieldSpec) -> bool {
        crate::form::requires(f, self.draft(), &self.facts())
    }

    /// What validation knows of the account for an order of `product` (its details only when
    /// they are the form's product's).
    pub fn context_for(&self, product: Product) -> Context<'_> {
        let details = self
            .product_details
            .ready()
            .filter(|_| product == self.draft().product);
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
            Some(section) => crate::form::rows(section, self.draft(), &self.facts()),
            None => Vec::new(),
        }
    }

    /// Where the person is: the screen and the focused field, as the autosave keeps it.
    pub fn position(&self) -> crate::order::DraftPosition {
        crate::order::DraftPosition {
            screen: format!("{:?}", self.nav.screen()),
            field: self
                .focused_row()
                .map(|r| r.path().into_owned())
                .unwrap_or_default(),
        }
    }

    /// Whether the token is shipped (the Shipping screen applies).
    pub fn ships_token(&self) -> bool {
        self.draft().provisioning() == Some(ProvisioningMethod::ShipToken)
    }

    /// The focused row, on a form screen.
    pub fn focused_row(&self) -> Option<Row> {
        self.rows(self.nav.screen()).get(self.form.focus()).copied()
    }

    /// A row's text as typed.
    pub fn value(&self, row: Row) -> String {
        crate::form::value(row, self.draft())
    }

    /// The body that will be sent: the form's, with `renewal_of_order_id` when it renews.
    pub fn body(&self) -> serde_json::Value {
        let mut body = self.draft().to_body();
        if let (Some(old), Some(map)) = (self.form.renewal_of(), body.as_object_mut()) {
            map.insert("renewal_of_order_id".into(), old.into());
        }
        body
    }

    /// The request that will be sent: the form's, with `renewal_of_order_id` when it renews.
    pub fn request(&self) -> Result<crate::order::OrderRequest, serde_json::Error> {
        let mut request = self.draft().to_request()?;
        if self.form.renewal_of().is_some() {
            request.set_renewal_of_order_id(self.form.renewal_of());
        }
        Ok(request)
    }

    /// What an empty field shows: how to fill it.
    pub fn placeholder(&self, row: Row) -> &'static str {
        crate::form::placeholder(row, &self.facts())
    }

    /// The label of a row, marked `*` when required.
    pub fn label(&self, row: Row) -> String {
        crate::form::label(row, self.draft(), &self.facts())
    }

    /// The diagnostics shown for a row: the API's always, validation's once the row is touched
    /// (typed into and left, chosen, or its screen passed; notes, such as the CSR's key, always;
    /// a character the field cannot show, invisible or control, at once: nothing on screen
    /// would tell the person otherwise). Every drawing of a row's problems reads this one function.
    pub fn shown(&self, row: Row) -> Vec<&Diagnostic> {
        self.shown_for(row, self.preflight_values())
    }

    /// The values the pre-flight's lines are held against: the form's, once the pre-flight was
    /// read (worked out once per change of the draft: [`FormState::checked_for`]).
    fn preflight_values(&self) -> Option<&crate::order::preflight::CheckedFor> {
        self.submit
            .preflight()
            .read
            .as_ref()
            .and_then(|_| self.form.checked_for())
    }

    /// [`Model::shown`], with the pre-flight's values (`preflight_values`) already built.
    fn shown_for(
        &self,
        row: Row,
        now: Option<&crate::order::preflight::CheckedFor>,
    ) -> Vec<&Diagnostic> {
        self.shown_each(row, now).collect()
    }

    /// How many errors [`Model::shown_for`] gives for `row`, counted without listing them.
    fn shown_errors_for(
        &self,
        row: Row,
        now: Option<&crate::order::preflight::CheckedFor>,
    ) -> usize {
        self.shown_each(row, now).filter(|d| d.is_error()).count()
    }

    /// What `row` shows, in order: DigiCert's errors for it, the form's own problems once they
    /// show ([`shows`]), and the pre-flight's lines once it was read for the values now in the
    /// form.
    fn shown_each(
        &self,
        row: Row,
        now: Option<&crate::order::preflight::CheckedFor>,
    ) -> impl Iterator<Item = &Diagnostic> {
        let path = row.path();
        let flagged = self.form.is_flagged(&path);
        let preflight = self.submit.preflight().at_field(&path, now);
        self.form
            .api_errors()
            .iter()
            .chain(
                self.form
                    .diagnostics()
                    .iter()
                    .filter(move |d| shows(d, flagged)),
            )
            .filter(move |d| d.path == path)
            .chain(preflight)
    }

    /// The values of the form as the pre-flight check reads them; none when it makes no body.
    pub fn checked_for(&self) -> Option<crate::order::preflight::CheckedFor> {
        self.form.checked_for().cloned()
    }

    /// How many errors a screen shows.
    pub fn shown_errors(&self, screen: Screen) -> usize {
        self.shown_errors_in(&self.rows(screen))
    }

    /// How many errors these rows show.
    pub fn shown_errors_in(&self, rows: &[Row]) -> usize {
        self.shown_error_counter().count_in(rows)
    }

    /// What counting the errors rows show needs, gathered once for many counts (the stepper
    /// counts five screens every frame): see [`ShownErrors::count_in`].
    pub fn shown_error_counter(&self) -> ShownErrors<'_> {
        ShownErrors {
            model: self,
            held: {
                let mut held: Vec<&str> = self
                    .form
                    .api_errors()
                    .iter()
                    .chain(self.form.diagnostics().iter().filter(|d| d.is_error()))
                    .map(|d| d.path.as_str())
                    .collect();
                held.sort_unstable();
                held.dedup();
                held
            },
            preflight: self.submit.preflight().read.is_some(),
            now: self.preflight_values(),
        }
    }

    /// Every error that blocks submitting.
    pub fn blocking_errors(&self) -> usize {
        self.form
            .diagnostics()
            .iter()
            .filter(|d| d.is_error())
            .count()
            + self.form.api_errors().len()
    }

    /// The rows Review lists: every form row with its screen.
    pub fn review_rows(&self) -> Vec<(Screen, Row)> {
        Screen::ALL
            .iter()
            .flat_map(|s| self.rows(*s).into_iter().map(move |r| (*s, r)))
            .collect()
    }
}

/// The errors held against the form, gathered once to count those that rows show
/// ([`Model::shown_error_counter`]).
pub struct ShownErrors<'m> {
    model: &'m Model,
    /// The path of every error held (the form's and DigiCert's), sorted, each once.
    held: Vec<&'m str>,
    /// The pre-flight was read: its lines count too, and every row is asked.
    preflight: bool,
    now: Option<&'m crate::order::preflight::CheckedFor>,
}

impl ShownErrors<'_> {
    /// How many errors these rows show.
    pub fn count_in(&self, rows: &[Row]) -> usize {
        // A row shows an error only if one is held for its path: most rows have none, and
        // looking first saves working out what each shows.
        rows.iter()
            .filter(|row| self.preflight || self.held.binary_search(&row.path().as_ref()).is_ok())
            .map(|row| self.model.shown_errors_for(*row, self.now))
            .sum()
    }
}

/// Whether a problem of the form's own validation shows at its field: once the field was left
/// (flagged), and at once for a note or a character that cannot be seen.
fn shows(d: &Diagnostic, flagged: bool) -> bool {
    flagged || d.severity == crate::order::Severity::Info || HIDDEN_CHARACTERS.contains(&d.code)
}
