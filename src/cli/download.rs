//! `certwiz download`: fetches an issued HSM order's certificate, checks that every certificate
//! in it parses as X.509 and that the first one carries the key of the CSR that was sent, then
//! writes it (0644: certificates are public) and names the file.
//!
//! The CSR's key comes from `--csr FILE`, else from the journal, which keeps the key of every
//! CSR `certwiz submit` and the wizard send.

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use super::{EndpointArgs, exit, profile, remote};
use crate::api::Client;
use crate::delivery::{Provisioning, check_chain, csr_key};
use crate::order::OrderStatus;
use crate::store::{AttemptState, Store};

/// The format asked for when none is given: the certificate and its chain, PEM.
pub const DEFAULT_FORMAT: &str = "pem_all";

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
        None => {
            let ext = if args.format.starts_with("pem") {
                "pem"
            } else if args.format == "p7b" {
                "p7b"
            } else {
                "crt"
            };
            Some(PathBuf::from(format!(
                "certificate-{}.{ext}",
                args.order_id
            )))
        }
    }
}

/// `certwiz download`.
pub fn download(args: &DownloadArgs, endpoint: &EndpointArgs) -> u8 {
    let out = destination(args);
    if let Some(path) = &out
        && path.exists()
        && !args.force
    {
        eprintln!(
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
        Err(code) => return code,
    };
    let code = remote::block_on(async {
        let connection = match remote::open(endpoint).await {
            Ok(c) => c,
            Err(code) => return code,
        };
        let client = &connection.client;
        if let Err(code) = ready(client, args.order_id).await {
            return code;
        }
        let expected = match given_key {
            Some(key) => key,
            None => match journal_key(&store, client, args.order_id) {
                Ok(key) => key,
                Err(code) => return code,
            },
        };
        let bytes = match client
            .download_certificate(args.order_id, &args.format)
            .await
        {
            Ok(bytes) => bytes,
            Err(e) => return remote::fail(&e),
        };
        let checked = match check_chain(&bytes, &expected) {
            Ok(checked) => checked,
            Err(why) => {
                eprintln!("certwiz: order {}: {why}", args.order_id);
                tracing::warn!(
                    "download: order {}: certificate refused ({})",
                    args.order_id,
                    refusal_kind(&why)
                );
                return exit::API_ERROR;
            }
        };
        eprintln!(
            "certwiz: order {}: {} certificate{}, the first for the key of the CSR sent; subject {}, serial {}, valid until {}",
            args.order_id,
            checked.certificates,
            if checked.certificates == 1 { "" } else { "s" },
            checked.subject,
            checked.serial,
            checked.not_after,
        );
        if !checked.linked {
            eprintln!(
                "certwiz: warning: the certificates are not each signed by the next one; check the chain before using it"
            );
        }
        let written = match &out {
            Some(path) => write_public(path, &bytes, args.force).map(|()| {
                println!("{}", path.display());
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
                eprintln!("certwiz: {why}");
                exit::USAGE
            }
        }
    });
    profile::report_set_aside(&store);
    code
}

fn refusal_kind(why: &crate::delivery::ChainError) -> &'static str {
    use crate::delivery::ChainError;
    match why {
        ChainError::Empty => "empty",
        ChainError::NotCertificate(_) => "not a certificate",
        ChainError::Unparsable { .. } => "not X.509",
        ChainError::KeyMismatch { .. } => "key mismatch",
    }
}

/// The key of the CSR in a file.
fn read_csr_key(path: &Path) -> Result<String, u8> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        eprintln!("certwiz: cannot read {}: {e}", path.display());
        exit::USAGE
    })?;
    csr_key(&text).map_err(|why| {
        eprintln!("certwiz: {} is {why}", path.display());
        exit::USAGE
    })
}

/// The key of the CSR the journal recorded for the order, on this kind of endpoint.
fn journal_key(store: &Store, client: &Client, order_id: i64) -> Result<String, u8> {
    let kind = client.endpoint().kind;
    let entries = store.journal.list().map_err(|e| {
        eprintln!("certwiz: {e}");
        exit::USAGE
    })?;
    entries
        .into_iter()
        .find(|e| {
            e.order_id == Some(order_id) && e.endpoint == kind && e.state == AttemptState::Placed
        })
        .and_then(|e| e.csr_key)
        .ok_or_else(|| {
            eprintln!(
                "certwiz: the journal holds no CSR for order {order_id} (it was placed without \
                 certwiz, on another machine, or without a CSR): give the CSR that was sent \
                 with --csr FILE, so the certificate can be checked against it"
            );
            exit::USAGE
        })
}

/// Checks that the order is an issued HSM order; says what to do otherwise.
async fn ready(client: &Client, order_id: i64) -> Result<(), u8> {
    let order = client
        .order_info(order_id)
        .await
        .map_err(|e| remote::fail(&e))?;
    let provisioning = Provisioning::of(order.cs_provisioning_method.as_deref());
    if provisioning.is_token() {
        eprintln!(
            "certwiz: order {order_id} is a token order ({provisioning}): there is no certificate file to download. Next: {}",
            provisioning.next_step(order_id)
        );
        return Err(exit::INVALID);
    }
    match &order.status {
        Some(OrderStatus::Issued) | None => Ok(()),
        Some(status) => {
            eprintln!(
                "certwiz: order {order_id} is {}: its certificate can be downloaded once issued (certwiz status {order_id} --watch follows it)",
                status.as_str()
            );
            Err(exit::INVALID)
        }
    }
}

/// Writes a public file atomically (0644), not over an existing one unless `force`.
fn write_public(path: &Path, bytes: &[u8], force: bool) -> Result<(), String> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let fail = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    let mut temp = tempfile::NamedTempFile::new_in(folder).map_err(fail)?;
    temp.write_all(bytes).map_err(fail)?;
    temp.as_file()
        .set_permissions(std::fs::Permissions::from_mode(0o644))
        .map_err(fail)?;
    temp.as_file().sync_all().map_err(fail)?;
    let persisted = if force {
        temp.persist(path).map(drop)
    } else {
        temp.persist_noclobber(path).map(drop)
    };
    persisted.map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            format!(
                "{} exists; --force replaces it, --out names another file",
                path.display()
            )
        } else {
            fail(e.error)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(format: &str, out: Option<&str>) -> DownloadArgs {
        DownloadArgs {
            order_id: 7,
            format: format.into(),
            out: out.map(PathBuf::from),
            csr: None,
            force: false,
        }
    }

    #[test]
    fn the_file_is_named_after_the_order_and_format() {
        assert_eq!(
            destination(&args("pem_all", None)),
            Some(PathBuf::from("certificate-7.pem"))
        );
        assert_eq!(
            destination(&args("p7b", None)),
            Some(PathBuf::from("certificate-7.p7b"))
        );
        assert_eq!(destination(&args("pem_all", Some("-"))), None);
        assert_eq!(
            destination(&args("pem_all", Some("x.pem"))),
            Some(PathBuf::from("x.pem"))
        );
    }

    #[test]
    fn writes_0644_and_never_over_a_file_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.pem");
        write_public(&path, b"one", false).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644);
        let why = write_public(&path, b"two", false).unwrap_err();
        assert!(why.contains("--force"), "{why}");
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        write_public(&path, b"two", true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
    }
}
