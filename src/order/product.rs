//! The products this wizard can order: the two `document_signing` product name ids.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A document signing product, as named in the order URL (`/order/certificate/{name_id}`).
///
/// The product is part of the order draft, not of the request body.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum Product {
    /// `document_signing_org_1`: the 2000-signature tier (as an outside client labels it).
    #[default]
    #[serde(rename = "document_signing_org_1")]
    DocumentSigningOrg1,
    /// `document_signing_org_2`: the 5000-signature tier (as an outside client labels it).
    #[serde(rename = "document_signing_org_2")]
    DocumentSigningOrg2,
}

impl Product {
    /// Every product, in the order the wizard lists them.
    pub const ALL: [Product; 2] = [Product::DocumentSigningOrg1, Product::DocumentSigningOrg2];

    /// The product name id used in the API path.
    pub fn name_id(self) -> &'static str {
        match self {
            Product::DocumentSigningOrg1 => "document_signing_org_1",
            Product::DocumentSigningOrg2 => "document_signing_org_2",
        }
    }

    /// A short label for people.
    pub fn label(self) -> &'static str {
        match self {
            Product::DocumentSigningOrg1 => "Document Signing (Organization) 2000",
            Product::DocumentSigningOrg2 => "Document Signing (Organization) 5000",
        }
    }

    /// One line that says what the product is.
    pub fn help(self) -> &'static str {
        match self {
            Product::DocumentSigningOrg1 => {
                "document_signing_org_1: a document signing certificate in an organization's name"
            }
            Product::DocumentSigningOrg2 => {
                "document_signing_org_2: the same kind of certificate, DigiCert's second product"
            }
        }
    }
}

impl fmt::Display for Product {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name_id())
    }
}

/// The error for a product name id that is not one of [`Product::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown product {0:?}: expected document_signing_org_1 or document_signing_org_2")]
pub struct UnknownProduct(pub String);

impl FromStr for Product {
    type Err = UnknownProduct;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Product::ALL
            .into_iter()
            .find(|p| p.name_id() == s.trim())
            .ok_or_else(|| UnknownProduct(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_ids_round_trip() {
        for p in Product::ALL {
            assert_eq!(p.name_id().parse::<Product>(), Ok(p));
            assert_eq!(serde_json::to_value(p).unwrap(), p.name_id());
        }
        assert!("ds_org".parse::<Product>().is_err());
    }
}
