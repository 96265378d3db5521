//! What every command that talks to CertCentral shares: one tokio runtime, connecting (which
//! says which endpoint is used), and exit codes for API errors.

use std::future::Future;
use std::time::Duration;

use super::args::EndpointArgs;
use super::connect::{Connection, connect};
use super::exit::{self, Exit, Outcome};
use crate::api::{ApiError, ErrorKind, PollPolicy};
use crate::paths::Paths;

/// Runs a command's async body on a runtime built for it.
pub(super) fn block_on(work: impl Future<Output = u8>) -> u8 {
    match runtime() {
        Ok(runtime) => runtime.block_on(work),
        Err(exit) => exit.report(),
    }
}

/// Runs async work that gives a value or an exit code (already reported).
pub(super) fn block_on_result<T>(work: impl Future<Output = Result<T, u8>>) -> Result<T, u8> {
    match runtime() {
        Ok(runtime) => runtime.block_on(work),
        Err(exit) => Err(exit.report()),
    }
}

/// Runs a command's async body, which ends in an [`Outcome`], on a runtime built for it.
pub(super) fn run(work: impl Future<Output = Outcome>) -> Outcome {
    runtime()?.block_on(work)
}

fn runtime() -> Result<tokio::runtime::Runtime, Exit> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Exit::with(exit::USAGE, format!("cannot start the async runtime: {e}")))
}

/// Connects, telling stderr which endpoint is used and any warnings.
pub(super) async fn open(args: &EndpointArgs) -> Result<Connection, Exit> {
    let paths = Paths::discover().map_err(|e| Exit::with(exit::USAGE, e))?;
    let connection = connect(&args.choice(), &paths)
        .await
        .map_err(|e| Exit::with(exit::USAGE, e))?;
    for warning in &connection.warnings {
        errln!("certwiz: warning: {warning}");
    }
    errln!(
        "certwiz: endpoint: {}",
        connection.client.endpoint().describe()
    );
    Ok(connection)
}

/// Reports an API error and gives its exit code.
pub(super) fn fail(error: &ApiError) -> u8 {
    failed(error).report()
}

/// An API error as a command's end: its message and exit code.
pub(super) fn failed(error: &ApiError) -> Exit {
    Exit::with(api_exit(error), error)
}

/// The exit code of an API error.
pub(super) fn api_exit(error: &ApiError) -> u8 {
    if error.kind() == ErrorKind::OutcomeUnknown {
        exit::OUTCOME_UNKNOWN
    } else {
        exit::API_ERROR
    }
}

/// How often to poll: DigiCert's pace, or a quick one for a server on this machine (the
/// sandbox), which has no rate limit to respect.
pub(super) fn poll_policy(connection: &Connection) -> PollPolicy {
    if connection.client.endpoint().base.is_loopback() {
        PollPolicy {
            first: Duration::from_millis(250),
            max: Duration::from_secs(2),
            growth: 1.5,
        }
    } else {
        PollPolicy::default()
    }
}
