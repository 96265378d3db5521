//! `certwiz renew ORDER_ID [FILE]`: a new order of the old order's product carrying
//! `renewal_of_order_id`, otherwise an ordinary order: checked against the catalog and the
//! account, confirmed, journaled before it is sent and placed once through the ordering core
//! (`submit::place`, `ordering::send`). A renewal is known to the journal by the order it renews
//! ([`NewAttempt::for_renewal`]), so a second renewal of the same order is refused before sending
//! unless `--allow-duplicate`: asked before the confirmation, and decided again in the journal's
//! one transaction at the moment of sending (two `renew` runs at once place one order). `renewal_of_order_id` and the refusals
//! `order_not_eligible_for_renewal` and `order_renewed_already` are known from public clients
//! (riboseinc/digicert, Infisical), not from DigiCert's pages. A refusal
//! (`ordering::renewal::Refused`, the wizard's words too) is explained, and a new order is placed
//! instead only on a yes at the terminal or with `--yes --as-new-order-if-refused`.

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::PathBuf;

use super::args::{EndpointArgs, OrderFileArgs};
use super::exit::Exit;
use super::submit::{self, SubmitOptions};
use super::{check, exit, profile, remote};
use crate::api::Client;
use crate::order::model::OrderInfo;
use crate::order::validate::{Context, validate};
use crate::order::{Draft, Product, convert};
use crate::ordering::{self, renewal, renewal::NotRenewable};
use crate::store::{AttemptState, JournalEntry, NewAttempt, Store};

/// What `certwiz renew` was asked.
#[derive(Debug, Clone)]
pub struct RenewOptions {
    pub order_id: i64,
    /// The old order's file (a body or a draft); else the form is filled from Order info.
    pub file: Option<PathBuf>,
    pub yes: bool,
    /// Send despite pre-flight warnings that need a yes.
    pub accept_preflight: bool,
    pub allow_duplicate: bool,
    /// CertCentral's refusal of the renewal places it as a new order (with `yes`).
    pub as_new_order_if_refused: bool,
    pub json: bool,
    /// The renewal's product, when not the old order's.
    pub product: Option<Product>,
}

/// `certwiz renew`.
pub fn renew(options: &RenewOptions, endpoint: &EndpointArgs) -> u8 {
    if !options.yes && !io::stdin().is_terminal() {
        errln!(
            "certwiz: refusing to renew without confirmation: standard input is not a terminal; pass --yes to confirm"
        );
        return exit::USAGE;
    }
    let store = match profile::open_store() {
        Ok(store) => store,
        Err(exit) => return exit.report(),
    };
    let code = remote::block_on(async {
        let connection = match remote::open(endpoint).await {
            Ok(c) => c,
            Err(exit) => return exit.report(),
        };
        match run(options, &connection.client, &store).await {
            Ok(()) => exit::OK,
            Err(code) => code,
        }
    });
    profile::report_set_aside(&store);
    code
}

