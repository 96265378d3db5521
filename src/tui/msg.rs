//! What flows into the update function ([`Msg`]) and what it asks the runtime to do ([`Effect`]).
//! Results of network work carry TUI-side types from [`super::services`], and every message that
//! needs the time carries it, so the update function never reads a clock.

use std::path::PathBuf;
use std::time::Instant;

use crossterm::event::{KeyEvent, MouseEvent};
use time::OffsetDateTime;

pub use super::overlays::saved::change::{Opened, SavedChange};
use super::overlays::saved::{SavedItem, SavedKind};
pub use super::screens::orders::action::{DeliveryTask, Downloaded, InitCode, OrderAction};
use super::services::{AccountData, Placed, ServiceError, TrackUpdate};
use crate::delivery::Provisioning;
use crate::order::account::ProductDetails;
use crate::order::inventory::Certificate;
use crate::order::model::OrderInfo;
use crate::order::{Draft, OrderRequest, OrderStatus, Product};
use crate::store::{JournalEntry, NewAttempt};

/// Something that happened: input, a finished task, or the clock.
#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    /// A bracketed paste, as one string.
    Paste(String),
    Mouse(MouseEvent),
    /// The terminal's new size (columns, rows).
    Resize(u16, u16),
    /// The clock: drives the spinner and relative times.
    Tick(OffsetDateTime),
    /// The account's organizations, divisions, users and custom fields arrived (or failed).
    Account(Result<AccountData, ServiceError>),
    /// A product's details arrived (or failed).
    ProductDetails(Product, Result<ProductDetails, ServiceError>),
    /// The order POST finished.
    Placed {
        at: OffsetDateTime,
        result: Result<Placed, ServiceError>,
    },
    /// A tracked order changed.
    Track(TrackUpdate),
    /// An approve, reject or cancel finished.
    ActionDone {
        at: OffsetDateTime,
        order_id: i64,
        what: OrderAction,
        result: Result<(), ServiceError>,
    },
    /// A CSR file was read (or could not be).
    CsrFile(PathBuf, Result<String, String>),
    /// An export was written (or could not be).
    Exported(PathBuf, Result<(), String>),
    /// The runtime's monotonic clock, sent after every other message: drives the autosave.
    Clock(Instant),
    /// The autosave of the draft as it stood at `taken` finished (or failed) at `at`.
    Autosaved {
        taken: Instant,
        at: Instant,
        result: Result<(), String>,
    },
    /// The earlier autosave was kept as the named draft (`None`: there was none to keep).
    Archived(Result<Option<String>, String>),
    /// The journal's earlier attempts of the draft about to be sent, newest first.
    Earlier(Result<Vec<JournalEntry>, String>),
    /// The pre-flight check of the order about to be sent (`None`: it could not run).
    Preflight(
        crate::order::preflight::CheckedFor,
        Option<crate::order::preflight::Report>,
    ),
    /// Submitting an organization for document signing validation finished: what was done, in
    /// words, or why not.
    ValidationSubmitted {
        org: i64,
        result: Result<String, ServiceError>,
    },
    /// The list of saved profiles or drafts's list arrived (or could not be read).
    SavedListed(SavedKind, Result<Vec<SavedItem>, String>),
    /// A profile or draft was read to load into the form.
    Opened(Result<Opened, String>),
    /// A save, rename or delete on the list of saved profiles or drafts finished: what was done, or why not.
    SavedChanged(SavedKind, Result<String, String>),
    /// A write to the store failed; the message names what and why.
    StoreFailed(String),
    /// The files on disk were read at start (after the first frame).
    Started(Box<super::started::Started>),
    /// An issued order's provisioning method was read, with its install code when `want` asked
    /// for it (or the read failed).
    Delivery {
        order_id: i64,
        want: DeliveryTask,
        result: Result<(Provisioning, Option<InitCode>), ServiceError>,
    },
    /// A certificate download finished: checked and written, or why not.
    Downloaded {
        order_id: i64,
        result: Result<Downloaded, String>,
    },
    /// Why a waiting order waits, read for the order status it had (empty: not known).
    WhyWaits {
        order_id: i64,
        status: OrderStatus,
        lines: Vec<String>,
    },
    /// The account's certificates as the inventory stored them, and when they were listed
    /// (`None`: never), or why they could not be read.
    CertificatesStored {
        at: OffsetDateTime,
        result: Result<(Vec<Certificate>, Option<i64>), String>,
    },
    /// The account's certificates just listed from CertCentral, or why they could not be.
    CertificatesListed {
        at: OffsetDateTime,
        result: Result<Vec<Certificate>, String>,
    },
    /// The Order info of the selected account certificate's order, with whether the journal
    /// holds the CSR it was placed with (on this endpoint), or why it could not be read.
    AccountOrder {
        at: OffsetDateTime,
        order_id: i64,
        result: Result<(OrderInfo, bool), ServiceError>,
    },
    /// The Order info of an order to renew, or why it could not be read.
    RenewalInfo {
        order_id: i64,
        result: Result<OrderInfo, ServiceError>,
    },
}

