//! What the account tells the form: organizations, divisions, users, custom fields and product
//! details. These are API answers, so they are lenient like every response type: only ids are
//! required and unknown fields are kept.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::lenient;

mod hashes;
mod platform;
mod products;
pub use hashes::{HashType, SignatureHashTypes};
pub use platform::{PlatformChoice, ServerPlatform, platform_choices};
pub use products::{ListedProduct, ProductList, offered, years_text};

/// `GET /organization` item.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub display_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_active: Option<bool>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub city: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub state: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub country: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub container: Option<ContainerRef>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Organization {
    /// The name to show: display name, else name, else the id.
    pub fn label(&self) -> String {
        self.display_name
            .clone()
            .or_else(|| self.name.clone())
            .unwrap_or_else(|| format!("organization {}", self.id))
    }
}

/// A division reference inside an organization: `{id, parent_id, name, is_active}` on List
/// organizations; only the id is needed.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContainerRef {
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub name: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /organization` answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OrganizationList {
    #[serde(default, deserialize_with = "lenient::list")]
    pub organizations: Vec<Organization>,
}

/// `GET /container` item: a division.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Container {
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub parent_id: Option<i64>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_active: Option<bool>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /container` answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ContainerList {
    #[serde(default, deserialize_with = "lenient::list")]
    pub containers: Vec<Container>,
}

/// `GET /user` item.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub username: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub first_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub last_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub status: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl User {
    /// "First Last (username)", or whatever of it is known.
    pub fn label(&self) -> String {
        let name = [self.first_name.as_deref(), self.last_name.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        match (name.is_empty(), self.username.as_deref()) {
            (false, Some(u)) => format!("{name} ({u})"),
            (false, None) => name,
            (true, Some(u)) => u.to_owned(),
            (true, None) => format!("user {}", self.id),
        }
    }
}

/// A page description of a paged list. Only informative: DigiCert's `total` has been seen to
/// disagree with the rows, so lists are read until a short page ([`more_pages`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Page {
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub total: Option<i64>,
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub limit: Option<i64>,
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub offset: Option<i64>,
}

/// Whether to ask for another page after one that brought `got` rows, when `asked` were asked
/// for. A short or empty page is the last; `total` is not trusted (it has been seen to count
/// rows the list never returns, and to be missing).
pub fn more_pages(got: usize, asked: usize) -> bool {
    got > 0 && got >= asked
}

/// `GET /user` answer.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UserList {
    #[serde(default, deserialize_with = "lenient::list")]
    pub users: Vec<User>,
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub page: Option<Page>,
}

/// The type of a custom field's value, as `data_type` names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum DataType {
    Text,
    Int,
    EmailAddress,
    EmailList,
    /// A type the documentation has not seen; its values are checked as text.
    Other(String),
}

impl DataType {
    /// The API spelling.
    pub fn as_str(&self) -> &str {
        match self {
            DataType::Text => "text",
            DataType::Int => "int",
            DataType::EmailAddress => "email_address",
            DataType::EmailList => "email_list",
            DataType::Other(s) => s,
        }
    }
}

impl From<String> for DataType {
    fn from(s: String) -> Self {
        match s.as_str() {
            "text" => DataType::Text,
            "int" => DataType::Int,
            "email_address" => DataType::EmailAddress,
            "email_list" => DataType::EmailList,
            _ => DataType::Other(s),
        }
    }
}

impl From<DataType> for String {
    fn from(d: DataType) -> String {
        d.as_str().to_owned()
    }
}

/// `GET /account/metadata` item: one custom field the account defines.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetadataField {
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub label: Option<String>,
    #[serde(default, deserialize_with = "lenient_flag_false")]
    pub is_required: bool,
    #[serde(default = "default_true", deserialize_with = "lenient_flag_true")]
    pub is_active: bool,
    #[serde(default = "default_text", deserialize_with = "lenient_data_type")]
    pub data_type: DataType,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn default_true() -> bool {
    true
}

fn default_text() -> DataType {
    DataType::Text
}

fn lenient_flag_false<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(lenient::opt_bool(d)?.unwrap_or(false))
}

fn lenient_flag_true<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(lenient::opt_bool(d)?.unwrap_or(true))
}

fn lenient_data_type<'de, D: serde::Deserializer<'de>>(d: D) -> Result<DataType, D::Error> {
    Ok(lenient::opt_text(d)?.map_or(DataType::Text, DataType::from))
}

impl MetadataField {
    /// The label, or "custom field N".
    pub fn name(&self) -> String {
        self.label
            .clone()
            .unwrap_or_else(|| format!("custom field {}", self.id))
    }
}

/// `GET /account/metadata` answer; the API answers `{}` when there are none.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MetadataList {
    #[serde(default, deserialize_with = "lenient::list")]
    pub metadata: Vec<MetadataField>,
}

/// `GET /product/{name_id}`, the parts the form uses; every other field is kept in `extra`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProductDetails {
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub name_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub name: Option<String>,
    /// Numbers on DigiCert's product page; strings (`["1","2"]`) seen by outside clients.
    #[serde(
        default,
        deserialize_with = "lenient::ints",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub allowed_validity_years: Vec<i64>,
    #[serde(
        default,
        deserialize_with = "lenient::list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub server_platforms: Vec<ServerPlatform>,
    #[serde(default)]
    pub signature_hash_types: SignatureHashTypes,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub csr_required: Option<bool>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_answers_empty_object() {
        let list: MetadataList = serde_json::from_str("{}").unwrap();
        assert!(list.metadata.is_empty());
    }

    #[test]
    fn unknown_data_type_is_kept() {
        let f: MetadataField =
            serde_json::from_str(r#"{"id":3,"data_type":"date","is_required":true}"#).unwrap();
        assert_eq!(f.data_type, DataType::Other("date".into()));
        assert!(f.is_active);
        assert_eq!(f.name(), "custom field 3");
    }

    #[test]
    fn user_labels() {
        let u: User =
            serde_json::from_str(r#"{"id":1,"first_name":"Ada","username":"ada"}"#).unwrap();
        assert_eq!(u.label(), "Ada (ada)");
    }
}
