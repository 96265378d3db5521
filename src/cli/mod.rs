//! The command line: `certwiz` with no command opens the wizard; the subcommands do the same work
//! for scripts. Exit codes are documented in the README and in [`exit`].

mod account;
mod actions;
mod args;
mod batch;
mod certificates;
mod check;
pub mod connect;
mod download;
pub mod draft;
mod due;
pub mod exit;
mod hooks;
mod interrupt;
mod json_shape;
mod lifecycle_args;
mod man;
pub mod orders;
pub(crate) mod plain;
mod preflight;
pub mod profile;
mod remote;
mod renew;
mod revoke;
mod sandbox;
mod status;
mod submit;
mod validation;
mod waiting;
mod wizard;

pub use args::{EndpointArgs, OrderFileArgs};

use std::path::PathBuf;
use std::process::ExitCode;

use clap::builder::TypedValueParser as _;
use clap::{CommandFactory, Parser, Subcommand};

/// What `--version` says: the version and the git commit it was built from (see build.rs).
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("CERTWIZ_COMMIT"), ")");

/// Order a DigiCert document signing certificate, and follow the order until it is approved.
///
/// Run without a command to open the wizard. With no API key configured, certwiz uses its
/// embedded sandbox, so nothing is ordered for real. A key comes from DIGICERT_API_KEY, or from
/// api_key or api_key_command in config.toml in the config folder.
///
/// Exit codes: 0 done; 1 the order has errors, or a followed order was rejected or canceled;
/// 2 bad input, command line or configuration; 3 CertCentral refused the call or could not be
/// reached; 4 placing the order had an unknown outcome (look it up, do not resend); 5 declined.
#[derive(Debug, Parser)]
#[command(name = "certwiz", version = VERSION, about, long_about)]
pub struct Cli {
    #[command(flatten)]
    pub endpoint: EndpointArgs,
    /// Open the wizard on an empty form.
    #[arg(long)]
    pub new: bool,
    /// Open the wizard on a batch file (CSV or JSON Lines, as for `submit --batch`) to review
    /// its rows; the form in progress is kept as a named draft. Placing the batch is
    /// `certwiz submit --batch FILE`.
    #[arg(long, value_name = "FILE")]
    pub batch: Option<PathBuf>,
    /// With --batch: a draft or body every row starts from, as for `submit --batch`.
    #[arg(long, value_name = "FILE", requires = "batch")]
    pub base: Option<PathBuf>,
    /// With --batch: a saved profile applied to every row's base, NAME or KIND:NAME.
    #[arg(long, value_name = "NAME", requires = "batch")]
    pub profile: Vec<String>,
    /// Write the log here instead of certwiz.log in the data folder; CERTWIZ_LOG sets the level
    /// (off, error, warn, info, debug, trace; default info).
    #[arg(long, global = true, value_name = "FILE")]
    pub log_file: Option<PathBuf>,
    /// Ask one plain line per field instead of the full-screen wizard (for screen readers, logs
    /// and dumb terminals); also when TERM=dumb or `plain = true` is in config.toml.
    #[arg(long)]
    pub plain: bool,
    /// The wizard's mouse: `clicks` (clicks and the wheel, never motion) or `off` (the default;
    /// the terminal selects text as usual); overrides `mouse` in config.toml.
    #[arg(long, value_name = "MODE", value_parser = ["clicks", "off"])]
    pub mouse: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The environment variables the top-level arguments read (clap's `env`).
const ARGUMENT_ENV: &[&str] = &["DIGICERT_API_URL"];

impl Cli {
    /// The command line when it is only `certwiz` and no variable in [`ARGUMENT_ENV`] is set:
    /// the wizard, every argument at its default; `None` otherwise (clap then parses). Made
    /// without clap, which builds every subcommand's arguments before it parses any: about a
    /// third of a launch's time to its first frame (issue 21, item 3; BENCHMARKS.md). The test
    /// `a_bare_command_line_is_what_clap_makes_of_it` holds it to clap's answer.
    pub fn bare() -> Option<Cli> {
        let mut args = std::env::args_os();
        if args.next().is_none() || args.next().is_some() {
            return None;
        }
        if ARGUMENT_ENV
            .iter()
            .any(|name| std::env::var_os(name).is_some())
        {
            return None;
        }
        Some(Cli::defaults())
    }

    fn defaults() -> Cli {
        Cli {
            endpoint: EndpointArgs {
                region: None,
                api_url: None,
                sandbox: false,
            },
            new: false,
            batch: None,
            base: None,
            profile: Vec::new(),
            log_file: None,
            plain: false,
            mouse: None,
            command: None,
        }
    }
}

/// What certwiz can do without the wizard.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check an order file against every documented rule.
    ///
    /// Exits 0 when valid, 1 when there are errors, 2 when the file cannot be read or parsed.
    Validate {
        #[command(flatten)]
        input: OrderFileArgs,
        /// Print the diagnostics as JSON.
        #[arg(long)]
        json: bool,
        /// Also check against the account on the endpoint in use (the embedded sandbox without a
        /// key): organization and division ids, custom fields, whether the account sells the
        /// product, its validity years, platforms and hashes. Exits 3 when the key is refused.
        #[arg(long)]
        account: bool,
    },
    /// Print the exact JSON body that would be sent, or a curl command that sends it.
    ///
    /// Diagnostics go to stderr; the exit code is as for validate.
    Preview {
        #[command(flatten)]
        input: OrderFileArgs,
        /// Print a curl command that reads the key from $DIGICERT_API_KEY.
        #[arg(long)]
        curl: bool,
    },
    /// List every field of the order body with its rules.
    Fields {
        /// Print the Markdown tables the README shows.
        #[arg(long)]
        markdown: bool,
        /// Only this product's fields (ds_individual, ds_org, ds_org_individual,
        /// document_signing_org_1, document_signing_org_2); every product's without it.
        #[arg(long)]
        product: Option<crate::order::Product>,
    },
    /// Manage saved shipping and subject profiles.
    ///
    /// Profiles live in certwiz's data folder ($XDG_DATA_HOME/certwiz/profiles on Linux).
    Profile {
        #[command(subcommand)]
        command: profile::ProfileCommand,
    },
    /// List, print and delete saved drafts.
    ///
    /// Drafts live in certwiz's data folder ($XDG_DATA_HOME/certwiz/drafts on Linux).
    Draft {
        #[command(subcommand)]
        command: draft::DraftCommand,
    },
    /// Validate an order, confirm it, and place it (once).
    ///
    /// Prints which endpoint is used: the embedded SANDBOX when no API key is configured (nothing
    /// is ordered for real), else LIVE and its URL. Without --yes it asks for confirmation on the
    /// terminal, and refuses when standard input is not a terminal.
    ///
    /// Each attempt is written to the journal (see `certwiz orders`) before it is sent. When the
    /// journal shows the same draft placed, or maybe placed, on this kind of endpoint before, a
    /// second question names that attempt; --yes alone then refuses (exit 5) unless
    /// --allow-duplicate is given too.
    ///
    /// Exits 0 when placed (the order and request ids are printed), 1 when the order has errors,
    /// 2 on bad input or configuration, 3 when CertCentral refused it or could not be reached,
    /// 4 when the outcome is unknown (a lost connection or a server error: settle it with
    /// `certwiz orders settle`; do not send it again), 5 when declined.
    ///
    /// With --batch, FILE holds one order a row (CSV with a header of field paths, or JSON Lines
    /// of bodies or drafts) on top of --base and --profile: every row is checked first, one
    /// question names the count, each row is journaled before its POST, and --resume places only
    /// the rows not placed yet, never one whose outcome is unknown.
    Submit {
        #[command(flatten)]
        input: OrderFileArgs,
        /// Place the order without asking.
        #[arg(long)]
        yes: bool,
        /// Send although the pre-flight check warns of something that needs an explicit yes
        /// (a missing or expired document signing validation, short funds); --yes alone then
        /// refuses (exit 5).
        #[arg(long)]
        accept_preflight: bool,
        /// Place it even though the journal shows this draft was placed, or may have been, before.
        #[arg(long)]
        allow_duplicate: bool,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
        /// FILE is a batch: CSV whose header names field paths, or JSON Lines of bodies or
        /// drafts; one order a row (see the README).
        #[arg(long)]
        batch: bool,
        /// With --batch: a draft or body every row starts from (an empty cell takes its value).
        #[arg(long, value_name = "FILE", requires = "batch")]
        base: Option<PathBuf>,
        /// With --batch: a saved profile applied to every row's base, NAME or KIND:NAME.
        #[arg(long, value_name = "NAME", requires = "batch")]
        profile: Vec<String>,
        /// With --batch: go on with a batch sent before, placing only its rows not placed yet.
        #[arg(long, requires = "batch")]
        resume: bool,
        /// With --batch: how many rows are sent at once (1 to 32), all paced by one rate limiter
        /// to DigiCert's limits; 1 sends them one after another.
        #[arg(long, value_name = "N", requires = "batch", default_value_t = batch::IN_FLIGHT,
              value_parser = clap::value_parser!(u8).range(1..=32).map(usize::from))]
        jobs: usize,
    },
    /// Show an organization's validations; --submit submits it for document signing validation.
    ///
    /// DigiCert issues a document signing certificate only to an organization validated for
    /// document signing (type ds, valid 825 days). --submit sends
    /// {"validations":[{"type":"ds"}]} unless a ds validation is active or pending. Exits 0
    /// when the ds validation is active or was just submitted, 1 when it is missing, pending or
    /// expired, 3 when CertCentral refused the call.
    Validation {
        /// The organization id.
        #[arg(value_name = "ORG_ID")]
        org_id: i64,
        /// Submit the organization for document signing validation.
        #[arg(long)]
        submit: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show an order's status, or follow it until it is final with --watch.
    ///
    /// With --watch, prints each change with its time. Every status seen of an order in the
    /// journal (one `certwiz submit` placed) is recorded there. Exits 0 when the request is approved or the
    /// order issued (the certificate id is printed) or, without --watch, still in progress; 1
    /// when it is rejected, canceled, expired or revoked (never shown as approved then, whatever
    /// its request says); 3 when the order cannot be read (not found, key refused).
    Status {
        /// The order id, as submit printed it.
        #[arg(value_name = "ORDER_ID")]
        order_id: i64,
        /// Follow the order until it is final.
        #[arg(long)]
        watch: bool,
        /// Print JSON (with --watch: one JSON object per change, a line each).
        #[arg(long)]
        json: bool,
        /// Show a token order's hardware init code (hidden otherwise; never logged).
        #[arg(long)]
        show_init_code: bool,
        /// Copy a token order's hardware init code to the clipboard with the terminal's OSC 52
        /// sequence, without showing it (standard output must be a terminal that supports it);
        /// exits 2 when nothing was copied (no terminal, no code).
        #[arg(long)]
        copy_init_code: bool,
        /// With --watch: run CMD (sh -c) once the order is issued, with CERTWIZ_EVENT=issued,
        /// CERTWIZ_ORDER_ID, CERTWIZ_CERTIFICATE_ID, CERTWIZ_STATUS and CERTWIZ_ENDPOINT, in an
        /// environment without the API key (as `check --exec`).
        #[arg(long, value_name = "CMD", requires = "watch")]
        exec: Option<String>,
    },
    /// Download an issued HSM order's certificate, check it, and write it to a file.
    ///
    /// For orders provisioned by email (your own HSM); token orders have no certificate file.
    /// Every certificate in the answer must parse as X.509, and the first must carry the public
    /// key of the CSR that was sent: the journal keeps that key for every order certwiz placed
    /// with a CSR; --csr FILE gives it for others. The file is written atomically, 0644, never
    /// over an existing one unless --force; its path is printed.
    ///
    /// Exits 0 when written, 1 when the order is not issued yet or is a token order, 2 on bad
    /// input (no CSR known, the file exists, it cannot be written), 3 when CertCentral refused
    /// the call or sent a certificate that is not for the CSR's key.
    Download {
        /// The order id.
        #[arg(value_name = "ORDER_ID")]
        order_id: i64,
        /// DigiCert's format name; certwiz checks PEM (pem_all, pem_noroot) and DER formats.
        #[arg(long, value_name = "F", default_value = download::DEFAULT_FORMAT)]
        format: String,
        /// Where to write it (default certificate-ORDER_ID.pem here); - writes to stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// The CSR that was sent, when the journal does not have it.
        #[arg(long, value_name = "FILE")]
        csr: Option<PathBuf>,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Approve an order's approval request.
    ///
    /// Exits 0 when approved, 3 when CertCentral refused it.
    Approve {
        /// The request id (submit and status print it).
        #[arg(value_name = "REQUEST_ID")]
        request_id: i64,
        /// A note for the record.
        #[arg(long, value_name = "TEXT")]
        comment: Option<String>,
    },
    /// Reject an order's approval request, saying why.
    ///
    /// Exits 0 when rejected, 3 when CertCentral refused it.
    Reject {
        /// The request id (submit and status print it).
        #[arg(value_name = "REQUEST_ID")]
        request_id: i64,
        /// Why it is rejected; the requester sees it.
        #[arg(long, value_name = "TEXT")]
        comment: String,
    },
    /// Cancel an order that is still pending.
    ///
    /// Exits 0 when canceled, 3 when CertCentral refused it (an issued order, say).
    Cancel {
        /// The order id.
        #[arg(value_name = "ORDER_ID")]
        order_id: i64,
        /// Why it is canceled.
        #[arg(long, value_name = "TEXT")]
        note: String,
    },
    /// List the journal of order attempts; settle one whose outcome is unknown; follow the rest.
    ///
    /// Every order submit sends is written to the journal before it is sent, then updated with
    /// its outcome and every status seen. An attempt whose outcome is unknown is shown first,
    /// with the command that settles it. With --watch, follows every placed order that is not
    /// final yet (on the endpoint in use) and records each change: exits 0 when all were
    /// approved, 1 when any ended otherwise, 3 when one could not be read.
    Orders {
        #[command(subcommand)]
        command: Option<orders::OrdersCommand>,
        /// Print the entries as JSON (with --watch: one JSON object per change, a line each).
        #[arg(long)]
        json: bool,
        /// Follow every placed order that is not final yet, recording each change.
        #[arg(long)]
        watch: bool,
        /// With --watch: run CMD once for each order that becomes issued (as `status --exec`).
        #[arg(long, value_name = "CMD", requires = "watch")]
        exec: Option<String>,
    },
    /// Run the embedded sandbox on its own, for curl or the API document's examples.
    ///
    /// Prints its base URL and a curl example, then serves on 127.0.0.1 until Ctrl-C. Orders are
    /// kept in the data folder, shared with the sandbox the other commands start. The variable
    /// CERTWIZ_SANDBOX_FAULTS (such as place_order=drop,order_info=500x3) injects faults;
    /// CERTWIZ_SANDBOX_PREFLIGHT (such as ds=expired,funds=low) sets what the pre-flight calls
    /// answer; CERTWIZ_SANDBOX_PRODUCTS (such as ds_individual,ds_org,ds_org_individual) limits
    /// the products it sells (see the README).
    Sandbox {
        /// The port on 127.0.0.1; 0 takes a free one.
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Milliseconds per status step (pending -> submitted -> approved); default 3000, or
        /// CERTWIZ_SANDBOX_STEP_MS.
        #[arg(long, value_name = "N")]
        step_ms: Option<u64>,
    },
    /// Print certwiz's man page, or with --dir write one for every command there.
    Man {
        /// The folder for certwiz.1 and certwiz-COMMAND.1 (created if missing).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// List the account's document signing certificates, soonest expiry first.
    ///
    /// Every order of the five document signing products (document_signing_org_1,
    /// document_signing_org_2, ds_individual, ds_org, ds_org_individual), with product, subject
    /// or organization, status, valid till, days left and whether it was renewed. Each run
    /// refreshes the inventory in the data folder (inventory.sqlite, 0600); --cached prints it
    /// without asking CertCentral. Exits 0, or 3 when CertCentral cannot be asked (the stored
    /// listing is then printed after the error).
    Certificates(lifecycle_args::CertificatesArgs),
    /// For schedulers: exit 1 when a certificate is due for renewal, 0 when none is.
    ///
    /// A certificate is due when it is issued, not renewed, and expires within --days (30
    /// unless given) or expired in the last 7 days. Refreshes the inventory first. Exits 0 when
    /// nothing is due, 1 when something is (each is named), 3 when CertCentral cannot be asked.
    Check(lifecycle_args::CheckArgs),
    /// Renew an order: a new order of its product carrying renewal_of_order_id, placed once.
    ///
    /// The form comes from FILE (the old order's body or draft) or from Order info; it is
    /// checked as submit checks, with the pre-flight check (--accept-preflight as for submit),
    /// confirmed naming the price (--yes skips it), journaled first and
    /// placed once. A second renewal of the same order is refused before sending (exit 5)
    /// unless --allow-duplicate. When CertCentral refuses the renewal, certwiz says so and,
    /// on a terminal, offers to place a new order instead. Exit codes as for submit.
    Renew(lifecycle_args::RenewArgs),
    /// Reissue an order's certificate (a lost token, a new key with --csr).
    ///
    /// Recorded before it is sent and sent once. Exits 0 when requested, 3 when refused, 4 when
    /// the outcome is unknown, 5 when declined or a reissue of the order is still unanswered.
    Reissue(lifecycle_args::ReissueArgs),
    /// Revoke an order's certificates, or one certificate; asks to type the id first.
    ///
    /// Says first what a revocation does to signatures, then asks to type ORDER_ID (a script
    /// passes --confirm ORDER_ID); nothing is sent otherwise (exit 5). Recorded before it is
    /// sent, sent once, never twice. Exits 0 when requested, 3 when refused, 4 when unknown.
    Revoke(lifecycle_args::RevokeArgs),
    /// Print shell completions.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
}

/// Parses the command line and runs it.
pub fn main() -> ExitCode {
    let cli = Cli::bare().unwrap_or_else(Cli::parse);
    let mut log = match prepare_log(cli.log_file.as_deref()) {
        Ok(log) => log,
        Err(code) => return ExitCode::from(code),
    };
    // The wizard starts its log after its first frame (`wizard::launch`); the rest, now.
    let plain = plain::wanted(cli.plain);
    if (cli.command.is_some() || plain)
        && let Some(log) = log.take()
    {
        log.start();
    }
    // The wizard's batch review starts every row from the same base as `submit --batch`.
    let batch_base = batch::BatchOptions {
        base: cli.base.clone(),
        profiles: cli.profile.clone(),
        ..Default::default()
    };
    let outcome = match cli.command {
        Some(Command::Validate {
            input,
            json,
            account,
        }) => exit::outcome(check::validate(
            &input,
            json,
            account.then_some(&cli.endpoint),
        )),
        Some(Command::Preview { input, curl }) => {
            exit::outcome(check::preview(&input, curl, &cli.endpoint))
        }
        Some(Command::Fields { markdown, product }) => {
            exit::outcome(check::fields(markdown, product))
        }
        Some(Command::Profile { command }) => exit::outcome(profile::run(&command)),
        Some(Command::Draft { command }) => exit::outcome(draft::run(&command)),
        Some(Command::Submit {
            input,
            yes,
            allow_duplicate,
            json,
            accept_preflight,
            batch: true,
            base,
            profile,
            resume,
            jobs,
        }) => batch::submit_batch(
            &input,
            &batch::BatchOptions {
                base,
                profiles: profile,
                resume,
                yes,
                allow_duplicate,
                json,
                accept_preflight,
                jobs,
            },
            &cli.endpoint,
        ),
        Some(Command::Submit {
            input,
            yes,
            allow_duplicate,
            json,
            accept_preflight,
            ..
        }) => submit::submit(
            &input,
            submit::SubmitOptions {
                yes,
                allow_duplicate,
                json,
                accept_preflight,
            },
            &cli.endpoint,
        ),
        Some(Command::Validation {
            org_id,
            submit,
            json,
        }) => exit::outcome(validation::validation(org_id, submit, json, &cli.endpoint)),
        Some(Command::Status {
            order_id,
            watch,
            json,
            show_init_code,
            copy_init_code,
            exec,
        }) => exit::outcome(hooks::with_issued_hook(exec, || {
            status::status(
                order_id,
                watch,
                json,
                status::InitCode {
                    show: show_init_code,
                    copy: copy_init_code,
                },
                &cli.endpoint,
            )
        })),
        Some(Command::Download {
            order_id,
            format,
            out,
            csr,
            force,
        }) => exit::outcome(download::download(
            &download::DownloadArgs {
                order_id,
                format,
                out,
                csr,
                force,
            },
            &cli.endpoint,
        )),
        Some(Command::Approve {
            request_id,
            comment,
        }) => actions::decide(request_id, true, comment.as_deref(), &cli.endpoint),
        Some(Command::Reject {
            request_id,
            comment,
        }) => actions::decide(request_id, false, Some(&comment), &cli.endpoint),
        Some(Command::Cancel { order_id, note }) => actions::cancel(order_id, &note, &cli.endpoint),
        Some(Command::Orders {
            command,
            json,
            watch,
            exec,
        }) => exit::outcome(hooks::with_issued_hook(exec, || {
            orders::run(command.as_ref(), json, watch, &cli.endpoint)
        })),
        Some(Command::Sandbox { port, step_ms }) => exit::outcome(sandbox::run(port, step_ms)),
        Some(Command::Man { dir }) => exit::outcome(man::run(Cli::command(), dir.as_deref())),
        Some(Command::Certificates(a)) => {
            exit::outcome(lifecycle_args::run_certificates(a, &cli.endpoint))
        }
        Some(Command::Check(a)) => exit::outcome(lifecycle_args::run_check(a, &cli.endpoint)),
        Some(Command::Renew(a)) => exit::outcome(lifecycle_args::run_renew(a, &cli.endpoint)),
        Some(Command::Reissue(a)) => exit::outcome(lifecycle_args::run_reissue(a, &cli.endpoint)),
        Some(Command::Revoke(a)) => exit::outcome(lifecycle_args::run_revoke(a, &cli.endpoint)),
        Some(Command::Completions { shell }) => {
            // Made in memory first: clap_complete panics when its writer fails (a closed pipe).
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "certwiz", &mut script);
            crate::say::record(std::io::Write::write_all(
                &mut std::io::stdout().lock(),
                &script,
            ));
            Ok(())
        }
        None if plain => exit::outcome(plain::run(&cli.endpoint, cli.new)),
        None => exit::outcome(wizard::launch(
            &cli.endpoint,
            cli.new,
            cli.mouse.as_deref(),
            cli.batch.as_deref().map(|path| (path, &batch_base)),
            log,
        )),
    };
    exit::finish(outcome)
}

/// Prepares the log: `--log-file` is opened at once (a path that cannot be written is an error),
/// the default file in the data folder at the first event. `None` when nothing is logged.
fn prepare_log(file: Option<&std::path::Path>) -> Result<Option<crate::log::Pending>, u8> {
    let level = crate::log::level_from_env().map_err(|why| {
        errln!("certwiz: {why}");
        exit::USAGE
    })?;
    let result = match file {
        Some(path) => crate::log::prepare(path.to_path_buf(), level, true),
        // The command itself reports a missing home.
        None => match crate::paths::Paths::discover() {
            Ok(paths) => crate::log::prepare(paths.log_file(), level, false),
            Err(_) => Ok(None),
        },
    };
    result.map_err(|e| {
        let path = file.map(|p| p.display().to_string()).unwrap_or_default();
        errln!("certwiz: cannot write the log file {path}: {e}");
        exit::USAGE
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn a_bare_command_line_is_what_clap_makes_of_it() {
        // Every variable an argument reads is one `Cli::bare` looks for (none is read by a
        // subcommand's own arguments either: a bare command line has no subcommand).
        let command = Cli::command();
        let mut read: Vec<String> = command
            .get_arguments()
            .filter_map(|a| a.get_env())
            .map(|e| e.to_string_lossy().into_owned())
            .collect();
        read.sort();
        let mut known: Vec<String> = ARGUMENT_ENV.iter().map(|s| s.to_string()).collect();
        known.sort();
        assert_eq!(read, known);
        // With those variables not read (as `bare` requires them unset), clap's answer to a
        // bare `certwiz` is the same, whatever this test's own environment holds.
        let ids: Vec<clap::Id> = command
            .get_arguments()
            .filter(|a| a.get_env().is_some())
            .map(|a| a.get_id().clone())
            .collect();
        let command = ids.into_iter().fold(command, |command, id| {
            command.mut_arg(id, |a| a.env(None::<&str>))
        });
        let matches = command.try_get_matches_from(["certwiz"]).unwrap();
        let parsed = <Cli as clap::FromArgMatches>::from_arg_matches(&matches).unwrap();
        assert_eq!(format!("{parsed:?}"), format!("{:?}", Cli::defaults()));
        // A line with anything on it is clap's.
        assert!(Cli::try_parse_from(["certwiz", "--new"]).unwrap().new);
    }
}
