//! The API's answers: lenient, every field but the order `id` optional, unknown fields kept in
//! `extra`, unknown status strings kept as they came.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::order::lenient;

/// The answer to placing an order.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderResponse {
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    pub organization: Option<Value>,
    #[serde(default, deserialize_with = "opt_list")]
    pub requests: Option<Vec<RequestSummary>>,
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub certificate_id: Option<i64>,
    /// Fields the documentation does not name, kept as they came.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl OrderResponse {
    /// The first request of the order, which is the approval request the wizard follows.
    pub fn first_request(&self) -> Option<&RequestSummary> {
        self.requests.as_deref().and_then(|r| r.first())
    }
}

/// A request as listed in an order or order-placement answer.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestSummary {
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub id: Option<i64>,
    pub status: Option<RequestStatus>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub date: Option<String>,
    #[serde(default, rename = "type", deserialize_with = "lenient::opt_text")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub comments: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /order/certificate/{order_id}`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderInfo {
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    pub status: Option<OrderStatus>,
    #[serde(default, deserialize_with = "opt_list")]
    pub requests: Option<Vec<RequestSummary>>,
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub certificate: Option<CertificateInfo>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub cs_provisioning_method: Option<String>,
    pub ship_info: Option<Value>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub hardware_init_code: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The `certificate` object of order info.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CertificateInfo {
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub id: Option<i64>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /request/{request_id}`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestInfo {
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    pub status: Option<RequestStatus>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub date: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub date_processed: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub processor_comment: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A list that may be missing, `null`, one object or a list; `None` only when missing or `null`.
fn opt_list<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Vec<RequestSummary>>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Null => None,
        other => Some(lenient::to_list(other)),
    })
}

/// One row of `GET /order/certificate/status-changes`: an order whose status changed in the
/// time asked about, with its status now. Read leniently: ids may be quoted, a row without a
/// readable `order_id` is skipped by [`StatusChangeList`].
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderStatusChange {
    #[serde(deserialize_with = "lenient::int")]
    pub order_id: i64,
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub certificate_id: Option<i64>,
    pub status: Option<OrderStatus>,
}

/// `GET /order/certificate/status-changes` answer. DigiCert answers `{}` when nothing changed
/// (docs/digicert-api-reference.md §13), so `orders` may be missing, `null` or one object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StatusChangeList {
    #[serde(default, deserialize_with = "lenient::list")]
    pub orders: Vec<OrderStatusChange>,
}

/// `GET /request` answer: one page of requests.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RequestList {
    /// The requests of this page.
    #[serde(default, deserialize_with = "lenient::list")]
    pub requests: Vec<RequestSummary>,
    /// The page description; informative only (see [`crate::order::account::more_pages`]).
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub page: Option<crate::order::account::Page>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

macro_rules! open_status {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(from = "String", into = "String")]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A status string the documentation does not list, kept as it came. It counts as
            /// still in progress.
            Other(String),
        }

        impl $name {
            /// The status as the API spells it.
            pub fn as_str(&self) -> &str {
                match self { $($name::$variant => $text,)+ $name::Other(s) => s }
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                match s.as_str() { $($text => $name::$variant,)+ _ => $name::Other(s) }
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $name::from(s.to_owned())
            }
        }

        impl From<$name> for String {
            fn from(s: $name) -> String {
                s.as_str().to_owned()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

open_status!(
    /// The status of an approval request.
    RequestStatus {
        Pending = "pending",
        Submitted = "submitted",
        Approved = "approved",
        Rejected = "rejected",
    }
);

impl RequestStatus {
    /// Whether the request has been decided.
    pub fn is_final(&self) -> bool {
        matches!(self, RequestStatus::Approved | RequestStatus::Rejected)
    }
}

open_status!(
    /// The status of an order.
    OrderStatus {
        NeedsApproval = "needs_approval",
        Pending = "pending",
        Processing = "processing",
        WaitingPickup = "waiting_pickup",
        ReissuePending = "reissue_pending",
        Issued = "issued",
        Rejected = "rejected",
        Canceled = "canceled",
        Expired = "expired",
        Revoked = "revoked",
    }
);

impl OrderStatus {
    /// Whether the order will not change any more.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            OrderStatus::Issued
                | OrderStatus::Rejected
                | OrderStatus::Canceled
                | OrderStatus::Expired
                | OrderStatus::Revoked
        )
    }

    /// Whether the order can still be canceled (documented: `pending` or `waiting_pickup`).
    pub fn is_cancelable(&self) -> bool {
        matches!(self, OrderStatus::Pending | OrderStatus::WaitingPickup)
    }
}
