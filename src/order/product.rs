//! The products certwiz can order: the two `document_signing` product name ids of DigiCert's older
//! page, and the three document signing products CertCentral's console sells today.
//!
//! Pages read (see `docs/digicert-api-reference.md` §17 for what each shows and where it is cut):
//! - older: <https://dev.digicert.com/en/certcentral-apis/services-api/orders/order-document-signing-certificate.html>
//! - `ds_individual`: <https://dev.digicert.com/certcentral-apis/services-api/orders/order-document-signing-for-individual.html>
//! - `ds_org`: <https://dev.digicert.com/certcentral-apis/services-api/orders/order-document-signing-for-organization.html>
//! - `ds_org_individual`: <https://dev.digicert.com/en/certcentral-apis/services-api/orders/order-document-signing-for-business---employee.html>

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
    /// `ds_individual`: Document Signing for Individual, in a person's own name.
    #[serde(rename = "ds_individual")]
    DsIndividual,
    /// `ds_org`: Document Signing for Organization, in the organization's name.
    #[serde(rename = "ds_org")]
    DsOrg,
    /// `ds_org_individual`: Document Signing for Business – Employee, naming a person of an
    /// organization.
    #[serde(rename = "ds_org_individual")]
    DsOrgIndividual,
}

/// Which of DigiCert's pages a product's body follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    /// The older page: `document_signing_org_1/2`, with `subject`, `validity_years` and friends.
    Older,
    /// The current pages: `ds_*`, with `usage_designation`, `order_validity` and a required
    /// `cs_provisioning_method`.
    Current,
}

impl Product {
    /// Every product, in the order the wizard lists them when the account does not say.
    pub const ALL: [Product; 5] = [
        Product::DocumentSigningOrg1,
        Product::DocumentSigningOrg2,
        Product::DsIndividual,
        Product::DsOrg,
        Product::DsOrgIndividual,
    ];

    /// The three products CertCentral's console sells today.
    pub const CURRENT: [Product; 3] = [
        Product::DsIndividual,
        Product::DsOrg,
        Product::DsOrgIndividual,
    ];

    /// The product name id used in the API path.
    pub fn name_id(self) -> &'static str {
        match self {
            Product::DocumentSigningOrg1 => "document_signing_org_1",
            Product::DocumentSigningOrg2 => "document_signing_org_2",
            Product::DsIndividual => "ds_individual",
            Product::DsOrg => "ds_org",
            Product::DsOrgIndividual => "ds_org_individual",
        }
    }

    /// Which page the product's body follows.
    pub fn family(self) -> Family {
        match self {
            Product::DocumentSigningOrg1 | Product::DocumentSigningOrg2 => Family::Older,
            Product::DsIndividual | Product::DsOrg | Product::DsOrgIndividual => Family::Current,
        }
    }

    /// Whether the product is one of the three current ones.
    pub fn is_current(self) -> bool {
        self.family() == Family::Current
    }

    /// The product's bit in a [`ProductSet`].
    pub const fn bit(self) -> u8 {
        1 << (self as u8)
    }

    /// A short label for people: the console's names for the current products, an outside
    /// client's for the older two (DigiCert's older page names none).
    pub fn label(self) -> &'static str {
        match self {
            Product::DocumentSigningOrg1 => "Document Signing (Organization) 2000",
            Product::DocumentSigningOrg2 => "Document Signing (Organization) 5000",
            Product::DsIndividual => "Document Signing for Individual",
            Product::DsOrg => "Document Signing for Organization",
            Product::DsOrgIndividual => "Document Signing for Business – Employee",
        }
    }

    /// One line that says what the product is.
    pub fn help(self) -> &'static str {
        match self {
            Product::DocumentSigningOrg1 => {
                "document_signing_org_1: a document signing certificate in an organization's name (DigiCert's older page)"
            }
            Product::DocumentSigningOrg2 => {
                "document_signing_org_2: the same kind of certificate, DigiCert's second product (older page)"
            }
            Product::DsIndividual => {
                "ds_individual: a certificate in a person's own name; the person is validated"
            }
            Product::DsOrg => {
                "ds_org: a certificate in the organization's name; the organization is validated"
            }
            Product::DsOrgIndividual => {
                "ds_org_individual: a certificate naming an employee and the organization; both are validated"
            }
        }
    }
}

/// A set of products, for the catalog's rows (which products a field belongs to).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ProductSet(u8);

impl ProductSet {
    /// The two older products.
    pub const OLDER: ProductSet =
        ProductSet(Product::DocumentSigningOrg1.bit() | Product::DocumentSigningOrg2.bit());
    /// The three current products.
    pub const CURRENT: ProductSet = ProductSet(
        Product::DsIndividual.bit() | Product::DsOrg.bit() | Product::DsOrgIndividual.bit(),
    );
    /// Every product.
    pub const ALL: ProductSet = ProductSet(Self::OLDER.0 | Self::CURRENT.0);
    /// `ds_individual` alone.
    pub const INDIVIDUAL: ProductSet = ProductSet(Product::DsIndividual.bit());
    /// `ds_org` alone.
    pub const ORG: ProductSet = ProductSet(Product::DsOrg.bit());
    /// The current products that name an organization: `ds_org` and `ds_org_individual`.
    pub const WITH_ORG: ProductSet =
        ProductSet(Product::DsOrg.bit() | Product::DsOrgIndividual.bit());
    /// The current products that name a person: `ds_individual` and `ds_org_individual`.
    pub const WITH_PERSON: ProductSet =
        ProductSet(Product::DsIndividual.bit() | Product::DsOrgIndividual.bit());

    /// Whether `product` is in the set.
    pub const fn has(self, product: Product) -> bool {
        self.0 & product.bit() != 0
    }
}

impl fmt::Display for Product {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name_id())
    }
}

/// The error for a product name id that is not one of [`Product::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown product {0:?}: expected ds_individual, ds_org, ds_org_individual, document_signing_org_1 or document_signing_org_2"
)]
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
        assert!("ds_organization".parse::<Product>().is_err());
    }

    #[test]
    fn sets_hold_their_products() {
        for p in Product::ALL {
            assert!(ProductSet::ALL.has(p));
            assert_eq!(ProductSet::CURRENT.has(p), p.is_current());
            assert_eq!(ProductSet::OLDER.has(p), !p.is_current());
        }
        assert!(ProductSet::WITH_ORG.has(Product::DsOrgIndividual));
        assert!(!ProductSet::WITH_ORG.has(Product::DsIndividual));
    }
}
