//! The account's facts that validation uses (custom fields, product details, organizations,
//! divisions and the products it can order), read for `submit` and `validate --account`. A part
//! that cannot be read is one warning line and its rules are left to CertCentral; a refused key
//! stops the command.

use crate::api::{ApiError, Client, ErrorKind};
use crate::order::Draft;
use crate::order::account::{
    Container, ListedProduct, MetadataField, Organization, ProductDetails,
};
use crate::order::validate::{Context, Diagnostic, validate};

/// What the account said; `None` for a part that could not be read.
#[derive(Debug, Default)]
pub(super) struct AccountFacts {
    metadata: Option<Vec<MetadataField>>,
    product: Option<ProductDetails>,
    organizations: Option<Vec<Organization>>,
    containers: Option<Vec<Container>>,
    products: Option<Vec<ListedProduct>>,
}

impl AccountFacts {
    /// Reads every part at once. Errs only when the key itself is refused, since then nothing
    /// else will work either.
    pub(super) async fn read(client: &Client, draft: &Draft) -> Result<AccountFacts, ApiError> {
        let (metadata, product, organizations, containers, products) = tokio::join!(
            client.metadata(),
            client.product_details(draft.product),
            client.organizations(),
            client.containers(),
            client.products(),
        );
        let products = match products {
            Ok(list) => Some(list),
            Err(e) if e.kind() == ErrorKind::BadKey => return Err(e),
            Err(e) => {
                eprintln!(
                    "certwiz: the account's product list could not be read ({e}); CertCentral decides whether it sells {}",
                    draft.product
                );
                None
            }
        };
        Ok(AccountFacts {
            metadata: usable(metadata)?,
            product: usable(product)?,
            organizations: usable(organizations)?,
            containers: usable(containers)?,
            products,
        })
    }

    /// The validation context these facts give.
    pub(super) fn context(&self) -> Context<'_> {
        Context {
            metadata: self.metadata.as_deref(),
            product: self.product.as_ref(),
            organizations: self.organizations.as_deref(),
            containers: self.containers.as_deref(),
            products: self.products.as_deref(),
        }
    }

    /// The draft checked against the account.
    pub(super) fn check(&self, draft: &Draft) -> Vec<Diagnostic> {
        validate(draft, &self.context())
    }
}

/// A part's answer, or `None` with a warning line when it could not be read.
fn usable<T>(result: Result<T, ApiError>) -> Result<Option<T>, ApiError> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(e) if e.kind() == ErrorKind::BadKey => Err(e),
        Err(e) => {
            eprintln!("certwiz: warning: {e}; the order is checked without it");
            Ok(None)
        }
    }
}
