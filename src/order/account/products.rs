//! What the account can order: `GET /product`, DigiCert's "Product list"
//! (<https://dev.digicert.com/certcentral-apis/services-api/products/product-list.html>, also
//! /pt-br/ and /zh-tw/services-api/products/product-list/). Every stored copy of the page is cut
//! in its third product, the first of group `document_signing` (`"name_i…`), so no page shows a
//! document signing entry: certwiz reads them with the shape of the code signing entries the page
//! does show, leniently, keeping every other field.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::hashes::SignatureHashTypes;
use crate::order::lenient;
use crate::order::product::Product;

/// One product of `GET /product`. Only `name_id` is needed; the page's example shows
/// `group_name`, `name_id`, `name`, `type`, `allowed_container_ids`, `allowed_validity_years`,
/// `allowed_order_validity_years`, `signature_hash_types` and `csr_required`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListedProduct {
    #[serde(deserialize_with = "listed_name_id")]
    pub name_id: String,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub group_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub name: Option<String>,
    #[serde(default, rename = "type", deserialize_with = "lenient::opt_text")]
    pub kind: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::ints",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub allowed_container_ids: Vec<i64>,
    /// Numbers on the page; strings are read too, as for product info.
    #[serde(
        default,
        deserialize_with = "lenient::ints",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub allowed_validity_years: Vec<i64>,
    #[serde(
        default,
        deserialize_with = "lenient::ints",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub allowed_order_validity_years: Vec<i64>,
    #[serde(default)]
    pub signature_hash_types: SignatureHashTypes,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub csr_required: Option<bool>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn listed_name_id<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    use serde::de::Error as _;
    lenient::opt_text(d)?.ok_or_else(|| D::Error::custom("a product without a name_id"))
}

impl ListedProduct {
    /// The certwiz product this is, when it is one of the five document signing products.
    pub fn product(&self) -> Option<Product> {
        self.name_id.parse().ok()
    }

    /// "Document Signing for Organization, 1 or 2 years": the account's name for it (else
    /// certwiz's label) and the validity it allows, when the list says.
    pub fn describe(&self) -> String {
        let name = match (&self.name, self.product()) {
            (Some(name), _) => name.clone(),
            (None, Some(p)) => p.label().to_owned(),
            (None, None) => self.name_id.clone(),
        };
        match years_text(&self.allowed_validity_years) {
            Some(years) => format!("{name}, {years}"),
            None => name,
        }
    }
}

/// "1 year", "1 or 2 years", "1, 2 or 3 years"; `None` for no list.
pub fn years_text(years: &[i64]) -> Option<String> {
    let (last, rest) = years.split_last()?;
    let unit = if years.len() == 1 && *last == 1 {
        "year"
    } else {
        "years"
    };
    if rest.is_empty() {
        return Some(format!("{last} {unit}"));
    }
    let rest: Vec<String> = rest.iter().map(i64::to_string).collect();
    Some(format!("{} or {last} {unit}", rest.join(", ")))
}

/// `GET /product` answer. Entries that do not parse (no `name_id`) are skipped.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProductList {
    #[serde(default, deserialize_with = "lenient::list")]
    pub products: Vec<ListedProduct>,
}

/// The document signing products an account lists, with their entries, in the list's order.
/// Products the list names that certwiz does not order (TLS, code signing, …) are left out.
pub fn offered(list: &[ListedProduct]) -> Vec<(Product, &ListedProduct)> {
    let mut out: Vec<(Product, &ListedProduct)> = Vec::new();
    for entry in list {
        if let Some(p) = entry.product()
            && !out.iter().any(|(q, _)| *q == p)
        {
            out.push((p, entry));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_without_a_name_id_are_skipped_and_others_kept() {
        let list: ProductList = serde_json::from_str(
            r#"{"products":[{"name":"no id"},{"name_id":"ds_org","allowed_validity_years":["1","2"],"future":7},{"name_id":"ssl_plus"}]}"#,
        )
        .unwrap();
        assert_eq!(list.products.len(), 2);
        assert_eq!(list.products[0].allowed_validity_years, vec![1, 2]);
        assert_eq!(list.products[0].extra["future"], 7);
        let offered = offered(&list.products);
        assert_eq!(offered.len(), 1);
        assert_eq!(offered[0].0, Product::DsOrg);
        assert_eq!(
            offered[0].1.describe(),
            "Document Signing for Organization, 1 or 2 years"
        );
    }

    #[test]
    fn years_read_as_a_person_says_them() {
        assert_eq!(years_text(&[]), None);
        assert_eq!(years_text(&[1]).as_deref(), Some("1 year"));
        assert_eq!(years_text(&[2]).as_deref(), Some("2 years"));
        assert_eq!(years_text(&[1, 2, 3]).as_deref(), Some("1, 2 or 3 years"));
    }
}
