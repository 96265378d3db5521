//! `validate`, `preview` and `fields`: the catalog's rules, for scripts.

use std::io::{self, Write};

use serde::Serialize;

use super::args::{EndpointArgs, OrderFileArgs};
use super::{exit, remote};
use crate::api::endpoint::BaseUrl;
use crate::export::curl_command;
use crate::infile;
use crate::order::catalog;
use crate::order::convert::{Moved, read_input_as};
use crate::order::draft::Draft;
use crate::order::validate::{
    Context, Diagnostic, Severity, after_reading, has_errors, validate as check,
};

/// Reads FILE (or stdin for `-`) into a draft plus the problems found while reading it and
/// checking it offline. On failure prints why and returns the exit code.
pub(super) fn load(input: &OrderFileArgs) -> Result<(Draft, Vec<Diagnostic>), u8> {
    match read(input) {
        Ok((draft, read)) => {
            let checked = check(&draft, &Context::default());
            Ok((draft, after_reading(read, checked)))
        }
        Err(message) => {
            errln!("certwiz: {message}");
            Err(exit::USAGE)
        }
    }
}

/// Reads FILE into a draft plus the problems found while reading it (not checked yet), or says
/// why it could not be read, as a sentence.
fn read(input: &OrderFileArgs) -> Result<(Draft, Vec<Diagnostic>), String> {
    let shown = input.file.display().to_string();
    let text = if shown == "-" {
        infile::read_stdin_text(infile::Kind::Order)
            .map_err(|e| format!("cannot read standard input: {e}"))
    } else {
        infile::read_text(&input.file, infile::Kind::Order)
            .map_err(|e| format!("cannot read {shown}: {e}"))
    };
    let text = text?;
    let (draft, problems, moved) =
        read_input_as(&text, input.product).map_err(|e| format!("{shown}: {e}"))?;
    say_moved(&shown, &draft, moved.as_ref());
    Ok((draft, problems))
}

/// A saved draft read as another product than its own (`--product`) is moved there as `draft
/// convert` moves it: said, with each change (it was moved without a word).
pub(super) fn say_moved(shown: &str, draft: &Draft, moved: Option<&Moved>) {
    if let Some(moved) = moved {
        errln!(
            "certwiz: {shown} is a {} draft, read as {}:",
            moved.from,
            draft.product
        );
        for change in &moved.changes {
            errln!("  {}", change.line());
        }
    }
}

/// An error about the body as a whole (not an object, say), not about one of its fields.
fn is_whole_body_error(d: &Diagnostic) -> bool {
    d.path.is_empty() && d.is_error()
}

pub(super) fn summary(diagnostics: &[Diagnostic]) -> String {
    summary_with(diagnostics, 0)
}

/// [`summary`] counting `more_warnings` printed beside the diagnostics (the pre-flight's).
fn summary_with(diagnostics: &[Diagnostic], more_warnings: usize) -> String {
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    let (errors, warnings) = (
        count(Severity::Error),
        count(Severity::Warning) + more_warnings,
    );
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if errors == 0 {
        format!("valid ({})", plural(warnings, "warning"))
    } else {
        format!(
            "invalid: {}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        )
    }
}

#[derive(Serialize)]
struct Report<'a> {
    valid: bool,
    /// `null` when the file could not be read.
    product: Option<&'a str>,
    diagnostics: &'a [Diagnostic],
    /// With --account: the pre-flight findings (`super::preflight::to_json`).
    #[serde(skip_serializing_if = "Option::is_none")]
    preflight: Option<serde_json::Value>,
}

