//! The pre-flight check on the command line: `submit`, `submit --batch`, plain mode and
//! `validate --account` read CertCentral's answers (`api::client::preflight`), run the check
//! (`order::preflight`) and print its findings before asking. A warning that needs an explicit
//! yes (a missing or expired document signing validation, short funds) is not covered by
//! `--yes`: scripts pass `--accept-preflight`.

use std::io::{self, Write};

use super::exit;
use crate::api::Client;
use crate::order::preflight::{Level, Report};
use crate::order::{Draft, OrderRequest};

/// One order of a pre-flight: what it orders and from where.
pub struct Planned<'a> {
    pub draft: &'a Draft,
    pub request: &'a OrderRequest,
}

/// Runs the check for orders that share an organization and division (one order, or a batch
/// group), reading every answer it needs.
pub async fn check_orders(client: &Client, orders: &[Planned<'_>]) -> Option<Report> {
    let pairs: Vec<(crate::order::Product, &OrderRequest)> = orders
        .iter()
        .map(|o| (o.draft.product, o.request))
        .collect();
    client.preflight_report(&pairs).await
}

/// Runs the check for a batch: one report per organization and division, in the order first
/// met.
pub async fn check_batch(client: &Client, orders: &[Planned<'_>]) -> Vec<Report> {
    type Group<'a, 'b> = ((Option<i64>, Option<i64>), Vec<&'a Planned<'b>>);
    let mut groups: Vec<Group<'_, '_>> = Vec::new();
    for order in orders {
        let key = (
            order.request.organization_id(),
            order.request.container_id(),
        );
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, members)) => members.push(order),
            None => groups.push((key, vec![order])),
        }
    }
    let mut reports = Vec::new();
    for (_, members) in groups {
        let planned: Vec<Planned<'_>> = members
            .iter()
            .map(|m| Planned {
                draft: m.draft,
                request: m.request,
            })
            .collect();
        if let Some(report) = check_orders(client, &planned).await {
            reports.push(report);
        }
    }
    reports
}

/// Writes the findings worth showing (not the good ones), a line each, prefixed.
pub fn print(report: &Report, out: &mut impl Write, prefix: &str) -> io::Result<()> {
    for finding in report.notable() {
        writeln!(out, "{prefix}{}", finding.line())?;
    }
    Ok(())
}

/// Every finding, good ones included (`validate --account`).
pub fn print_all(report: &Report, out: &mut impl Write) -> io::Result<()> {
    for finding in &report.findings {
        writeln!(out, "pre-flight {}", finding.line())?;
    }
    Ok(())
}

/// How many of the findings [`print_all`] prints are warnings (those that need a yes too).
pub fn warning_count(report: &Report) -> usize {
    report
        .findings
        .iter()
        .filter(|f| matches!(f.level, Level::Warning | Level::NeedsYes))
        .count()
}

/// Whether sending may go on without a question about the warnings: `Err` with the exit code
/// when `--yes` was given without `--accept-preflight` for warnings that need a yes.
pub fn gate(reports: &[Report], yes: bool, accept: bool) -> Result<(), u8> {
    if !reports.iter().any(Report::needs_yes) {
        return Ok(());
    }
    if accept {
        errln!(
            "certwiz: --accept-preflight is given: the pre-flight warnings above do not stop the order"
        );
        return Ok(());
    }
    if yes {
        errln!(
            "certwiz: not placed: --yes does not cover the pre-flight warnings above; add --accept-preflight to send anyway"
        );
        return Err(exit::DECLINED);
    }
    Ok(())
}

/// Whether the question must be answered with a typed `yes` (warnings that need one, not
/// accepted on the command line).
pub fn strict(reports: &[Report], accept: bool) -> bool {
    !accept && reports.iter().any(Report::needs_yes)
}

/// The price for the confirmation: the one order's line, or a batch's total when every group
/// was priced in one currency.
pub fn price_line(reports: &[Report]) -> Option<String> {
    match reports {
        [one] => one.price_line(),
        many => {
            let totals: Vec<_> = many
                .iter()
                .map(|r| r.total.clone())
                .collect::<Option<_>>()?;
            let first = totals.first()?;
            if totals.iter().any(|t| t.currency != first.currency) {
                return None;
            }
            let sum = totals
                .iter()
                .try_fold(crate::order::preflight::money::Money::default(), |s, t| {
                    s.checked_add(t.money)
                })?;
            Some(format!(
                "{} in all",
                crate::order::preflight::money::Amount::new(sum, &first.currency)
            ))
        }
    }
}

