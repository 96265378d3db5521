//! Submitting an organization for document signing (`ds`) validation: one use case for
//! `certwiz validation ORG_ID --submit`, plain mode and the wizard. Nothing is sent for an
//! organization whose ds validation is active or pending; a submission is recorded in the log
//! and the validations are read again, so what is shown is what CertCentral now says.

use crate::api::Client;
use crate::api::error::ApiError;
use crate::order::preflight::answers::OrgValidations;
use crate::order::preflight::{date_of, ds_validation};

/// What submitting did.
#[derive(Debug, Clone, PartialEq)]
pub enum DsSubmission {
    /// Sent and recorded; the validations as read afterwards.
    Submitted(OrgValidations),
    /// Not sent: the ds validation is active or pending (the validations as read).
    NotNeeded(OrgValidations),
}

impl DsSubmission {
    /// The validations as last read.
    pub fn validations(&self) -> &OrgValidations {
        match self {
            DsSubmission::Submitted(v) | DsSubmission::NotNeeded(v) => v,
        }
    }
}

/// Reads the organization's validations and, unless its ds validation is active or pending,
/// submits it (`POST /organization/{id}/validation`, sent once), records that in the log and
/// reads the validations again.
pub async fn submit_ds(
    client: &Client,
    org: i64,
    today: time::Date,
) -> Result<DsSubmission, ApiError> {
    let list = client.organization_validations(org).await?;
    if active_or_pending(&list, today) {
        return Ok(DsSubmission::NotNeeded(list));
    }
    client.submit_ds_validation(org).await?;
    tracing::info!("validation: organization {org} submitted for document signing validation");
    Ok(DsSubmission::Submitted(
        client.organization_validations(org).await?,
    ))
}

/// Whether the organization's ds validation is active and not past its end.
pub fn active(list: &OrgValidations, today: time::Date) -> bool {
    ds_validation(list).is_some_and(|ds| {
        ds.status.as_deref() == Some("active")
            && ds
                .validated_until
                .as_deref()
                .and_then(date_of)
                .is_none_or(|d| d >= today)
    })
}

/// Whether the ds validation is active, or pending (submitted, not done).
pub fn active_or_pending(list: &OrgValidations, today: time::Date) -> bool {
    active(list, today)
        || ds_validation(list).is_some_and(|ds| ds.status.as_deref() == Some("pending"))
}
