//! `certwiz validation ORG_ID [--submit]`: an organization's validations, and submitting it for
//! document signing validation (`ds`), which DigiCert needs before it issues a document signing
//! certificate. The submission is recorded in the log.

use serde_json::json;

use super::args::EndpointArgs;
use super::{exit, remote};
use crate::order::preflight::answers::OrgValidations;
use crate::order::preflight::{date_of, ds_summary};
use crate::ordering::{active, active_or_pending};

/// `certwiz validation`.
pub fn validation(org: i64, submit: bool, json: bool, endpoint: &EndpointArgs) -> u8 {
    remote::block_on(async {
        let connection = match remote::open(endpoint).await {
            Ok(c) => c,
            Err(exit) => return exit.report(),
        };
        let client = &connection.client;
        let today = time::OffsetDateTime::now_utc().date();
        let (list, submitted) = if submit {
            match crate::ordering::submit_ds(client, org, today).await {
                Ok(crate::ordering::DsSubmission::Submitted(list)) => (list, true),
                Ok(crate::ordering::DsSubmission::NotNeeded(list)) => {
                    errln!(
                        "certwiz: organization {org} has a {}: nothing submitted",
                        ds_summary(&list, today)
                    );
                    (list, false)
                }
                Err(e) => return remote::fail(&e),
            }
        } else {
            match client.organization_validations(org).await {
                Ok(list) => (list, false),
                Err(e) => return remote::fail(&e),
            }
        };
        print(org, &list, submitted, json, today);
        if active(&list, today) || submitted {
            exit::OK
        } else {
            exit::INVALID
        }
    })
}

fn print(org: i64, list: &OrgValidations, submitted: bool, json: bool, today: time::Date) {
    if json {
        let out = json!({
            "organization_id": org,
            "ds": ds_summary(list, today),
            "submitted": submitted,
            "validations": list.validations,
        });
        outln!("{out:#}");
        return;
    }
    if submitted {
        outln!("organization {org} submitted for document signing validation");
    }
    outln!("organization {org}: {}", ds_summary(list, today));
    for v in &list.validations {
        let kind = v.kind.as_deref().unwrap_or("?");
        let name = v.description.as_deref().or(v.name.as_deref()).unwrap_or("");
        let status = v.status.as_deref().unwrap_or("status not given");
        let until = v
            .validated_until
            .as_deref()
            .and_then(date_of)
            .map(|d| format!(" until {d}"))
            .unwrap_or_default();
        outln!("  {kind:<6} {status}{until}  {name}");
    }
    if !submitted && !active_or_pending(list, today) {
        outln!("submit it for document signing validation: certwiz validation {org} --submit");
    }
}