async fn run(options: &RenewOptions, client: &Client, store: &Store) -> Result<(), u8> {
    let old = options.order_id;
    let info = client.order_info(old).await.map_err(|e| remote::fail(&e))?;
    let product = product_of(&info)?;
    let (draft, diagnostics) = match &options.file {
        Some(file) => {
            // A bare body is read as the old order's product; one that is not such a body but
            // is one of --product's is read as that product's.
            let load = |as_product: Product| {
                check::load(&OrderFileArgs {
                    file: file.clone(),
                    product: Some(as_product),
                })
            };
            let (mut draft, mut diagnostics) = load(product)?;
            if let Some(other) = options.product.filter(|p| *p != product)
                && diagnostics.iter().any(|d| d.code == "unknown_field")
            {
                (draft, diagnostics) = load(other)?;
            }
            if draft.product != product && Some(draft.product) != options.product {
                errln!(
                    "certwiz: {} is a draft for {}, but order {old} is {product}; a renewal keeps the old order's product unless --product names another",
                    file.display(),
                    draft.product
                );
                return Err(exit::USAGE);
            }
            (draft, diagnostics)
        }
        None => renewal::draft_from_info(product, &info),
    };
    let (draft, diagnostics) = match options.product.filter(|p| *p != draft.product) {
        None => (draft, diagnostics),
        Some(to) => {
            // Renewed as another product: the form moves there as `draft convert` moves it,
            // and what changed is said before anything is checked or asked.
            let conversion = convert::convert(&draft, to);
            errln!("certwiz: renewing order {old} ({}) as {to}:", draft.product);
            for change in &conversion.changes {
                errln!("  {}", change.line());
            }
            let draft = convert::pruned(&conversion.draft);
            let diagnostics = validate(&draft, &Context::default());
            (draft, diagnostics)
        }
    };
    if submit::refuse(&diagnostics) {
        if options.file.is_none() {
            errln!(
                "certwiz: Order info does not give every field of a new order; pass the old order's file: certwiz renew {old} FILE"
            );
        }
        return Err(exit::INVALID);
    }
    let endpoint = client.endpoint();
    let attempt = NewAttempt::for_renewal(&draft, old, endpoint.kind, endpoint.base.as_str());
    let earlier = ordering::earlier(store, attempt).await.map_err(|e| {
        errln!("certwiz: cannot read the journal of earlier orders: {e}; nothing was sent");
        exit::USAGE
    })?;
    // This machine's record first (it names the attempt), then CertCentral's word.
    refuse_second_renewal(&earlier, old, options.allow_duplicate)?;
    check_renewable(&info, options.allow_duplicate)?;
    submit::check_with_account(client, &draft, &diagnostics)
        .await
        .map_err(Exit::report)?;
    let mut request = draft.to_request().map_err(|e| {
        errln!("certwiz: the order cannot be sent: {e}");
        exit::INVALID
    })?;
    request.set_renewal_of_order_id(Some(old));
    // The same pre-flight as submit: the organization's validation, an approver, the division's
    // products, the price and the funds, before anything is asked or sent.
    let reports = super::preflight::before_confirm(
        client,
        &draft,
        &request,
        options.yes,
        options.accept_preflight,
    )
    .await?;
    let asked = super::preflight::question(&reports, options.accept_preflight);
    if !options.yes {
        errln!("This order renews order {old}{}.", expiry(&info));
        match submit::confirm(client, &draft, &request, asked) {
            Some(true) => {}
            Some(false) => {
                errln!("certwiz: not placed");
                return Err(exit::DECLINED);
            }
            None => return Err(submit::input_ended().report()),
        }
    }
    let placing = SubmitOptions {
        yes: true,
        allow_duplicate: options.allow_duplicate,
        json: options.json,
        accept_preflight: options.accept_preflight,
    };
    // The journal decides again at the moment of sending: another renewal of the same order
    // recorded since the question above stops this one (never asked past: `|_| false`).
    let result =
        submit::place_or_refused(store, client, &draft, &request, placing, |_| Some(false)).await;
    match result {
        Ok(_) => Ok(()),
        Err(submit::NotPlaced {
            refused: Some(refused),
            ..
        }) => refused_renewal(refused, options, client, store, &draft, &request).await,
        Err(not_placed) => Err(not_placed.exit.report()),
    }
}

/// Refuses before sending when the journal holds a renewal of the order from this machine that
/// was placed or may have been (sending now, or its outcome unknown).
fn refuse_second_renewal(
    earlier: &[JournalEntry],
    old: i64,
    allow_duplicate: bool,
) -> Result<(), u8> {
    if earlier.is_empty() {
        return Ok(());
    }
    errln!("certwiz: order {old} was renewed from here before:");
    for line in ordering::earlier_attempts(earlier) {
        errln!("{line}");
    }
    if earlier.iter().any(|e| e.state == AttemptState::Sending) {
        errln!(
            "certwiz: not sent: another certwiz is sending a renewal of order {old} right now; see `certwiz orders`"
        );
        return Err(exit::DECLINED);
    }
    if allow_duplicate {
        errln!("certwiz: --allow-duplicate is given: renewing it again");
        return Ok(());
    }
    errln!("certwiz: not sent: a second renewal of the same order needs --allow-duplicate");
    Err(exit::DECLINED)
}