/// The check before `submit`'s question: reads, prints the findings to stderr, and refuses
/// `--yes` alone when a warning needs a yes. The reports go on to the question.
pub async fn before_confirm(
    client: &Client,
    draft: &Draft,
    request: &OrderRequest,
    yes: bool,
    accept: bool,
) -> Result<Vec<Report>, u8> {
    let reports: Vec<Report> = check_orders(client, &[Planned { draft, request }])
        .await
        .into_iter()
        .collect();
    let mut err = io::stderr().lock();
    for report in &reports {
        let _ = print(report, &mut err, "pre-flight ");
    }
    drop(err);
    gate(&reports, yes, accept)?;
    Ok(reports)
}

/// What the question adds: the price line, and whether only a typed `yes` sends.
pub fn question(reports: &[Report], accept: bool) -> (Option<String>, bool) {
    (price_line(reports), strict(reports, accept))
}

/// The check of one draft, when it makes a request (`validate --account`).
pub async fn for_draft(client: &Client, draft: &Draft) -> Option<Report> {
    let request = draft.to_request().ok()?;
    check_orders(
        client,
        &[Planned {
            draft,
            request: &request,
        }],
    )
    .await
}

/// The findings as JSON: `[{"level", "topic", "field", "message", "todo"}]`, plus the price.
pub fn to_json(report: &Report) -> serde_json::Value {
    let findings: Vec<serde_json::Value> = report
        .findings
        .iter()
        .map(|f| {
            serde_json::json!({
                "level": match f.level {
                    crate::order::preflight::Level::NeedsYes => "needs_yes",
                    other => other.word(),
                },
                "topic": format!("{:?}", f.topic).to_ascii_lowercase(),
                "field": f.field.path(),
                "message": f.message,
                "todo": f.todo,
            })
        })
        .collect();
    serde_json::json!({
        "needs_yes": report.needs_yes(),
        "price": report.price_line(),
        "findings": findings,
    })
}

/// Plain mode's pre-flight, before its question: prints the findings, offers to submit a
/// missing or expired document signing validation (asked first; the check then runs again),
/// and gives the question with the price (`Place this order on X for USD 299.00 from balance
/// USD 5,000.00?`) and whether only a typed `yes` sends.
pub async fn plain_question<R: io::BufRead, W: Write>(
    form: &mut super::plain::form::Form<'_, R, W>,
    client: &Client,
    draft: &Draft,
    request: &OrderRequest,
    question: &str,
) -> Result<(String, bool), super::plain::form::Stop> {
    let mut report = check_orders(client, &[Planned { draft, request }]).await;
    let org = request.organization_id();
    let unvalidated = report.as_ref().is_some_and(|r| {
        r.findings.iter().any(|f| {
            f.topic == crate::order::preflight::Topic::Validation
                && f.level == crate::order::preflight::Level::NeedsYes
        })
    });
    if let Some(r) = &report {
        print(r, form.out(), "pre-flight ")?;
    }
    if let Some(org) = org.filter(|_| unvalidated)
        && form.confirm(&format!(
            "Submit organization {org} for document signing validation now?"
        ))?
    {
        let today = time::OffsetDateTime::now_utc().date();
        match crate::ordering::submit_ds(client, org, today).await {
            Ok(crate::ordering::DsSubmission::Submitted(_)) => {
                writeln!(
                    form.out(),
                    "organization {org} submitted for document signing validation"
                )?;
                report = check_orders(client, &[Planned { draft, request }]).await;
                if let Some(r) = &report {
                    print(r, form.out(), "pre-flight ")?;
                }
            }
            Ok(crate::ordering::DsSubmission::NotNeeded(list)) => writeln!(
                form.out(),
                "organization {org} has a {}: nothing submitted",
                crate::order::preflight::ds_summary(&list, today)
            )?,
            Err(e) => writeln!(form.out(), "certwiz: {e}")?,
        }
    }
    let reports: Vec<Report> = report.into_iter().collect();
    let (price, strict) = question_parts(&reports);
    let question = match price {
        Some(price) => format!("{} for {price}?", question.trim_end_matches('?')),
        None => question.to_owned(),
    };
    Ok((question, strict))
}

fn question_parts(reports: &[Report]) -> (Option<String>, bool) {
    question(reports, false)
}
