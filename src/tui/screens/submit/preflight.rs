//! The pre-flight check before the Submit question: the first "send" of a form reads
//! CertCentral's answers (validation, approvers, product limits, price, funds) in the
//! background, and the question asks only once they are in, showing the findings and the price
//! before "yes". A check that cannot run adds nothing; the question is asked as before.
//! (A second send of the same form, after an earlier attempt, asks without it.)

pub mod state;

pub use state::Preflight;

use crate::order::preflight::Report;
use crate::tui::app::Model;
use crate::tui::msg::Effect;
use crate::tui::navigation::info;

/// Before the first-send question: starts the check unless it is done, in which case the
/// question goes on (`None`).
pub fn before_asking(model: &mut Model) -> Option<Vec<Effect>> {
    match model.preflight {
        Preflight::Done(_) => return None,
        Preflight::Checking => return Some(Vec::new()),
        Preflight::Idle => {}
    }
    let request = model.request().ok()?;
    model.preflight = Preflight::Checking;
    model.notice = Some(info(
        "Checking the order with CertCentral (validation, approvers, price, funds)…".into(),
    ));
    Some(vec![Effect::Preflight {
        product: model.draft.product,
        body: Box::new(request),
    }])
}

/// The check's answer; true when the question was waiting for it (the caller asks it now).
pub fn on_report(model: &mut Model, report: Option<Report>) -> bool {
    if model.preflight != Preflight::Checking {
        return false;
    }
    model.preflight = Preflight::Done(report);
    model.notice = None;
    true
}

/// The question's pre-flight part, taken from the model (the next send checks again): its
/// lines, and whether a warning needs the yes.
pub fn take_lines(model: &mut Model) -> (Vec<String>, bool) {
    let Preflight::Done(Some(report)) = std::mem::take(&mut model.preflight) else {
        return (Vec::new(), false);
    };
    let mut lines: Vec<String> = report
        .notable()
        .map(|f| format!("Pre-flight {}", f.line()))
        .collect();
    if let Some(price) = report.price_line() {
        lines.push(format!("Price:          {price}"));
    }
    (lines, report.needs_yes())
}
