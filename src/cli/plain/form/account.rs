//! What the account said, for the form's lists and rules.

use crate::order::Product;
use crate::order::account::{
    Container, ListedProduct, MetadataField, Organization, ProductDetails, User,
};
use crate::order::validate::Context;

/// What the account said, as plain data; `None` for a part that could not be read (its rules are
/// then left to CertCentral, as in the wizard).
#[derive(Debug, Clone, Default)]
pub struct Account {
    pub organizations: Option<Vec<Organization>>,
    pub containers: Option<Vec<Container>>,
    pub users: Option<Vec<User>>,
    pub metadata: Option<Vec<MetadataField>>,
    /// Each product's details (`GET /product/{name_id}`), for the ones that could be read.
    pub products: Vec<(Product, ProductDetails)>,
    /// The products the account sells (`GET /product`), when the list could be read.
    pub listed: Option<Vec<ListedProduct>>,
}

impl Account {
    /// The details of a product, when they were read.
    pub fn product(&self, product: Product) -> Option<&ProductDetails> {
        self.products
            .iter()
            .find(|(p, _)| *p == product)
            .map(|(_, d)| d)
    }

    /// The validation context for a draft of `product`.
    pub fn context(&self, product: Product) -> Context<'_> {
        self.facts(product).context()
    }

    /// What the account said, as the form model reads it, for a draft of `product`.
    pub fn facts(&self, product: Product) -> crate::form::Facts<'_> {
        crate::form::Facts {
            organizations: self.organizations.as_deref(),
            containers: self.containers.as_deref(),
            users: self.users.as_deref(),
            metadata: self.metadata.as_deref(),
            product: self.product(product),
            products: self.listed.as_deref(),
        }
    }
}
