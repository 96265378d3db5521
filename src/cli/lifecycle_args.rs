//! The command-line arguments of the certificate's life: `certificates`, `check`, `renew`,
//! `reissue` and `revoke` (their work is in `certificates`, `due`, `renew` and `revoke`).

use std::path::PathBuf;

use clap::Args;

use super::args::EndpointArgs;
use super::certificates::{ListOptions, certificates};
use super::due::{CheckOptions, DEFAULT_DAYS, check};
use super::renew::{RenewOptions, renew};
use super::revoke::{ReissueOptions, RevokeOptions, reissue, revoke};

/// `certwiz certificates`.
#[derive(Debug, Args)]
pub struct CertificatesArgs {
    /// Only the certificates due within DAYS days, as `check --days DAYS` counts them.
    #[arg(long, value_name = "DAYS")]
    pub expiring: Option<i64>,
    /// Only orders of this status (issued, revoked, pending, ...).
    #[arg(long, value_name = "S")]
    pub status: Option<String>,
    /// Print a JSON array of {order_id, certificate_id, product, subject, organization, status,
    /// valid_till, days_left, is_renewed}.
    #[arg(long)]
    pub json: bool,
    /// Print the listing stored by the last refresh without asking CertCentral.
    #[arg(long)]
    pub cached: bool,
}

/// `certwiz check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// A certificate is due when it expires within this many days (or expired in the last 7).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_DAYS)]
    pub days: i64,
    /// Print {endpoint, days, checked, due: [...]} as JSON.
    #[arg(long)]
    pub json: bool,
    /// Run CMD (with sh -c) once per due certificate, with CERTWIZ_EVENT (expiring or expired),
    /// CERTWIZ_ORDER_ID, CERTWIZ_CERTIFICATE_ID, CERTWIZ_PRODUCT, CERTWIZ_SUBJECT,
    /// CERTWIZ_ORGANIZATION, CERTWIZ_STATUS, CERTWIZ_VALID_TILL, CERTWIZ_DAYS_LEFT and
    /// CERTWIZ_ENDPOINT set, and no other variable but PATH, HOME, LANG, LC_ALL, TERM, USER,
    /// LOGNAME, TMPDIR and TZ (so never the API key). Its output goes to standard error; a
    /// failing command is reported and the others still run.
    #[arg(long, value_name = "CMD")]
    pub exec: Option<String>,
    /// Check the listing stored by the last refresh without asking CertCentral.
    #[arg(long)]
    pub cached: bool,
}

/// `certwiz renew`.
#[derive(Debug, Args)]
pub struct RenewArgs {
    /// The order to renew.
    #[arg(value_name = "ORDER_ID")]
    pub order_id: i64,
    /// The old order's body or draft; without it the form is filled from Order info, which may
    /// not give every field (then certwiz says which and asks for FILE).
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Place the renewal without asking.
    #[arg(long)]
    pub yes: bool,
    /// Send despite pre-flight warnings that need a yes (a missing or expired document signing
    /// validation, short funds); --yes alone then refuses (exit 5).
    #[arg(long)]
    pub accept_preflight: bool,
    /// Renew an order that was renewed (or may have been) before.
    #[arg(long)]
    pub allow_duplicate: bool,
    /// When CertCentral refuses the renewal (order_not_eligible_for_renewal,
    /// order_renewed_already), place the same order as a NEW order instead (not linked to the
    /// old one, billed as new). Only with --yes; without it a script is told the command and
    /// certwiz exits non-zero.
    #[arg(long, requires = "yes")]
    pub as_new_order_if_refused: bool,
    /// Renew as another product (e.g. an older document_signing_org_1 order as ds_org): the
    /// old order's form is moved there as `certwiz draft convert` does, and every change is said.
    #[arg(long, value_name = "ID")]
    pub product: Option<crate::order::Product>,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `certwiz reissue`.
#[derive(Debug, Args)]
pub struct ReissueArgs {
    /// The order whose certificate is reissued.
    #[arg(value_name = "ORDER_ID")]
    pub order_id: i64,
    /// A certificate request for the new key (checked first; a private key is refused).
    #[arg(long, value_name = "FILE")]
    pub csr: Option<PathBuf>,
    /// Send it without asking.
    #[arg(long)]
    pub yes: bool,
    /// Print CertCentral's answer as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `certwiz revoke`.
#[derive(Debug, Args)]
pub struct RevokeArgs {
    /// The order whose certificates are all revoked.
    #[arg(
        value_name = "ORDER_ID",
        required_unless_present = "certificate",
        conflicts_with = "certificate"
    )]
    pub order_id: Option<i64>,
    /// Revoke one certificate (by id) instead of the whole order.
    #[arg(long, value_name = "ID")]
    pub certificate: Option<i64>,
    /// Why; sent as the request's comments.
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    /// The ORDER_ID (or certificate ID) repeated, for scripts: without it certwiz asks to type it.
    #[arg(long, value_name = "ID")]
    pub confirm: Option<String>,
    /// Ask DigiCert to skip the administrator's approval (needs an administrator's key).
    #[arg(long)]
    pub skip_approval: bool,
    /// Print CertCentral's answer as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `certificates`.
pub fn run_certificates(a: CertificatesArgs, endpoint: &EndpointArgs) -> u8 {
    let options = ListOptions {
        expiring: a.expiring,
        status: a.status,
        json: a.json,
        cached: a.cached,
    };
    certificates(&options, endpoint)
}

/// Runs `check`.
pub fn run_check(a: CheckArgs, endpoint: &EndpointArgs) -> u8 {
    let options = CheckOptions {
        days: a.days,
        json: a.json,
        exec: a.exec,
        cached: a.cached,
    };
    check(&options, endpoint)
}

/// Runs `renew`.
pub fn run_renew(a: RenewArgs, endpoint: &EndpointArgs) -> u8 {
    let options = RenewOptions {
        order_id: a.order_id,
        file: a.file,
        yes: a.yes,
        accept_preflight: a.accept_preflight,
        allow_duplicate: a.allow_duplicate,
        as_new_order_if_refused: a.as_new_order_if_refused,
        json: a.json,
        product: a.product,
    };
    renew(&options, endpoint)
}

/// Runs `reissue`.
pub fn run_reissue(a: ReissueArgs, endpoint: &EndpointArgs) -> u8 {
    let options = ReissueOptions {
        order_id: a.order_id,
        csr: a.csr,
        yes: a.yes,
        json: a.json,
    };
    reissue(&options, endpoint)
}

/// Runs `revoke`.
pub fn run_revoke(a: RevokeArgs, endpoint: &EndpointArgs) -> u8 {
    let options = RevokeOptions {
        order_id: a.order_id,
        certificate_id: a.certificate,
        reason: a.reason,
        confirm: a.confirm,
        skip_approval: a.skip_approval,
        json: a.json,
    };
    revoke(&options, endpoint)
}
