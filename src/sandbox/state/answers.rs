//! What a stored order answers to the documented calls: placing it, Order info and Request
//! info, as DigiCert documents them, built from the body as received.

use std::time::Duration;

use serde_json::{Value, json};
use time::OffsetDateTime;

use super::{StoredOrder, Verdict, rfc3339};
use crate::order::OrderStatus;
use crate::order::catalog::{FieldId, ObjectId};
use crate::order::model::ProvisioningMethod;

impl StoredOrder {
    /// The answer to placing it, as documented.
    pub fn placement_answer(&self) -> Value {
        json!({ "id": self.id, "requests": [{ "id": self.request_id, "status": "pending" }] })
    }

    /// The provisioning method as sent; an order that names none is treated as a shipped token.
    pub fn provisioning(body: &Value) -> &str {
        body.get(FieldId::Provisioning.path())
            .and_then(Value::as_str)
            .unwrap_or(ProvisioningMethod::ShipToken.as_str())
    }

    /// Whether the order's certificate goes on a token, which then needs an init code.
    fn on_token(body: &Value) -> bool {
        matches!(
            ProvisioningMethod::parse(Self::provisioning(body)),
            Some(ProvisioningMethod::ShipToken | ProvisioningMethod::ClientApp)
        )
    }

    /// A part of the stored body, by its catalog path.
    fn part(body: &Value, path: &str) -> Option<Value> {
        body.get(path).cloned()
    }

    /// `GET /order/certificate/{id}`.
    pub fn order_info(&self, now: OffsetDateTime, step: Duration) -> Value {
        let status = self.order_status(now, step);
        let request_status = self.request_status(now, step);
        let body = self.body.value();
        let mut info = json!({
            "id": self.id,
            "status": status.as_str(),
            "date_created": rfc3339(self.placed_at),
            "product": { "name_id": self.product.name_id() },
            "organization": Self::part(&body, ObjectId::Organization.path()).unwrap_or(Value::Null),
            "requests": [{
                "id": self.request_id,
                "date": rfc3339(self.placed_at),
                "type": "new_request",
                "status": request_status.as_str(),
                "comments": Self::part(&body, FieldId::Comments.path()).unwrap_or(json!("")),
            }],
            "cs_provisioning_method": Self::provisioning(&body),
        });
        // As Order info documents it (docs/digicert-api-reference.md §2): the certificate object
        // is there from the start, with its platform and hash; its id once issued.
        let mut certificate = Self::part(&body, ObjectId::Certificate.path()).unwrap_or(json!({}));
        if certificate.get("server_platform").is_none() {
            certificate["server_platform"] = json!({ "id": -1, "name": "OTHER" });
        }
        info["certificate"] = certificate;
        for key in [
            FieldId::ValidityYears.path(),
            ObjectId::OrderValidity.path(),
            ObjectId::OrganizationContact.path(),
            ObjectId::Container.path(),
            ObjectId::ShipInfo.path(),
        ] {
            if let Some(value) = body.get(key) {
                info[key] = value.clone();
            }
        }
        if status == OrderStatus::Issued {
            info["certificate"]["id"] = json!(self.certificate_id);
            if Self::on_token(&body) {
                info["hardware_init_code"] = json!(super::install_code(self.certificate_id));
            }
        }
        info
    }

    /// `GET /request/{id}`.
    pub fn request_info(&self, now: OffsetDateTime, step: Duration) -> Value {
        let body = self.body.value();
        let mut info = json!({
            "id": self.request_id,
            "date": rfc3339(self.placed_at),
            "type": "new_request",
            "status": self.request_status(now, step).as_str(),
            "order": { "id": self.id, "product": { "name_id": self.product.name_id() } },
            "comments": Self::part(&body, FieldId::Comments.path()).unwrap_or(json!("")),
        });
        if let Some(at) = self.processed_at(now, step) {
            info["date_processed"] = json!(rfc3339(at));
        }
        if let Some(comment) = self.decision.as_ref().and_then(|d| d.comment.as_ref())
            && self.decision.as_ref().map(|d| d.verdict) != Some(Verdict::Canceled)
        {
            info["processor_comment"] = json!(comment);
        }
        info
    }
}
