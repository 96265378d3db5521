//! What the journal holds: each attempt ([`JournalEntry`]), what is known before sending
//! ([`NewAttempt`]), the statuses seen after ([`StatusChange`]), and the fingerprint that
//! recognises the same draft sent again.

use ring::digest::{SHA256, digest};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;

use crate::order::{Draft, EndpointKind, OrderStatus, Product, RequestStatus};
use crate::store::attempt_state::AttemptState;

/// The version of the journal format this build writes.
pub const JOURNAL_FORMAT_VERSION: u32 = 1;

/// A hash of the product and the exact body sent, to recognise the same draft submitted again.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Fingerprint(String);

impl Fingerprint {
    /// The fingerprint of a body about to be sent for a product: "the same order" after
    /// normalisation (see `fingerprint.rs`: the case of emails and country codes, the two
    /// validity forms, trimmed text, key order), so a near-duplicate is caught like an exact one.
    pub fn of(product: Product, body: &Value) -> Self {
        let normal = super::fingerprint::normalised(body);
        Fingerprint::hash(&format!("{}\n{normal}", product.name_id()))
    }

    /// The fingerprint certwiz wrote before the normalisation (the exact body), still matched
    /// against journals imported from those versions.
    pub fn exact(product: Product, body: &Value) -> Self {
        Fingerprint::hash(&format!("{}\n{body}", product.name_id()))
    }

    fn hash(text: &str) -> Self {
        let hex: String = digest(&SHA256, text.as_bytes())
            .as_ref()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Fingerprint(format!("sha256:{hex}"))
    }

    /// The fingerprint of a draft's body.
    pub fn of_draft(draft: &Draft) -> Self {
        Fingerprint::of(draft.product, &draft.to_body())
    }

    /// The text form, `sha256:<hex>`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One observed status of a placed order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_status: Option<OrderStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_status: Option<RequestStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_id: Option<i64>,
}

impl StatusChange {
    /// Whether the order will not change any more: the request decided, or the order final.
    pub fn is_final(&self) -> bool {
        self.order_status
            .as_ref()
            .is_some_and(OrderStatus::is_final)
            || self
                .request_status
                .as_ref()
                .is_some_and(RequestStatus::is_final)
    }

    /// Whether both say the same (the time aside).
    pub fn same_status(&self, other: &StatusChange) -> bool {
        (
            &self.order_status,
            self.request_id,
            &self.request_status,
            self.certificate_id,
        ) == (
            &other.order_status,
            other.request_id,
            &other.request_status,
            other.certificate_id,
        )
    }
}

/// What is known before an order is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttempt {
    pub product: Product,
    pub fingerprint: Fingerprint,
    /// The exact-body fingerprint earlier versions journaled, matched too.
    pub exact_fingerprint: Option<Fingerprint>,
    pub endpoint: EndpointKind,
    /// The API base URL (any user name or password in it is not kept).
    pub base_url: String,
    /// One line for lists, such as the draft's summary.
    pub label: String,
    /// The key of the CSR sent, when there is one (see [`crate::delivery::csr_key`]).
    pub csr_key: Option<String>,
    /// The batch row this attempt places, for `submit --batch`.
    pub batch: Option<BatchRef>,
}

/// Which row of which batch file an attempt places (`certwiz submit --batch`), so `--resume`
/// never places a row twice.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BatchRef {
    /// The batch's id: a hash of the file's bytes.
    pub id: String,
    /// The row, 1-based among the data rows.
    pub row: usize,
}

impl NewAttempt {
    /// The attempt to send a draft to an endpoint.
    pub fn for_draft(draft: &Draft, endpoint: EndpointKind, base_url: &str) -> Self {
        let body = draft.to_body();
        let csr_key = body
            .pointer("/certificate/csr")
            .and_then(Value::as_str)
            .and_then(|csr| crate::delivery::csr_key(csr).ok());
        NewAttempt {
            csr_key,
            product: draft.product,
            fingerprint: Fingerprint::of(draft.product, &body),
            exact_fingerprint: Some(Fingerprint::exact(draft.product, &body)),
            endpoint,
            base_url: base_url.to_owned(),
            label: crate::store::drafts::summary(draft),
            batch: None,
        }
    }

    /// The attempt to renew order `old` with a draft (`certwiz renew`). A renewal is known by
    /// the order it renews, not by its form: every renewal of `old` has one fingerprint, so the
    /// journal's one check before sending stops a second renewal of the same order (two `renew`
    /// runs at once, or one after another) whatever either form says, and the draft that placed
    /// the old order is not taken for it. No exact-body fingerprint: no earlier certwiz journaled
    /// renewals.
    pub fn for_renewal(draft: &Draft, old: i64, endpoint: EndpointKind, base_url: &str) -> Self {
        let mut attempt = NewAttempt::for_draft(draft, endpoint, base_url);
        attempt.fingerprint = Fingerprint::of(
            draft.product,
            &serde_json::json!({ "renewal_of_order_id": old }),
        );
        attempt.exact_fingerprint = None;
        attempt.label = format!("renewal of order {old}: {}", attempt.label);
        attempt
    }

    /// A new order placed after CertCentral refused to renew order `old`: known to the journal
    /// as the renewals of `old` are (one fingerprint), so it and a renewal of `old` are never
    /// both placed without a person naming the other; labelled as what it is, a new order.
    pub fn instead_of_renewal(
        draft: &Draft,
        old: i64,
        endpoint: EndpointKind,
        base_url: &str,
    ) -> Self {
        let mut attempt = NewAttempt::for_renewal(draft, old, endpoint, base_url);
        attempt.label = format!(
            "new order in place of renewing order {old}: {}",
            crate::store::drafts::summary(draft)
        );
        attempt
    }
}

/// One order attempt and everything learnt about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// A local id, unique on this machine, known before DigiCert gives an order id.
    pub attempt_id: String,
    pub product: Product,
    pub fingerprint: Fingerprint,
    pub endpoint: EndpointKind,
    pub base_url: String,
    #[serde(default)]
    pub label: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub state: AttemptState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub request_ids: Vec<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_id: Option<i64>,
    /// Why the outcome is unknown, or why it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Every status seen, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<StatusChange>,
    /// The SHA-256 of the public key of the CSR sent, when one was: a downloaded certificate
    /// must carry this key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csr_key: Option<String>,
    /// When the order reached a final status.
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub final_at: Option<OffsetDateTime>,
    /// The batch row this attempt places; absent for a single order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<BatchRef>,
}

impl JournalEntry {
    /// Whether the order reached a final status.
    pub fn is_final(&self) -> bool {
        self.final_at.is_some()
    }

    /// The latest status seen.
    pub fn latest(&self) -> Option<&StatusChange> {
        self.history.last()
    }

    /// Whether submitting the same draft again needs a confirmation naming this attempt: it was
    /// placed, or may have been.
    pub fn blocks_resubmit(&self) -> bool {
        self.state != AttemptState::Failed
    }
}

impl JournalEntry {
    /// Records a status seen for this attempt's order: the certificate id once it comes, the
    /// time the order became final (once), and the change in its history.
    pub(super) fn push_status(&mut self, change: StatusChange) {
        if change.certificate_id.is_some() {
            self.certificate_id = change.certificate_id;
        }
        if change.is_final() && self.final_at.is_none() {
            self.final_at = Some(change.at);
        }
        self.history.push(change);
    }
}
