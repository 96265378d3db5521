//! Review's keys: go to a field, the next error, scroll the JSON, export it.

use std::path::PathBuf;

use ratatui::layout::Rect;

use crate::tui::app::{Model, PromptPurpose};
use crate::tui::layout;
use crate::tui::msg::Effect;
use crate::tui::navigation::{go_to, info, open_prompt};

/// Enter: goes to the selected field's screen and focuses it.
pub fn go_to_selected(model: &mut Model) {
    if let Some((screen, row)) = model.review_rows().get(model.review.selected).copied() {
        go_to(model, screen);
        if let Some(i) = model.rows(screen).iter().position(|r| *r == row) {
            model.put_focus(i);
            model.open_editor();
        }
    }
}

/// `n`: selects the next field with an error, or says there is none.
pub fn next_error(model: &mut Model) {
    let rows = model.review_rows();
    let len = rows.len();
    let next = (1..=len)
        .map(|d| (model.review.selected + d) % len.max(1))
        .find(|i| model.shown(rows[*i].1).iter().any(|d| d.is_error()));
    match next {
        Some(i) => model.review.selected = i,
        None => model.set_notice(Some(info("No field has an error".into()))),
    }
}

/// `e`: asks where to write the JSON body.
pub fn ask_export_json(model: &mut Model) {
    open_prompt(
        model,
        PromptPurpose::ExportJson,
        "Export the JSON body",
        "file to write",
        "certwiz-order.json",
    );
}

/// `c`: asks where to write the curl command. On the sandbox it says that the command calls
/// DigiCert itself (the sandbox's address ends with this run): run, it places a real order.
pub fn ask_export_curl(model: &mut Model) {
    let hint = if model.endpoint().live {
        "file to write; the key is read from $DIGICERT_API_KEY"
    } else {
        "file to write; it calls DigiCert itself (a real, billed order), key from $DIGICERT_API_KEY"
    };
    open_prompt(
        model,
        PromptPurpose::ExportCurl,
        "Export a curl command",
        hint,
        "certwiz-order.sh",
    );
}

/// The export prompt's answer: writes the body, or a curl command, to that file.
pub fn export(model: &Model, curl: bool, path: String) -> Vec<Effect> {
    let body = serde_json::to_string_pretty(&model.body()).unwrap_or_default();
    let contents = if curl {
        // The embedded sandbox's address ends with this run: a curl command kept in a file
        // names DigiCert's (as `certwiz preview --curl` does).
        let base = if model.endpoint().live {
            model.endpoint().base.clone()
        } else {
            crate::api::endpoint::BaseUrl::region(crate::api::endpoint::Region::default())
        };
        let url = base.order_url(model.draft().product);
        format!("{}\n", crate::export::curl_command(&url, &body))
    } else {
        format!("{body}\n")
    };
    // The notice names the file written: the whole path, not one relative to a folder the
    // person may not know (`~/` is expanded when written).
    let path = PathBuf::from(path);
    let path = if path.starts_with("~") {
        path
    } else {
        std::path::absolute(&path).unwrap_or(path)
    };
    vec![Effect::WriteFile { path, contents }]
}

/// The mouse wheel over Review scrolls the JSON, stopping at the end of the body so scrolling
/// back starts at once.
pub fn scroll_json(model: &mut Model, delta: i16) {
    let lines = serde_json::to_string_pretty(&model.body())
        .map(|t| t.lines().count())
        .unwrap_or(0) as u16;
    let areas = layout::areas(Rect::new(0, 0, model.size().0, model.size().1));
    let (_, pane) = layout::review_panes(areas.body);
    let max = lines.saturating_sub(pane.height.saturating_sub(2));
    model.review.json_scroll = model
        .review
        .json_scroll
        .saturating_add_signed(delta * 3)
        .min(max);
}
