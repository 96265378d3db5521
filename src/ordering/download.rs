//! ONE download of an issued order's certificate, for `certwiz download` and the wizard's
//! Orders screen: the order is read and must be downloadable (an issued HSM order), the key to
//! check against is the one given or the one of the CSR the journal recorded for the order, the
//! certificate is fetched and its first certificate must carry that key. Where the bytes go (a
//! file, standard output, the certificates folder) is the front end's.

use std::fmt;
use std::future::Future;

use crate::api::{ApiError, Client, EndpointKind};
use crate::delivery::{ChainError, CheckedChain, NotDownloadable, check_chain, downloadable};
use crate::order::model::OrderInfo;
use crate::store::Journal;

/// The two calls a download makes, so the wizard's services (faked in its tests) and the client
/// go the same way.
pub trait CertificateSource {
    type Error;
    /// `GET /order/certificate/{order_id}`.
    fn order_info(
        &self,
        order_id: i64,
    ) -> impl Future<Output = Result<OrderInfo, Self::Error>> + Send;
    /// `GET /certificate/download/order/{order_id}/format/{format}`.
    fn certificate(
        &self,
        order_id: i64,
        format: &str,
    ) -> impl Future<Output = Result<Vec<u8>, Self::Error>> + Send;
}

impl CertificateSource for Client {
    type Error = ApiError;
    fn order_info(
        &self,
        order_id: i64,
    ) -> impl Future<Output = Result<OrderInfo, ApiError>> + Send {
        Client::order_info(self, order_id)
    }
    fn certificate(
        &self,
        order_id: i64,
        format: &str,
    ) -> impl Future<Output = Result<Vec<u8>, ApiError>> + Send {
        Client::download_certificate(self, order_id, format)
    }
}

/// The key the certificate must carry.
#[derive(Debug, Clone)]
pub enum ExpectedKey {
    /// The key of a CSR the person gave (`--csr FILE`).
    Given(String),
    /// The key of the CSR the journal recorded for the order, on this kind of endpoint.
    FromJournal(Journal, EndpointKind),
}

/// A certificate fetched and checked.
#[derive(Debug)]
pub struct Fetched {
    /// The certificate (and chain) as DigiCert sent it.
    pub bytes: Vec<u8>,
    pub checked: CheckedChain,
}

/// Why a download stopped.
#[derive(Debug)]
pub enum DownloadError<E> {
    /// A call failed (reading the order, or the download itself).
    Call(E),
    /// The order is not an issued HSM order.
    NotReady(NotDownloadable),
    /// The journal holds no CSR for the order.
    NoCsr { order_id: i64 },
    /// The journal could not be read.
    Journal(String),
    /// The certificate is not the one expected (not X.509, or another key).
    Refused(ChainError),
}

impl<E: fmt::Display> fmt::Display for DownloadError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DownloadError::Call(e) => write!(f, "{e}"),
            DownloadError::NotReady(why) => write!(f, "{why}"),
            DownloadError::NoCsr { order_id } => {
                write!(f, "the journal holds no CSR for order {order_id}")
            }
            DownloadError::Journal(why) => write!(f, "{why}"),
            DownloadError::Refused(why) => write!(f, "{why}"),
        }
    }
}

/// Reads the order, checks it can be downloaded, finds the key, fetches the certificate in
/// `format` and checks it against the key.
pub async fn fetch<S: CertificateSource>(
    source: &S,
    order_id: i64,
    format: &str,
    key: ExpectedKey,
) -> Result<Fetched, DownloadError<S::Error>> {
    let order = source
        .order_info(order_id)
        .await
        .map_err(DownloadError::Call)?;
    downloadable(&order).map_err(DownloadError::NotReady)?;
    let expected = match key {
        ExpectedKey::Given(key) => key,
        ExpectedKey::FromJournal(journal, endpoint) => {
            let entries = tokio::task::spawn_blocking(move || journal.list())
                .await
                .map_err(|e| DownloadError::Journal(e.to_string()))?
                .map_err(|e| DownloadError::Journal(e.to_string()))?;
            crate::store::journal::csr_key_of(&entries, endpoint, order_id)
                .ok_or(DownloadError::NoCsr { order_id })?
        }
    };
    let bytes = source
        .certificate(order_id, format)
        .await
        .map_err(DownloadError::Call)?;
    let checked = check_chain(&bytes, &expected).map_err(DownloadError::Refused)?;
    Ok(Fetched { bytes, checked })
}
