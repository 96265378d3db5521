//! What the account said, for the form's lists and rules.

use crate::order::Product;
use crate::order::account::{Container, MetadataField, Organization, ProductDetails, User};
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
        Context {
            metadata: self.metadata.as_deref(),
            product: self.product(product),
            organizations: self.organizations.as_deref(),
            containers: self.containers.as_deref(),
        }
    }

    /// A custom field's metadata by id.
    pub(super) fn metadata(&self, id: i64) -> Option<&MetadataField> {
        self.metadata.iter().flatten().find(|m| m.id == id)
    }

    /// The active custom fields, in the account's order.
    pub(super) fn custom_fields(&self) -> impl Iterator<Item = &MetadataField> {
        self.metadata.iter().flatten().filter(|m| m.is_active)
    }
}
