//! The arguments several commands share: where orders go, and which order file to read.

use std::path::PathBuf;

use crate::api::EndpointChoice;
use crate::api::endpoint::Region;
use crate::order::Product;

/// Where orders go.
#[derive(Debug, Clone, clap::Args)]
pub struct EndpointArgs {
    /// CertCentral region to use when an API key is configured.
    #[arg(long, global = true, value_name = "REGION", value_parser = ["us", "eu"])]
    pub region: Option<String>,
    /// API base URL, including /services/v2 (overrides --region).
    #[arg(long, global = true, value_name = "URL", env = "DIGICERT_API_URL")]
    pub api_url: Option<String>,
    /// Use the embedded sandbox even when an API key is configured.
    #[arg(long, global = true)]
    pub sandbox: bool,
}

impl EndpointArgs {
    /// The chosen region (default US).
    pub fn region(&self) -> Region {
        self.region
            .as_deref()
            .and_then(|r| r.parse().ok())
            .unwrap_or_default()
    }

    /// The plain choice the API reads.
    pub fn choice(&self) -> EndpointChoice {
        EndpointChoice {
            region: self.region(),
            api_url: self.api_url.clone(),
            sandbox: self.sandbox,
        }
    }
}

/// The product and input shared by validate and preview.
#[derive(Debug, Clone, clap::Args)]
pub struct OrderFileArgs {
    /// An order body as JSON (like the documented example) or a saved certwiz draft; - reads stdin.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The product of a bare body: ds_individual, ds_org, ds_org_individual,
    /// document_signing_org_1 (the default) or document_signing_org_2. A draft names its own;
    /// given another, the draft is read as that product, as `draft convert` moves it, each
    /// change said on standard error.
    #[arg(long, value_name = "ID", value_parser = parse_product)]
    pub product: Option<Product>,
}

fn parse_product(s: &str) -> Result<Product, String> {
    s.parse::<Product>().map_err(|e| e.to_string())
}
