//! The pre-flight check of the form: every send question (the first, and a second send after an
//! earlier attempt) reads CertCentral's answers (validation, approvers, product limits, price,
//! funds) in the background and asks only once they are in, showing the findings and the price
//! before "yes". The last check read is also shown at its fields (the organization, division and
//! payment rows), only while the values it was read for hold. A check that cannot run adds
//! nothing; a check of one topic that cannot be read is one quiet note.

pub mod state;

pub use state::Preflight;
use state::{Checked, Waiting};

use crate::order::preflight::{CheckedFor, Level, Report, Topic};
use crate::order::validate::Diagnostic;
use crate::store::JournalEntry;
use crate::tui::app::{Model, SubmitState};
use crate::tui::msg::Effect;
use crate::tui::navigation::info;

/// What is said while a check is on its way.
const CHECKING: &str = "Checking the order with CertCentral (validation, approvers, price, funds)…";

/// The code of a pre-flight line at a field.
pub const CODE: &str = "preflight";

/// The values of the form as a check reads them; none when the form makes no body.
pub fn key_of(model: &Model) -> Option<CheckedFor> {
    model.checked_for()
}

/// Before a send question: starts the check, the question waiting for it with the earlier
/// attempts it names. `None` when the form makes no body (the question is asked without).
pub fn before_asking(model: &mut Model, earlier: Vec<JournalEntry>) -> Option<Vec<Effect>> {
    let request = model.request().ok()?;
    let key = CheckedFor::of(model.draft().product.name_id(), &request);
    model.submit.preflight.question = Some(Waiting {
        earlier,
        offered: false,
        said: Vec::new(),
    });
    Some(start(model, key, request))
}

/// On arriving at Submit: the check starts ahead of the question, in the background, so its
/// findings are on Submit and at their fields before Enter (the question still checks afresh).
/// Nothing when the form has errors or makes no body, when it was placed or is being sent, or
/// when a check for these values is on its way or was read already.
pub fn ahead(model: &mut Model) -> Vec<Effect> {
    if model.blocking_errors() > 0
        || !matches!(super::commands::state_now(model), SubmitState::Ready)
    {
        return Vec::new();
    }
    let Ok(request) = model.request() else {
        return Vec::new();
    };
    let key = CheckedFor::of(model.draft().product.name_id(), &request);
    let read = model.submit.preflight.read.as_ref().map(|r| &r.key);
    if model.submit.preflight.checking.as_ref() == Some(&key) || read == Some(&key) {
        return Vec::new();
    }
    model.submit.preflight.checking = Some(key);
    vec![Effect::Preflight {
        product: model.draft().product,
        body: Box::new(request),
    }]
}

/// What Submit says of the check before the question: that it is on its way, or its
/// findings and the price; nothing when none was read for the values in the form now.
pub fn on_submit(model: &Model) -> Vec<(String, bool)> {
    let now = key_of(model);
    if now.is_some() && model.submit.preflight.checking == now {
        return vec![(CHECKING.into(), false)];
    }
    let Some(report) = current(model) else {
        return Vec::new();
    };
    // The price first: on a short terminal the findings below it may not all fit.
    let mut lines: Vec<(String, bool)> = report
        .price_line()
        .map(|price| (format!("Price: {price}"), false))
        .into_iter()
        .collect();
    let before = lines.len();
    lines.extend(finding_lines(report).map(|(line, level)| (line, level != Level::Note)));
    if lines.len() == before {
        lines.push((
            "Pre-flight: validation, approvers, product limits and funds show nothing that would hold this order up.".into(),
            false,
        ));
    }
    lines
}

fn start(model: &mut Model, key: CheckedFor, request: crate::order::OrderRequest) -> Vec<Effect> {
    model.say(info(CHECKING.into()));
    if model.submit.preflight.checking.as_ref() == Some(&key) {
        return Vec::new();
    }
    model.submit.preflight.checking = Some(key);
    vec![Effect::Preflight {
        product: model.draft().product,
        body: Box::new(request),
    }]
}

/// Checks the form again for the question that waits (after the organization was submitted
/// for validation).
pub fn again(model: &mut Model) -> Vec<Effect> {
    let Ok(request) = model.draft().to_request() else {
        return Vec::new();
    };
    let key = CheckedFor::of(model.draft().product.name_id(), &request);
    model.submit.preflight.checking = None;
    start(model, key, request)
}

/// The check's answer for `key`: kept for the fields; the waiting question, when one waits for
/// it (the caller asks it now). An answer for values no longer being checked is dropped.
pub fn on_report(model: &mut Model, key: CheckedFor, report: Option<Report>) -> Option<Waiting> {
    if model.submit.preflight.checking.as_ref() != Some(&key) {
        return None;
    }
    model.submit.preflight.checking = None;
    let at_fields = report.as_ref().map(fields).unwrap_or_default();
    model.submit.preflight.read = Some(Checked {
        key,
        report,
        at_fields,
    });
    let waiting = model.submit.preflight.question.take();
    if waiting.is_some() {
        model.clear_notice();
    }
    waiting
}

/// The notable findings as lines at their fields: warnings as warnings, notes (a check that
/// could not be read) as quiet notes.
fn fields(report: &Report) -> Vec<(Topic, Diagnostic)> {
    report
        .notable()
        .map(|f| {
            let text = match &f.todo {
                Some(todo) => format!("Pre-flight: {}; {todo}", f.message),
                None => format!("Pre-flight: {}", f.message),
            };
            let d = match f.level {
                Level::Warning | Level::NeedsYes => Diagnostic::warning(f.field.path(), CODE, text),
                Level::Note | Level::Good => Diagnostic::info(f.field.path(), CODE, text),
            };
            (f.topic, d)
        })
        .collect()
}

/// The last check's report, when it was read for the values in the form now.
pub fn current(model: &Model) -> Option<&Report> {
    let read = model.submit.preflight.read.as_ref()?;
    (Some(&read.key) == key_of(model).as_ref())
        .then_some(read.report.as_ref())
        .flatten()
}

/// The organization to offer submitting for document signing validation: the check found its
/// validation missing or expired.
pub fn unvalidated(model: &Model) -> Option<i64> {
    let report = current(model)?;
    let needs = report
        .findings
        .iter()
        .any(|f| f.topic == Topic::Validation && f.level == Level::NeedsYes);
    needs.then(|| model.submit.preflight.read.as_ref()?.key.organization_id)?
}

/// The question's pre-flight part: its lines, and whether a warning needs the yes.
pub fn lines(model: &Model) -> (Vec<String>, bool) {
    let Some(report) = current(model) else {
        return (Vec::new(), false);
    };
    let mut lines: Vec<String> = finding_lines(report).map(|(line, _)| line).collect();
    if let Some(price) = report.price_line() {
        lines.push(format!("Price:          {price}"));
    }
    (lines, report.needs_yes())
}

/// The report's notable findings as the question and Submit say them, each with its level.
fn finding_lines(report: &Report) -> impl Iterator<Item = (String, Level)> + '_ {
    report
        .notable()
        .map(|f| (format!("Pre-flight {}", f.line()), f.level))
}
