//! The sandbox's account: organizations, divisions, users, custom fields and product details,
//! from `assets/sandbox-seed.json`. It includes organization 334455 and division 221122, the ids
//! of the documented example, and every custom field is optional so that example is valid.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;
use serde_json::Value;

use crate::order::account::{
    Container, ContainerList, MetadataField, MetadataList, Organization, OrganizationList,
    ProductDetails, User,
};
use crate::order::catalog::FieldId;
use crate::order::validate::{Context, Diagnostic, validate};
use crate::order::{Draft, Product};

/// The seed file, built into the binary.
pub const SEED_JSON: &str = include_str!("../../assets/sandbox-seed.json");

/// The sandbox's account, typed for its checks, plus each answer exactly as the seed file writes
/// it: the sandbox serves the written JSON (in DigiCert's documented shapes, see
/// `docs/digicert-api-reference.md`), not certwiz's re-serialized types, so that a difference
/// between the two shows up in the conformance tests instead of being hidden.
#[derive(Debug, Clone)]
pub struct Seed {
    pub organizations: Vec<Organization>,
    pub containers: Vec<Container>,
    pub users: Vec<User>,
    pub metadata: Vec<MetadataField>,
    /// Product details by name id.
    pub products: BTreeMap<String, ProductDetails>,
    /// The answers as written in the seed file.
    pub answers: Answers,
}

/// The seed file's answers, as written.
#[derive(Debug, Clone, Deserialize)]
pub struct Answers {
    /// `GET /organization`.
    pub organizations: Value,
    /// `GET /container`.
    pub containers: Value,
    /// The rows of `GET /user` (paged by the sandbox).
    pub users: Vec<Value>,
    /// `GET /account/metadata`.
    pub metadata: Value,
    /// `GET /product/{name_id}` by name id.
    pub products: BTreeMap<String, Value>,
}

/// The built-in seed, read the first time the sandbox needs it: in the wizard, after its first
/// frame (reading it is most of the embedded sandbox's start; BENCHMARKS.md, 2026-12-07). Its
/// error, were the built-in file unreadable (a test reads it), is each route's that needs it.
pub fn built_in() -> Result<&'static Seed, String> {
    static BUILT_IN: LazyLock<Result<Seed, String>> =
        LazyLock::new(|| Seed::load().map_err(|e| format!("the built-in seed: {e}")));
    BUILT_IN.as_ref().map_err(Clone::clone)
}

impl Seed {
    /// Reads the built-in seed.
    pub fn load() -> Result<Seed, serde_json::Error> {
        Seed::from_json(SEED_JSON)
    }

    /// Reads a seed in the built-in seed's format.
    pub fn from_json(text: &str) -> Result<Seed, serde_json::Error> {
        let answers: Answers = serde_json::from_str(text)?;
        // The typed values are read from the answers in place (a `&Value` is a deserializer),
        // not from copies of them.
        let organizations = OrganizationList::deserialize(&answers.organizations)?;
        let containers = ContainerList::deserialize(&answers.containers)?;
        let metadata = MetadataList::deserialize(&answers.metadata)?;
        let users = answers
            .users
            .iter()
            .map(User::deserialize)
            .collect::<Result<_, _>>()?;
        let products = answers
            .products
            .iter()
            .map(|(id, p)| Ok((id.clone(), ProductDetails::deserialize(p)?)))
            .collect::<Result<_, serde_json::Error>>()?;
        Ok(Seed {
            organizations: organizations.organizations,
            containers: containers.containers,
            users,
            metadata: metadata.metadata,
            products,
            answers,
        })
    }

    /// A product's details.
    pub fn product(&self, product: Product) -> Option<&ProductDetails> {
        self.products.get(product.name_id())
    }

    /// The errors in an order body, checked as certwiz checks it with this account's custom
    /// fields, product details, organizations and divisions, plus whether the users exist.
    pub fn order_errors(&self, product: Product, body: &Value) -> Vec<Diagnostic> {
        let (draft, mut found) = Draft::from_body(product, body);
        let ctx = Context {
            metadata: Some(&self.metadata),
            product: self.product(product),
            organizations: Some(&self.organizations),
            containers: Some(&self.containers),
            // What the sandbox sells is checked by the order route (`CERTWIZ_SANDBOX_PRODUCTS`).
            products: None,
        };
        found.extend(validate(&draft, &ctx));
        found.retain(Diagnostic::is_error);
        if found.is_empty() {
            self.check_users(&draft, &mut found);
        }
        found
    }

    fn check_users(&self, draft: &Draft, found: &mut Vec<Diagnostic>) {
        let field = FieldId::OrderManagers;
        let users = crate::order::draft::parse_id_list(draft.get(field));
        for user in users.unwrap_or_default() {
            if !self.users.iter().any(|u| u.id == user) {
                found.push(Diagnostic::error(
                    field.path(),
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
        for p in [Product::DocumentSigningOrg1, Product::DocumentSigningOrg2] {
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
        for p in [Product::DocumentSigningOrg1, Product::DocumentSigningOrg2] {
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

    /// The sandbox refuses a missing field exactly when `validate::is_required` (the rule behind
    /// the wizard's `*`) says it is required: checked for every field, with each kind of
    /// requirement both met and not (an HSM order without shipping, the current validity form).
    #[test]
    fn the_sandbox_requires_what_is_required_says() {
        use crate::order::catalog::ObjectId;
        use crate::order::validate::is_required;
        let seed = Seed::load().unwrap();
        let (documented, _) =
            Draft::from_body(Product::default(), &serde_json::from_str(REQUEST).unwrap());
        let mut hsm = documented.clone();
        hsm.set(FieldId::Provisioning, "email");
        hsm.clear_object(ObjectId::ShipInfo);
        let mut current = documented.clone();
        current.set(FieldId::OrderValidityYears, "2");
        let mut seen = (0, 0);
        let example = |text: &str, product: Product| {
            let body = serde_json::from_str::<Value>(text).unwrap()["body"].clone();
            let mut draft = Draft::from_body(product, &body).0;
            // The seed's organization: the example's is not one of the sandbox's.
            draft.set("organization.id", "334455");
            draft
        };
        let ds_org = example(
            include_str!("../../tests/fixtures/digicert/order-request-ds-org.json"),
            Product::DsOrg,
        );
        let ds_individual = example(
            include_str!("../../tests/fixtures/digicert/order-request-ds-individual.json"),
            Product::DsIndividual,
        );
        for base in [&documented, &hsm, &current, &ds_org, &ds_individual] {
            for spec in crate::order::catalog::fields(base.product)
                .iter()
                .filter(|f| !f.is_custom_field())
            {
                let mut draft = base.clone();
                draft.set(spec.id, "");
                let refused = seed
                    .order_errors(draft.product, &draft.to_body())
                    .iter()
                    .any(|d| d.path == spec.path && d.code == "required");
                let required = is_required(spec, &draft);
                assert_eq!(refused, required, "{} in {:?}", spec.path, draft.to_body());
                if required {
                    seen.0 += 1;
                } else {
                    seen.1 += 1;
                }
            }
        }
        assert!(seen.0 > 20 && seen.1 > 20, "{seen:?}");
        // The conditional rules, both ways.
        let csr = FieldId::Csr.spec();
        assert!(is_required(csr, &hsm) && !is_required(csr, &documented));
        let years = FieldId::ValidityYears.spec();
        assert!(is_required(years, &documented) && !is_required(years, &current));
        let city = FieldId::ShipCity.spec();
        assert!(is_required(city, &documented) && !is_required(city, &hsm));
    }
}
