//! The sandbox's account: organizations, divisions, users, custom fields and product details,
//! from `assets/sandbox-seed.json`. It includes organization 334455 and division 221122, the ids
//! of the documented example, and every custom field is optional so that example is valid.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use crate::order::account::{Container, MetadataField, Organization, ProductDetails, User};
use crate::order::validate::{Context, Diagnostic, validate};
use crate::order::{Draft, Product};

/// The seed file, built into the binary.
pub const SEED_JSON: &str = include_str!("../../assets/sandbox-seed.json");

/// The sandbox's account.
#[derive(Debug, Clone, Deserialize)]
pub struct Seed {
    pub organizations: Vec<Organization>,
    pub containers: Vec<Container>,
    pub users: Vec<User>,
    pub metadata: Vec<MetadataField>,
    /// Product details by name id.
    pub products: BTreeMap<String, ProductDetails>,
}

impl Seed {
    /// Reads the built-in seed.
    pub fn load() -> Result<Seed, serde_json::Error> {
        serde_json::from_str(SEED_JSON)
    }

    /// A product's details.
    pub fn product(&self, product: Product) -> Option<&ProductDetails> {
        self.products.get(product.name_id())
    }

    /// The errors in an order body, checked as certwiz checks it, with this account's custom
    /// fields and product details, plus whether the organization and division exist.
    pub fn order_errors(&self, product: Product, body: &Value) -> Vec<Diagnostic> {
        let (draft, mut found) = Draft::from_body(product, body);
        let ctx = Context {
            metadata: Some(&self.metadata),
            product: self.product(product),
        };
        found.extend(validate(&draft, &ctx));
        found.retain(Diagnostic::is_error);
        if found.is_empty() {
            self.check_ids(&draft, &mut found);
        }
        found
    }

    fn check_ids(&self, draft: &Draft, found: &mut Vec<Diagnostic>) {
        let id = |path: &str| draft.get(path).trim().parse::<i64>().ok();
        if let Some(org) = id("organization.id")
            && !self.organizations.iter().any(|o| o.id == org)
        {
            found.push(Diagnostic::error(
                "organization.id",
                "invalid_organization",
                format!("Organization {org} does not exist in this account"),
            ));
        }
        if let Some(container) = id("container.id")
            && !self.containers.iter().any(|c| c.id == container)
        {
            found.push(Diagnostic::error(
                "container.id",
                "invalid_container",
                format!("Division {container} does not exist in this account"),
            ));
        }
        let users = crate::order::draft::parse_id_list(draft.get("user_id_assignments"));
        for user in users.unwrap_or_default() {
            if !self.users.iter().any(|u| u.id == user) {
                found.push(Diagnostic::error(
                    "user_id_assignments",
                    "invalid_user",
                    format!("User {user} does not exist in this account"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const REQUEST: &str = include_str!("../../tests/fixtures/documented-order-request.json");

    #[test]
    fn seed_holds_what_the_documented_example_needs() {
        let seed = Seed::load().unwrap();
        assert!(seed.organizations.iter().any(|o| o.id == 334455));
        assert!(seed.containers.iter().any(|c| c.id == 221122));
        assert!(seed.metadata.iter().all(|m| !m.is_required));
        assert!(seed.metadata.iter().any(|m| !m.is_active));
        for p in Product::ALL {
            let d = seed.product(p).unwrap();
            assert_eq!(d.allowed_validity_years, vec![1, 2, 3]);
            assert!(d.server_platforms.iter().any(|s| s.id == -1));
            assert!(d.server_platforms.iter().any(|s| s.id == 21));
            assert_eq!(d.csr_required, Some(false));
        }
    }

    #[test]
    fn documented_body_is_valid_for_both_products() {
        let seed = Seed::load().unwrap();
        let body: Value = serde_json::from_str(REQUEST).unwrap();
        for p in Product::ALL {
            assert!(seed.order_errors(p, &body).is_empty(), "{p}");
        }
    }

    #[test]
    fn unknown_ids_and_bad_fields_are_errors_with_paths() {
        let seed = Seed::load().unwrap();
        let mut body: Value = serde_json::from_str(REQUEST).unwrap();
        body["organization"]["id"] = json!(1);
        let errors = seed.order_errors(Product::default(), &body);
        assert_eq!(errors[0].path, "organization.id");
        body["organization"]["id"] = json!(334455);
        body["validity_years"] = json!(4);
        body["ship_info"]["city"] = json!("");
        let paths: Vec<String> = seed
            .order_errors(Product::default(), &body)
            .into_iter()
            .map(|d| d.path)
            .collect();
        assert!(paths.contains(&"validity_years".to_owned()), "{paths:?}");
        assert!(paths.contains(&"ship_info.city".to_owned()), "{paths:?}");
    }
}
