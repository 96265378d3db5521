//! The pre-flight check before the Submit question: the first "send" of a form reads
//! CertCentral's answers (validation, approvers, product limits, price, funds) in the
//! background, and the question asks only once they are in, showing the findings and the price
//! before "yes". A check that cannot run adds nothing; the question is asked as before.
//! (A second send of the same form, after an earlier attempt, asks without it.)

use crate::order::preflight::Report;
use crate::tui::app::Model;
use crate::tui::msg::Effect;
use crate::tui::navigation::info;

/// Where the check of the form about to be sent stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Preflight {
    /// Not asked for this send.
    #[default]
    Idle,
    /// Reading CertCentral's answers; the question waits for them.
    Checking,
    /// Read (`None`: the check could not run); used by the next question, then dropped.
    Done(Option<Report>),
}

/// Before the first-send question: starts the check unless it is done, in which case the
/// question goes on (`None`).
pub fn before_asking(model: &mut Model) -> Option<Vec<Effect>> {
    match model.preflight {
        Preflight::Done(_) => return None,
        Preflight::Checking => return Some(Vec::new()),
        Preflight::Idle => {}
    }
    let request = model.draft.to_request().ok()?;
    model.preflight = Preflight::Checking;
    model.notice = Some(info(
        "Checking the order with CertCentral (validation, approvers, price, funds)…".into(),
    ));
    Some(vec![Effect::Preflight {
        product: model.draft.product,
        body: Box::new(request),
    }])
}

/// The check's answer: the question it was waiting for is asked now.
pub fn on_report(model: &mut Model, report: Option<Report>) -> Vec<Effect> {
    if model.preflight != Preflight::Checking {
        return Vec::new();
    }
    model.preflight = Preflight::Done(report);
    model.notice = None;
    super::update::on_earlier(model, Ok(Vec::new()))
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
