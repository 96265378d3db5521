//! What the account tells the form: organizations, divisions, users, custom fields and product
//! details. These are API answers, so they are lenient like every response type: only ids are
//! required and unknown fields are kept.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// `GET /organization` item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    pub id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_active: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
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

/// A division reference inside an organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContainerRef {
    pub id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// `GET /organization` answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OrganizationList {
    #[serde(default)]
    pub organizations: Vec<Organization>,
}

/// `GET /container` item: a division.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Container {
    pub id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_active: Option<bool>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /container` answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ContainerList {
    #[serde(default)]
    pub containers: Vec<Container>,
}

/// `GET /user` item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
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

/// A page description of a paged list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Page {
    #[serde(default)]
    pub total: u64,
    #[serde(default)]
    pub limit: u64,
    #[serde(default)]
    pub offset: u64,
}

/// `GET /user` answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UserList {
    #[serde(default)]
    pub users: Vec<User>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetadataField {
    pub id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default)]
    pub is_required: bool,
    #[serde(default = "default_true")]
    pub is_active: bool,
    #[serde(default = "default_text")]
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
    #[serde(default)]
    pub metadata: Vec<MetadataField>,
}

/// A server platform a product allows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServerPlatform {
    pub id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// `GET /product/{name_id}`, the parts the form uses.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProductDetails {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowed_validity_years: Vec<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub server_platforms: Vec<ServerPlatform>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signature_hash_types: Vec<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
