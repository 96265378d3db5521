//! `certwiz download`: fetches an issued HSM order's certificate, checks that every certificate
//! in it parses as X.509 and that the first one carries the key of the CSR that was sent, then
//! writes it (0644: certificates are public) and names the file.
//!
//! The CSR's key comes from `--csr FILE`, else from the journal, which keeps the key of every
//! CSR `certwiz submit` and the wizard send.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::args::EndpointArgs;
use super::{exit, profile, remote};
use crate::api::ApiError;
pub use crate::delivery::DEFAULT_FORMAT;
use crate::delivery::{ChainError, csr_key, default_file_name, write_public};
use crate::ordering::download::{self, DownloadError, ExpectedKey, Fetched};
use crate::outside::Safe;

/// What `certwiz download` was asked.
#[derive(Debug, Clone)]
pub struct DownloadArgs {
    pub order_id: i64,
    pub format: String,
    pub out: Option<PathBuf>,
    pub csr: Option<PathBuf>,
    pub force: bool,
}

/// Where the file goes: `--out`, else `certificate-ORDER.EXT` in the current folder. `None`
/// for standard output (`--out -`).
fn destination(args: &DownloadArgs) -> Option<PathBuf> {
    match &args.out {
        Some(out) if out.as_os_str() == "-" => None,
        Some(out) => Some(out.clone()),
        None => Some(default_file_name(args.order_id, &args.format)),
    }
}

/// `certwiz download`.
pub fn download(args: &DownloadArgs, endpoint: &EndpointArgs) -> u8 {
    let out = destination(args);
    if let Some(path) = &out
        && path.exists()
        && !args.force
    {
        errln!(
            "certwiz: {} exists; --force replaces it, --out names another file",
            path.display()
        );
        return exit::USAGE;
    }
    let given_key = match &args.csr {
        Some(path) => match read_csr_key(path) {
            Ok(key) => Some(key),
            Err(code) => return code,
        },
        None => None,
    };
    let store = match profile::open_store() {
        Ok(store) => store,
        Err(exit) => return exit.report(),
    };
    let code = remote::block_on(async {
        let connection = match remote::open(endpoint).await {
            Ok(c) => c,
            Err(exit) => return exit.report(),
        };
        let client = &connection.client;
        let key = match given_key {
            Some(key) => ExpectedKey::Given(key),
            None => ExpectedKey::FromJournal(store.journal.clone(), client.endpoint().kind),
        };
        let Fetched { bytes, checked } =
            match download::fetch(client, args.order_id, &args.format, key).await {
                Ok(fetched) => fetched,
                Err(e) => return refused(args.order_id, e),
            };
        errln!(
            "certwiz: order {}: {} certificate{}, the first for the key of the CSR sent; subject {}, serial {}, valid until {}",
            args.order_id,
            checked.certificates,
            if checked.certificates == 1 { "" } else { "s" },
            Safe(&checked.subject.to_string()),
            Safe(&checked.serial.to_string()),
            checked.not_after,
        );
        if !checked.linked {
            errln!(
                "certwiz: warning: the certificates are not each signed by the next one; check the chain before using it"
            );
        }
        let written = match &out {
            Some(path) => write_public(path, &bytes, args.force).map(|()| {
                outln!("{}", path.display());
            }),
            None => std::io::stdout()
                .lock()
                .write_all(&bytes)
                .map_err(|e| format!("cannot write to standard output: {e}")),
        };
        match written {
            Ok(()) => {
                tracing::info!(
                    "download: order {}: {} certificate(s) checked and written",
                    args.order_id,
                    checked.certificates
                );
                exit::OK
            }
            Err(why) => {
                errln!("certwiz: {}", Safe(&why.to_string()));
                exit::USAGE
            }
        }
    });
    profile::report_set_aside(&store);
    code
}

fn refusal_kind(why: &ChainError) -> &'static str {
    match why {
        ChainError::Empty => "empty",
        ChainError::NotCertificate(_) => "not a certificate",
        ChainError::Unparsable { .. } => "not X.509",
        ChainError::KeyMismatch { .. } => "key mismatch",
    }
}

/// The key of the CSR in a file.
fn read_csr_key(path: &Path) -> Result<String, u8> {
    let text = crate::infile::read_text(path, crate::infile::Kind::Csr).map_err(|e| {
        errln!("certwiz: cannot read {}: {e}", path.display());
        exit::USAGE
    })?;
    csr_key(&text).map_err(|why| {
        errln!("certwiz: {} is {why}", path.display());
        exit::USAGE
    })
}

/// Says why the download stopped; the exit code for it.
fn refused(order_id: i64, e: DownloadError<ApiError>) -> u8 {
    match e {
        DownloadError::Call(e) => remote::fail(&e),
        DownloadError::NotReady(why) => {
            errln!("certwiz: {}", Safe(&why.to_string()));
            exit::INVALID
        }
        DownloadError::NoCsr { .. } => {
            errln!(
                "certwiz: the journal holds no CSR for order {order_id} (it was placed without \
                 certwiz, on another machine, or without a CSR): give the CSR that was sent \
                 with --csr FILE, so the certificate can be checked against it"
            );
            exit::USAGE
        }
        DownloadError::Journal(why) => {
            errln!("certwiz: {why}");
            exit::USAGE
        }
        DownloadError::Refused(why) => {
            errln!("certwiz: order {order_id}: {}", Safe(&why.to_string()));
            tracing::warn!(
                "download: order {order_id}: certificate refused ({})",
                refusal_kind(&why)
            );
            exit::API_ERROR
        }
    }
}
