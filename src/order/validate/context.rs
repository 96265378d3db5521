//! What validation is told about the account, and where custom fields' diagnostics go.

use crate::order::account::{
    Container, ListedProduct, MetadataField, Organization, ProductDetails,
};

/// What the account tells validation, when it is known (the CLI may validate offline). Each part
/// is `None` when it was not read, and then its rules are left to CertCentral.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// The account's custom fields (`GET /account/metadata`).
    pub metadata: Option<&'a [MetadataField]>,
    /// The product's details (`GET /product/{name_id}`).
    pub product: Option<&'a ProductDetails>,
    /// The account's organizations (`GET /organization`).
    pub organizations: Option<&'a [Organization]>,
    /// The account's divisions (`GET /container`).
    pub containers: Option<&'a [Container]>,
    /// What the account can order (`GET /product`): a product it does not list is an error at
    /// the product.
    pub products: Option<&'a [ListedProduct]>,
}

/// What a custom field's path starts with (`custom_fields.502`), also a batch file's column.
pub const CUSTOM_FIELD_PREFIX: &str = "custom_fields.";

/// The path under which a custom field's diagnostics are reported.
pub fn custom_field_path(metadata_id: i64) -> String {
    format!("{CUSTOM_FIELD_PREFIX}{metadata_id}")
}