/// `certwiz validate`; with an endpoint, also against that account.
pub fn validate(input: &OrderFileArgs, json: bool, account: Option<&EndpointArgs>) -> u8 {
    let (draft, read_problems) = match read(input) {
        Ok(loaded) => loaded,
        Err(message) => {
            errln!("certwiz: {message}");
            if json {
                // A script reading stdout gets the same shape, with the reason.
                let unreadable = [Diagnostic::error("", "unreadable", message)];
                let report = Report {
                    valid: false,
                    product: None,
                    diagnostics: &unreadable,
                    preflight: None,
                };
                if let Ok(text) = serde_json::to_string_pretty(&report) {
                    outln!("{text}");
                }
            }
            return exit::USAGE;
        }
    };
    let mut preflight = None;
    let diagnostics = if let Some(endpoint) = account {
        let mut checked = None;
        let code = remote::block_on(async {
            let connection = match remote::open(endpoint).await {
                Ok(c) => c,
                Err(exit) => return exit.report(),
            };
            match super::account::read_for_orders(&connection.client, &[draft.product]).await {
                Ok(snapshot) => {
                    checked = Some(check(&draft, &snapshot.context(draft.product)));
                    preflight = super::preflight::for_draft(&connection.client, &draft).await;
                    exit::OK
                }
                Err(e) => remote::fail(&e),
            }
        });
        let Some(with_account) = checked else {
            return code;
        };
        // The offline checks are a subset of these.
        after_reading(read_problems, with_account)
    } else {
        let checked = check(&draft, &Context::default());
        after_reading(read_problems, checked)
    };
    let valid = !has_errors(&diagnostics);
    let mut out = io::stdout().lock();
    let written = if json {
        let report = Report {
            valid,
            product: Some(draft.product.name_id()),
            diagnostics: &diagnostics,
            preflight: preflight.as_ref().map(super::preflight::to_json),
        };
        serde_json::to_string_pretty(&report)
            .map_err(io::Error::other)
            .and_then(|text| writeln!(out, "{text}"))
    } else {
        // The summary comes last and counts every warning printed above it, the pre-flight's
        // too.
        let preflight_warnings = preflight
            .as_ref()
            .map_or(0, super::preflight::warning_count);
        diagnostics
            .iter()
            .try_for_each(|d| writeln!(out, "{d}"))
            .and_then(|()| match &preflight {
                Some(report) => super::preflight::print_all(report, &mut out),
                None => Ok(()),
            })
            .and_then(|()| {
                writeln!(
                    out,
                    "{}: {}",
                    draft.product,
                    summary_with(&diagnostics, preflight_warnings)
                )
            })
    };
    // Output nobody reads, or that cannot be written, is `say`'s to judge (and to say).
    crate::say::record(written);
    if valid { exit::OK } else { exit::INVALID }
}

/// `certwiz preview`.
pub fn preview(input: &OrderFileArgs, curl: bool, endpoint: &EndpointArgs) -> u8 {
    let (draft, diagnostics) = match load(input) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    for d in &diagnostics {
        errln!("{d}");
    }
    // A body that is wrong as a whole (a list, say) has no order in it: printing a body (`{}`)
    // or a curl command would show something that is not the file's order.
    if diagnostics.iter().any(is_whole_body_error) {
        let shown = match input.file.display().to_string() {
            dash if dash == "-" => "standard input".to_owned(),
            file => file,
        };
        errln!(
            "certwiz: {shown} holds no order body ({}); nothing to preview",
            summary(&diagnostics)
        );
        return exit::INVALID;
    }
    let valid = !has_errors(&diagnostics);
    if !valid {
        errln!(
            "certwiz: {}; this body would not be sent",
            summary(&diagnostics)
        );
    }
    let body = draft.to_body();
    let text = match serde_json::to_string_pretty(&body) {
        Ok(text) => text,
        Err(_) => return exit::USAGE,
    };
    let printed = if curl {
        let base = match endpoint.api_url.as_deref() {
            Some(url) => match BaseUrl::parse(url) {
                Ok(base) => base,
                Err(e) => {
                    errln!("certwiz: --api-url: {e}");
                    return exit::USAGE;
                }
            },
            None => BaseUrl::region(endpoint.region()),
        };
        curl_command(&base.order_url(draft.product), &text)
    } else {
        text
    };
    outln!("{printed}");
    if valid { exit::OK } else { exit::INVALID }
}

/// `certwiz fields`.
pub fn fields(markdown: bool, product: Option<crate::order::Product>) -> u8 {
    let mut out = io::stdout().lock();
    let written = match (markdown, product) {
        (true, Some(p)) => write!(out, "{}", catalog::markdown_reference(p)),
        (true, None) => write!(out, "{}", catalog::markdown_reference_all()),
        (false, _) => {
            let products: Vec<crate::order::Product> = match product {
                Some(p) => vec![p],
                None => crate::order::Product::ALL.to_vec(),
            };
            products.iter().try_for_each(|&p| {
                writeln!(out, "{p} ({})", p.label())?;
                catalog::fields(p).iter().try_for_each(|f| {
                    let required = f.requirement.describe();
                    writeln!(
                        out,
                        "  {:<46} {:<28} required: {required}\n  {:<46} {}",
                        f.path,
                        f.kind.describe(),
                        "",
                        f.help
                    )
                })?;
                writeln!(out)
            })
        }
    };
    crate::say::record(written);
    exit::OK
}