/// Refuses before sending an order CertCentral says is renewed already or is not issued.
fn check_renewable(info: &OrderInfo, allow_duplicate: bool) -> Result<(), u8> {
    let old = info.id;
    match renewal::renewable(info, allow_duplicate) {
        Ok(()) => Ok(()),
        Err(NotRenewable::Renewed { by }) => {
            let by = by.map(|id| format!(" by order {id}")).unwrap_or_default();
            errln!(
                "certwiz: CertCentral says order {old} was renewed already{by}; not sent (--allow-duplicate sends it anyway)"
            );
            Err(exit::DECLINED)
        }
        Err(NotRenewable::NotIssued(status)) => {
            errln!(
                "certwiz: order {old} is {status}; only an issued order can be renewed. To order a new certificate instead: certwiz submit FILE"
            );
            Err(exit::INVALID)
        }
    }
}

/// The old order's product, when certwiz can order it.
fn product_of(info: &OrderInfo) -> Result<Product, u8> {
    renewal::product_of(info).map_err(|name_id| {
        // Not one of the five document signing products: nothing certwiz could renew it as.
        errln!(
            "certwiz: order {} is a {:?} order, which this build of certwiz cannot order; nothing was sent",
            info.id, name_id
        );
        exit::USAGE
    })
}

/// The command that places the refused renewal as a new order, as this one was given.
fn new_order_command(options: &RenewOptions, client: &Client) -> String {
    let mut command = format!("certwiz renew {}", options.order_id);
    if let Some(file) = &options.file {
        command.push_str(&format!(" {}", file.display()));
    }
    if let Some(product) = options.product {
        command.push_str(&format!(" --product {product}"));
    }
    if client.endpoint().kind == crate::api::EndpointKind::Sandbox {
        command.push_str(" --sandbox");
    }
    command.push_str(" --yes --as-new-order-if-refused");
    command
}

fn expiry(info: &OrderInfo) -> String {
    renewal::valid_till(info)
        .map(|d| format!(", which expires {d}"))
        .unwrap_or_default()
}

/// After CertCentral refused the renewal (`ordering::renewal::Refused`): what it means, in
/// the words the wizard uses too, and a new order instead only on an explicit yes: the
/// question at a terminal, or `--as-new-order-if-refused` with `--yes`. A script without it is
/// told the command that would place it, and the command exits non-zero.
async fn refused_renewal(
    refused: renewal::Refused,
    options: &RenewOptions,
    client: &Client,
    store: &Store,
    draft: &Draft,
    request: &crate::order::OrderRequest,
) -> Result<(), u8> {
    let old = options.order_id;
    errln!("certwiz: {}", refused.explain(old));
    if options.as_new_order_if_refused {
        errln!("certwiz: --as-new-order-if-refused is given: placing it as a new order");
    } else if options.yes || !io::stdin().is_terminal() {
        errln!(
            "certwiz: not placed. To place it as a new order instead: {}",
            new_order_command(options, client)
        );
        return Err(exit::API_ERROR);
    } else {
        err!("Place it as a NEW order instead (not a renewal)? [y/N] ");
        let _ = io::stderr().flush();
        let mut answer = String::new();
        if io::stdin().lock().read_line(&mut answer).is_err()
            || !matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes")
        {
            errln!("certwiz: not placed");
            return Err(exit::DECLINED);
        }
    }
    let mut fresh = request.clone();
    fresh.set_renewal_of_order_id(None);
    let placing = SubmitOptions {
        yes: true,
        allow_duplicate: options.allow_duplicate,
        json: options.json,
        accept_preflight: options.accept_preflight,
    };
    submit::place_instead_of_renewal(store, client, draft, &fresh, old, placing)
        .await
        .map(drop)
        .map_err(Exit::report)
}
