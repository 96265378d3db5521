//! The pre-flight check's types: what was read ([`Facts`], [`Read`]), the orders ([`Plan`]) and
//! what the check says ([`Report`], [`Finding`]). Re-exported by `order::preflight`.

use time::Date;

use super::answers::{self, Approvers, Balance, OrgValidation, OrgValidations};
use super::money::Amount;
use crate::order::OrderRequest;
use crate::order::catalog::FieldId;
use crate::order::model::PaymentMethod;

/// How close to its end a validation is called "expiring". DigiCert does not say how long
/// processing an order takes; 30 days is certwiz's own margin, not a DigiCert rule.
pub const EXPIRY_MARGIN_DAYS: i64 = 30;

/// One answer, as far as it could be read.
#[derive(Debug, Clone, PartialEq)]
pub enum Read<T> {
    Got(T),
    /// The call failed or its answer was not understood: why, in words.
    Unreadable(String),
    /// Not asked (it does not apply, such as the balance when paying by card).
    NotAsked,
}

impl<T> Read<T> {
    pub fn got(&self) -> Option<&T> {
        match self {
            Read::Got(value) => Some(value),
            _ => None,
        }
    }
}

/// What was read from CertCentral for one organization and division.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    pub validations: Read<OrgValidations>,
    pub approvers: Read<Approvers>,
    pub limits: Read<answers::ProductLimits>,
    pub balance: Read<Balance>,
    /// The price of each order of the plan, in the plan's order; `Got(None)` when CertCentral
    /// gave no price (an estimate of 0, the product not in the price list).
    pub prices: Vec<Read<Option<Amount>>>,
}

/// The orders about to be sent for one organization and division.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// DigiCert's product name id of the orders (`document_signing_org_1`).
    pub product: String,
    pub organization_id: Option<i64>,
    pub container_id: Option<i64>,
    /// Whether the orders are paid from the account balance (`payment_method` balance, the
    /// default).
    pub pays_from_balance: bool,
    /// How many orders (1, or a batch's rows).
    pub orders: usize,
    pub today: Date,
}

impl Plan {
    /// The plan of `orders` orders like `request` of `product` (a batch group shares its
    /// organization and division).
    pub fn for_request(product: &str, request: &OrderRequest, orders: usize, today: Date) -> Plan {
        Plan {
            product: product.to_owned(),
            organization_id: request.organization_id(),
            container_id: request.container_id(),
            pays_from_balance: pays_from_balance(request),
            orders,
            today,
        }
    }
}

/// Whether an order is paid from the balance: `payment_method` balance, or none (DigiCert's
/// default).
pub fn pays_from_balance(request: &OrderRequest) -> bool {
    request
        .payment_method()
        .is_none_or(|p| p == PaymentMethod::Balance.as_str())
}

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Checked, and fine.
    Good,
    /// Could not be checked, or worth knowing; never blocks.
    Note,
    /// The order may wait or be refused; shown before the question.
    Warning,
    /// Sending anyway needs an explicit yes (`--accept-preflight` in scripts).
    NeedsYes,
}

impl Level {
    pub fn word(self) -> &'static str {
        match self {
            Level::Good => "ok",
            Level::Note => "note",
            Level::Warning | Level::NeedsYes => "warning",
        }
    }
}

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    Validation,
    Approvers,
    ProductLimits,
    Price,
    Funds,
}

/// One line of the check: what it means, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub topic: Topic,
    pub level: Level,
    /// The form field it belongs to.
    pub field: FieldId,
    pub message: String,
    /// What to do about it, when something can be done.
    pub todo: Option<String>,
}

impl Finding {
    pub(super) fn new(topic: Topic, level: Level, field: FieldId, message: String) -> Finding {
        Finding {
            topic,
            level,
            field,
            message,
            todo: None,
        }
    }

    pub(super) fn todo(mut self, todo: impl Into<String>) -> Finding {
        self.todo = Some(todo.into());
        self
    }

    /// `warning: …; what to do`.
    pub fn line(&self) -> String {
        match &self.todo {
            Some(todo) => format!("{}: {}; {todo}", self.level.word(), self.message),
            None => format!("{}: {}", self.level.word(), self.message),
        }
    }
}

/// The whole check: its findings, and the price and funds it read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    /// The price of all the plan's orders, when every one was known in one currency.
    pub total: Option<Amount>,
    /// The funds available when paying from the balance, when read.
    pub funds: Option<Funds>,
}

/// What the balance offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Funds {
    Available(Amount),
    /// `unlimited_negative_balance`: no limit.
    Unlimited(Option<Amount>),
}

impl Report {
    /// True when sending needs an explicit yes.
    pub fn needs_yes(&self) -> bool {
        self.findings.iter().any(|f| f.level == Level::NeedsYes)
    }

    /// The findings that are worth showing before the question (not the good ones).
    pub fn notable(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.level != Level::Good)
    }

    /// The findings of one field.
    pub fn at(&self, field: FieldId) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.field == field)
    }

    /// The price for the confirmation: `USD 299.00 from balance USD 5,000.00` when both were
    /// read, `USD 299.00` when only the price was; none without a price.
    pub fn price_line(&self) -> Option<String> {
        let total = self.total.as_ref()?;
        Some(match &self.funds {
            Some(Funds::Available(funds)) => format!("{total} from balance {funds}"),
            Some(Funds::Unlimited(Some(balance))) => {
                format!("{total} from balance {balance} (no negative balance limit)")
            }
            Some(Funds::Unlimited(None)) => format!("{total} from balance (no limit)"),
            None => total.to_string(),
        })
    }
}

/// The first `ds` validation of the organization.
pub fn ds_validation(validations: &OrgValidations) -> Option<&OrgValidation> {
    validations.validations.iter().find(|v| {
        v.kind
            .as_deref()
            .is_some_and(|k| k.eq_ignore_ascii_case("ds"))
    })
}

/// The date part of an ISO 8601 timestamp (`2026-11-09T20:28:55+00:00` → 2026-11-09).
pub fn date_of(text: &str) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text.get(..10)?, &format).ok()
}

/// The values of one order a check was read for. A finding shown at a form's field holds only
/// while the values it depends on are unchanged ([`CheckedFor::holds`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedFor {
    pub product: String,
    pub organization_id: Option<i64>,
    pub container_id: Option<i64>,
    pub pays_from_balance: bool,
    pub years: Option<u8>,
}

impl CheckedFor {
    /// The values of `request`, an order of `product`.
    pub fn of(product: &str, request: &OrderRequest) -> CheckedFor {
        CheckedFor {
            product: product.to_owned(),
            organization_id: request.organization_id(),
            container_id: request.container_id(),
            pays_from_balance: pays_from_balance(request),
            years: request.validity(),
        }
    }

    /// Whether a finding on `topic` read for `self` still holds for the order `now`: the
    /// validation and approvers depend on the organization, the product limits on the product
    /// and division, the price on the product and validity, the funds on those and how it is
    /// paid.
    pub fn holds(&self, topic: Topic, now: &CheckedFor) -> bool {
        let org = self.organization_id == now.organization_id;
        let product = self.product == now.product;
        let division = self.container_id == now.container_id;
        let years = self.years == now.years;
        match topic {
            Topic::Validation | Topic::Approvers => org,
            Topic::ProductLimits => product && division,
            Topic::Price => product && years,
            Topic::Funds => {
                product && years && division && self.pays_from_balance == now.pays_from_balance
            }
        }
    }
}
