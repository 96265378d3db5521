//! The server platforms of a product, as DigiCert's product info answers them, and the list a
//! person chooses from.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::order::lenient;

/// A server platform a product allows (`server_platforms[]` of `GET /product/{name_id}`).
///
/// Names come from the account's answer; certwiz has no list of its own. The only ids DigiCert's
/// pages show for document signing are `-1` ("OTHER", the default) and `21` (the order example's
/// value, not named there).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServerPlatform {
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub name: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ServerPlatform {
    /// A platform with an id and, when known, its name.
    pub fn new(id: i64, name: Option<&str>) -> Self {
        ServerPlatform {
            id,
            name: name.map(str::to_owned),
            extra: Map::new(),
        }
    }
}

/// One server platform a person may choose for a product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlatformChoice {
    pub id: i64,
    /// The product's name for it, "OTHER" for -1 when the product leaves it out, else
    /// "platform N".
    pub name: String,
    /// -1 added by certwiz because the product's details did not list it.
    pub added: bool,
}

/// The platforms to choose from: the product's own list, with DigiCert's documented default
/// -1 ("OTHER") first when the list leaves it out. certwiz names no platform itself but -1.
/// The wizard's picker and plain mode's numbered list both read this.
pub fn platform_choices(platforms: &[ServerPlatform]) -> Vec<PlatformChoice> {
    let mut choices = Vec::with_capacity(platforms.len() + 1);
    if !platforms.iter().any(|p| p.id == -1) {
        choices.push(PlatformChoice {
            id: -1,
            name: "OTHER".into(),
            added: true,
        });
    }
    choices.extend(platforms.iter().map(|p| {
        PlatformChoice {
            id: p.id,
            name: p
                .name
                .clone()
                .unwrap_or_else(|| format!("platform {}", p.id)),
            added: false,
        }
    }));
    choices
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_comes_first_when_the_product_leaves_it_out() {
        let listed = [ServerPlatform::new(21, None)];
        let choices = platform_choices(&listed);
        let ids: Vec<(i64, &str, bool)> = choices
            .iter()
            .map(|c| (c.id, c.name.as_str(), c.added))
            .collect();
        assert_eq!(ids, [(-1, "OTHER", true), (21, "platform 21", false)]);
    }

    #[test]
    fn the_products_own_names_are_kept_and_nothing_is_added() {
        let listed = [
            ServerPlatform::new(-1, Some("OTHER")),
            ServerPlatform::new(21, Some("Example platform 21")),
        ];
        let names: Vec<String> = platform_choices(&listed)
            .into_iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(names, ["OTHER", "Example platform 21"]);
    }
}
