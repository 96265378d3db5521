//! What a person checks before paying: where the order goes, what it is, who it names, for which
//! organization, where the token ships, for how long and how it is paid. The Submit screen and
//! the question before sending both show these lines.

use crate::order::catalog::FieldId;
use crate::tui::app::Model;
use crate::tui::theme::count;

/// The summary's lines, each `Label: value`, labels padded to one width.
pub fn lines(model: &Model) -> Vec<(&'static str, String)> {
    let d = model.draft();
    let get = |field: FieldId| d.get(field).trim().to_owned();
    let mut out = vec![
        (
            "Endpoint",
            format!("{} ({})", model.endpoint().name(), model.endpoint().base),
        ),
        ("Product", d.product.label().to_owned()),
    ];
    if let Some(old) = model.form.renewal_of() {
        out.push(("Renews", format!("order {old}")));
    }
    if let Some((label, who)) = d.person() {
        out.push((label, who));
    }
    let account = model.account().ready();
    let org_id = get(FieldId::Organization);
    let org_name = account.and_then(|a| {
        a.organizations()
            .iter()
            .find(|o| o.id.to_string() == org_id)
            .and_then(|o| o.name.clone())
    });
    if d.names_organization() {
        out.push(("Organization", named(&org_id, org_name)));
    }
    let div_id = get(FieldId::Division);
    let div_name = account.and_then(|a| {
        a.containers()
            .iter()
            .find(|c| c.id.to_string() == div_id)
            .and_then(|c| c.name.clone())
    });
    if d.has_division() {
        out.push(("Division", named(&div_id, div_name)));
    }
    if model.ships_token() {
        // Country codes are typed in either case; they read as codes.
        let place: Vec<String> = [
            get(FieldId::ShipName),
            get(FieldId::ShipCity),
            get(FieldId::ShipCountry).to_uppercase(),
        ]
        .into_iter()
        .filter(|v| !v.is_empty())
        .collect();
        let to = if place.is_empty() {
            "the account's default address".to_owned()
        } else {
            place.join(", ")
        };
        out.push(("Token ships to", to));
    } else {
        out.push(("Provisioning", get(FieldId::Provisioning)));
    }
    let years: usize = d.get(d.validity_path()).trim().parse().unwrap_or(0);
    let validity = if years == 0 {
        "—".to_owned()
    } else {
        count(years, "year", "years")
    };
    out.push(("Validity", validity));
    // Not given (a renewal's form, read from Order info): the balance, as the command line and
    // plain mode say (the catalog's default); the line was empty.
    let payment = match get(FieldId::PaymentMethod) {
        p if p.is_empty() => "balance (default)".to_owned(),
        p => p,
    };
    out.push(("Payment", payment));
    out
}

/// The lines as text, the labels in one column.
pub fn text(model: &Model) -> Vec<String> {
    let lines = lines(model);
    let width = lines.iter().map(|(l, _)| l.len()).max().unwrap_or(0) + 1;
    lines
        .into_iter()
        .map(|(label, value)| format!("{:width$} {value}", format!("{label}:")))
        .collect()
}

/// `id · name`, or the id alone, or a dash.
fn named(id: &str, name: Option<String>) -> String {
    match (id.is_empty(), name) {
        (true, _) => "—".into(),
        (false, Some(name)) => format!("{id} · {name}"),
        (false, None) => id.to_owned(),
    }
}