impl Msg {
    /// Whether the screen may show something else once this message is taken. Not for the
    /// clock's tick or the autosave's clock (a spinner is drawn by the loop's own check), nor
    /// for an autosave that went well: the view never shows the autosave's state (one that
    /// failed says so). Each frame not drawn is a whole view not built, and a write less that
    /// could come just before a key's frame.
    pub fn may_change_screen(&self) -> bool {
        !matches!(
            self,
            Msg::Tick(_) | Msg::Clock(_) | Msg::Autosaved { result: Ok(()), .. }
        )
    }
}

/// Work the update function asks the runtime to do; each reports back as a [`Msg`].
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Fetch organizations, divisions, users and custom fields.
    LoadAccount,
    /// Fetch a product's details (server platforms, validity).
    LoadProduct(Product),
    /// Send through the ordering core: the journal checks for an earlier attempt the person
    /// has not `named` and records this one "sending" in one decision, then (only if that
    /// worked) the POST and its outcome. Emitted at most once per confirmed submit.
    PlaceOrder {
        product: Product,
        body: Box<OrderRequest>,
        attempt: Box<NewAttempt>,
        named: Vec<String>,
    },
    /// Read the journal's earlier attempts of this draft before asking to send it.
    CheckEarlier(Box<NewAttempt>),
    /// Run the pre-flight check of the order about to be sent, before asking.
    Preflight {
        product: Product,
        body: Box<OrderRequest>,
    },
    /// Submit an organization for document signing validation (asked first).
    SubmitValidation { org: i64 },
    /// Write the autosave with where the person is; `taken` is when this snapshot was taken.
    Autosave {
        draft: Box<Draft>,
        taken: Instant,
        position: crate::order::DraftPosition,
    },
    /// Write the autosave (and where the person is) before leaving; runs to the end before the
    /// wizard quits.
    SaveOnQuit(Box<Draft>, crate::order::DraftPosition),
    /// Keep the autosave as a named draft, so a new form loses nothing.
    ArchiveAutosave,
    /// Drop the autosave: its order was placed.
    DiscardAutosave,
    /// List the saved profiles of a kind, or the named drafts.
    ListSaved(SavedKind),
    /// Read a saved profile or draft to load it. Opening a draft replaces the whole form, so a
    /// form with typing in it is first saved as the named draft `keep` names.
    OpenSaved {
        kind: SavedKind,
        name: String,
        keep: Option<(String, Box<Draft>)>,
    },
    /// Save, rename or delete on the list of saved profiles or drafts.
    ChangeSaved(SavedKind, SavedChange),
    /// Follow an order until it is final.
    Track {
        order_id: i64,
        request_id: Option<i64>,
    },
    /// Approve, reject or cancel.
    Act {
        order_id: i64,
        request_id: Option<i64>,
        action: OrderAction,
    },
    /// Read a CSR from a file.
    ReadCsr(PathBuf),
    /// Write an export.
    WriteFile { path: PathBuf, contents: String },
    /// Read an issued order's provisioning method (`DeliveryTask::Method`) or its install code
    /// (`DeliveryTask::InitCode`) from order info.
    ReadDelivery { order_id: i64, want: DeliveryTask },
    /// Download an issued HSM order's certificate, check it against the CSR that was sent, and
    /// write it into the data folder.
    Download { order_id: i64 },
    /// Read why a waiting order waits (`ordering::waiting`).
    WhyWaits {
        order_id: i64,
        status: OrderStatus,
        request_id: Option<i64>,
    },
    /// Read the account's certificates from the inventory, then list them from CertCentral
    /// and store them.
    LoadCertificates,
    /// Read the selected account certificate's order (Order info, one call) to act on it, and
    /// whether the journal holds its CSR.
    ReadAccountOrder { order_id: i64 },
    /// Read an order's info to fill a renewal's form.
    ReadRenewal { order_id: i64 },
    /// Keep the form in progress as a named draft before a renewal replaces it.
    KeepDraft { name: String, draft: Box<Draft> },
    /// Put the install code on the clipboard: the runtime writes OSC 52 to the terminal.
    Copy(InitCode),
    /// Leave the wizard.
    Quit,
}
