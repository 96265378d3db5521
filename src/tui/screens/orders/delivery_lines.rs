//! An issued order's delivery as Orders shows it, on either list: what to do next for its
//! provisioning method, the install code shown, a download's file or error.

use ratatui::text::{Line, Span};

use super::{DeliveryTask, Provisioning};
use crate::tui::app::{Model, TrackedOrder};
use crate::tui::theme::{ERROR_MARK, OK_MARK};

/// What to do next with an issued order, for its provisioning method, and where its delivery
/// stands: the install code shown, a download's file or error. On Orders only (its keys work
/// there).
pub fn delivery(model: &Model, order: &TrackedOrder, inner: usize) -> Vec<Line<'static>> {
    let t = model.theme();
    if !order.is_issued() {
        return Vec::new();
    }
    let d = &order.delivery;
    let mut lines = Vec::new();
    // c copies the code only once i has shown it.
    let code_keys = match d.init_code {
        Some(_) => "c copies it, i hides it",
        None => "i shows it; then c copies it",
    };
    let next = match &d.provisioning {
        Some(Provisioning::ShipToken) => Some(format!(
            "DigiCert ships a token to the shipping address; once it arrives, install the \
             certificate on it with the install code ({code_keys})"
        )),
        Some(Provisioning::ClientApp) => Some(format!(
            "install the certificate on your token with DigiCert's hardware certificate \
             installer and the install code ({code_keys})"
        )),
        Some(Provisioning::Email) if d.no_csr_here => Some(format!(
            "DigiCert emails the certificate for your HSM; it was not ordered from here, so \
             certwiz download {} --csr FILE downloads it and checks it against your CSR",
            order.order_id
        )),
        Some(Provisioning::Email) => Some(
            "DigiCert emails the certificate for your HSM; d downloads it now, checks it \
             against your CSR and writes it into certwiz's data folder"
                .to_owned(),
        ),
        Some(Provisioning::Other(method)) if d.no_csr_here => Some(format!(
            "see DigiCert's instructions for provisioning method {method:?}"
        )),
        Some(Provisioning::Other(method)) => Some(format!(
            "see DigiCert's instructions for provisioning method {method:?}; d tries to \
             download the certificate"
        )),
        None => None,
    };
    if let Some(next) = next {
        lines.push(Line::from(vec![
            Span::styled("Next: ", t.title),
            Span::raw(next),
        ]));
    }
    let spinner = crate::tui::theme::spinner(model.ticks());
    match d.busy {
        Some(DeliveryTask::Method) => lines.push(Line::styled(
            format!("{spinner} reading how it is delivered"),
            t.dim,
        )),
        Some(DeliveryTask::InitCode) => lines.push(Line::styled(
            format!("{spinner} reading the install code"),
            t.warning,
        )),
        Some(DeliveryTask::Download) => lines.push(Line::styled(
            format!("{spinner} downloading and checking the certificate"),
            t.warning,
        )),
        None => {}
    }
    if let Some(code) = &d.init_code {
        lines.push(Line::from(vec![
            Span::styled("install code: ", t.title),
            Span::styled(code.reveal().to_owned(), t.ok),
            Span::styled(" (hidden when you leave this order)", t.dim),
        ]));
    }
    match &d.downloaded {
        Some(Ok(file)) => {
            lines.push(Line::styled(
                format!(
                    "{OK_MARK} {} certificate{}, the first for the CSR's key, saved in certwiz's data folder:",
                    file.certificates,
                    if file.certificates == 1 { "" } else { "s" }
                ),
                t.ok,
            ));
            // A path wrapped inside the box cannot be selected cleanly: one line, cut at the
            // front with `…` when it is wider (the file name stays), and printed whole on quitting.
            let path = file.path.display().to_string();
            if crate::tui::view::fit::width(&path) <= inner {
                lines.push(Line::raw(path));
            } else {
                let tail: String = {
                    let mut kept: Vec<char> = Vec::new();
                    let mut used = 1;
                    for c in path.chars().rev() {
                        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                        if used + w > inner {
                            break;
                        }
                        used += w;
                        kept.push(c);
                    }
                    kept.into_iter().rev().collect()
                };
                lines.push(Line::raw(format!("…{tail}")));
                lines.push(Line::styled(
                    "(the whole path is printed when certwiz quits)",
                    t.dim,
                ));
            }
            if !file.linked {
                lines.push(Line::styled(
                    "the certificates are not each signed by the next one: check the chain",
                    t.warning,
                ));
            }
        }
        Some(Err(why)) => lines.push(Line::styled(
            format!("{ERROR_MARK} not downloaded: {why}"),
            t.error,
        )),
        None => {}
    }
    if let Some(e) = &d.error {
        lines.push(Line::styled(
            format!("{ERROR_MARK} how it is delivered could not be read: {e} (i or d try anyway)"),
            t.error,
        ));
    }
    lines
}
