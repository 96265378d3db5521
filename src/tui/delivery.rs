//! The runtime's side of an issued order's delivery: reading its provisioning method and
//! install code, downloading its certificate with the same library checks as `certwiz download`
//! (issued HSM order, X.509, the key of the CSR that was sent), and the OSC 52 copy.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::msg::Downloaded;
use super::screens::orders::{DeliveryTask, InitCode, Provisioning};
use super::services::{ServiceError, Services};
use super::storage::Storage;
use std::future::Future;

use crate::delivery::{DEFAULT_FORMAT, default_file_name, write_public};
use crate::order::model::OrderInfo;
use crate::ordering::download::{self, CertificateSource, DownloadError, ExpectedKey, Fetched};

/// The folder certificates are written to: `certificates` in certwiz's data folder (next to the
/// journal).
pub fn certificates_dir(storage: &Storage) -> PathBuf {
    storage
        .store
        .journal
        .path()
        .parent()
        .unwrap_or(Path::new("."))
        .join("certificates")
}

/// An order's provisioning method, and its install code when `want` asks for it (dropped here
/// otherwise, so it never travels further than needed).
pub async fn read<S: Services>(
    services: &S,
    order_id: i64,
    want: DeliveryTask,
) -> Result<(Provisioning, Option<InitCode>), ServiceError> {
    let order = services.order_info(order_id).await?;
    let provisioning = Provisioning::of(order.cs_provisioning_method.as_deref());
    let code = match want {
        DeliveryTask::InitCode => order.hardware_init_code.map(InitCode::new),
        DeliveryTask::Method | DeliveryTask::Download => None,
    };
    Ok((provisioning, code))
}

/// The wizard's services as the download's two calls.
struct Source<'a, S>(&'a S);

impl<S: Services> CertificateSource for Source<'_, S> {
    type Error = ServiceError;
    fn order_info(
        &self,
        order_id: i64,
    ) -> impl Future<Output = Result<OrderInfo, ServiceError>> + Send {
        self.0.order_info(order_id)
    }
    fn certificate(
        &self,
        order_id: i64,
        format: &str,
    ) -> impl Future<Output = Result<Vec<u8>, ServiceError>> + Send {
        self.0.download_certificate(order_id, format)
    }
}

/// Downloads an issued HSM order's certificate (`pem_all`) through the one download
/// ([`crate::ordering::download`]): checked against the key of the CSR the journal recorded for
/// the order, then written into [`certificates_dir`]. The error is a sentence for the screen.
pub async fn download<S: Services>(
    services: &S,
    storage: &Storage,
    order_id: i64,
) -> Result<Downloaded, String> {
    let key = ExpectedKey::FromJournal(storage.store.journal.clone(), storage.endpoint);
    let Fetched { bytes, checked } =
        match download::fetch(&Source(services), order_id, DEFAULT_FORMAT, key).await {
            Ok(fetched) => fetched,
            Err(DownloadError::Call(e)) => return Err(e.message),
            Err(DownloadError::NoCsr { .. }) => {
                return Err(format!(
                    "the journal holds no CSR for order {order_id}, so the certificate cannot be \
                     checked here: certwiz download {order_id} --csr FILE checks it against the \
                     CSR you give"
                ));
            }
            Err(e) => return Err(e.to_string()),
        };
    let folder = certificates_dir(storage);
    let path = folder.join(default_file_name(order_id, DEFAULT_FORMAT));
    let written = path.clone();
    let already_there = tokio::task::spawn_blocking(move || write_once(&folder, &written, &bytes))
        .await
        .map_err(|e| e.to_string())??;
    tracing::info!(
        "download: order {order_id}: {} certificate(s) checked and written",
        checked.certificates
    );
    Ok(Downloaded {
        path,
        certificates: checked.certificates,
        linked: checked.linked,
        already_there,
    })
}

/// Writes the file unless the same bytes are there already (true then); a different file of
/// that name is never replaced.
fn write_once(folder: &Path, path: &Path, bytes: &[u8]) -> Result<bool, String> {
    crate::store::atomic::ensure_dir(folder).map_err(|e| e.to_string())?;
    if std::fs::read(path).is_ok_and(|existing| existing == bytes) {
        return Ok(true);
    }
    write_public(path, bytes, false).map(|()| false)
}

/// Writes the OSC 52 sequence that puts `code` on the terminal's clipboard.
pub fn copy(out: &mut impl Write, code: &InitCode) -> std::io::Result<()> {
    out.write_all(crate::delivery::osc52_copy(code.reveal()).as_bytes())?;
    out.flush()
}
