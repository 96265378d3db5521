//! A shipping or subject profile: the `ship_info.*` or `subject.*` field texts of a draft, saved
//! under a name so the same signer or address need not be typed again.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use time::OffsetDateTime;

use crate::order::catalog::{self, FieldSpec, OBJECTS, ObjectId};
use crate::order::draft::{InputError, read_input};
use crate::order::validate::{Context, Diagnostic, validate};
use crate::order::{Draft, Product};

/// The version of the profile file format this build writes.
pub const PROFILE_FORMAT_VERSION: u32 = 1;

/// Which part of the order a profile fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProfileKind {
    /// `ship_info`: where the token is shipped.
    Shipping,
    /// `subject`: the person named on the certificate.
    Subject,
}

impl ProfileKind {
    /// Both kinds, in the order the wizard's screens come.
    pub const ALL: [ProfileKind; 2] = [ProfileKind::Subject, ProfileKind::Shipping];

    /// The name used on the command line and in folder names.
    pub fn as_str(self) -> &'static str {
        match self {
            ProfileKind::Shipping => "shipping",
            ProfileKind::Subject => "subject",
        }
    }

    /// The order body's object this kind holds (`ship_info`, `subject`).
    pub fn object(self) -> &'static str {
        match self {
            ProfileKind::Shipping => ObjectId::ShipInfo.path(),
            ProfileKind::Subject => ObjectId::Subject.path(),
        }
    }

    /// The catalog's fields of this kind, in body order.
    pub fn fields(self) -> impl Iterator<Item = &'static FieldSpec> {
        catalog::FIELDS
            .iter()
            .filter(move |f| self.suffix(f.path).is_some())
    }

    /// The field key of a full path (`city` for `ship_info.city`), when the path is of this kind.
    pub fn suffix(self, path: &str) -> Option<&str> {
        path.strip_prefix(self.object())?.strip_prefix('.')
    }

    /// The full path of a field key (`ship_info.city` for `city`).
    pub fn path(self, key: &str) -> String {
        format!("{}.{key}", self.object())
    }
}

impl fmt::Display for ProfileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ProfileKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "shipping" | "ship_info" => Ok(ProfileKind::Shipping),
            "subject" => Ok(ProfileKind::Subject),
            other => Err(format!(
                "unknown profile kind {other:?}: expected shipping or subject"
            )),
        }
    }
}

/// A saved profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub kind: ProfileKind,
    /// The name as typed (any printable text).
    pub name: String,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub saved_at: Option<OffsetDateTime>,
    /// Field key (`city`) → text as typed.
    pub fields: BTreeMap<String, String>,
}

/// A profile as stored: the format version, then the profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileFile {
    /// The format version; its presence marks the file as a certwiz profile.
    pub certwiz_profile: u32,
    #[serde(flatten)]
    pub profile: Profile,
}

impl Profile {
    /// The profile of a draft's current values of this kind.
    pub fn from_draft(kind: ProfileKind, name: impl Into<String>, draft: &Draft) -> Self {
        let fields = draft
            .values
            .iter()
            .filter(|(_, text)| !text.is_empty())
            .filter_map(|(path, text)| Some((kind.suffix(path)?.to_owned(), text.to_owned())))
            .collect();
        Profile {
            kind,
            name: name.into(),
            saved_at: None,
            fields,
        }
    }

    /// Replaces the draft's fields of this kind with the profile's. Keys the catalog does not
    /// know are skipped; [`Profile::diagnostics`] reports them.
    pub fn apply_to(&self, draft: &mut Draft) {
        draft.clear_object(self.kind.object());
        for spec in self.kind.fields() {
            if let Some(text) = self
                .kind
                .suffix(spec.path)
                .and_then(|key| self.fields.get(key))
            {
                draft.set(spec.path, text.clone());
            }
        }
    }

    /// The order catalog's diagnostics for this profile's fields, as the form would show them.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        check_fields(self.kind, &self.fields)
    }

    /// One line for a picker: the values that tell profiles apart.
    pub fn summary(&self) -> String {
        let keys: &[&str] = match self.kind {
            ProfileKind::Shipping => &["name", "addr1", "city", "state", "zip", "country"],
            ProfileKind::Subject => &["name", "job_title", "email", "phone"],
        };
        let parts: Vec<&str> = keys
            .iter()
            .filter_map(|k| self.fields.get(*k))
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .collect();
        if parts.is_empty() {
            "(empty)".to_owned()
        } else {
            // One line, whatever the values hold.
            parts.join(", ").replace(char::is_control, " ")
        }
    }

    /// The profile as its file holds it.
    pub fn to_file(&self) -> ProfileFile {
        ProfileFile {
            certwiz_profile: PROFILE_FORMAT_VERSION,
            profile: self.clone(),
        }
    }
}

/// Checks a profile's fields by the order catalog's rules; only diagnostics of this kind's
/// fields are returned, plus one for each key the catalog does not know and one for no values.
pub fn check_fields(kind: ProfileKind, fields: &BTreeMap<String, String>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut draft = Draft::empty(Product::default());
    for (key, text) in fields {
        let path = kind.path(key);
        if catalog::field(&path).is_none() {
            out.push(Diagnostic::error(
                &path,
                "unknown_field",
                format!("{path} is not a field of a {kind} profile; check its spelling"),
            ));
        } else {
            draft.values.insert(path, text.clone());
        }
    }
    if !draft.object_given(kind.object()) {
        out.push(Diagnostic::error(
            kind.object(),
            "empty",
            format!("A {kind} profile needs at least one value"),
        ));
    }
    let prefix = format!("{}.", kind.object());
    out.extend(
        validate(&draft, &Context::default())
            .into_iter()
            .filter(|d| d.path.starts_with(&prefix)),
    );
    out
}

/// Reads a profile's fields from JSON text: a profile file, a certwiz draft, a whole order body
/// (its `ship_info` or `subject` object), or that object alone. Values of the wrong JSON type
/// are reported as diagnostics, as `validate` reports them.
pub fn fields_from_json(
    kind: ProfileKind,
    text: &str,
) -> Result<(BTreeMap<String, String>, Vec<Diagnostic>), InputError> {
    let value: Value = serde_json::from_str(text).map_err(|e| InputError::syntax(text, &e))?;
    let Value::Object(map) = &value else {
        return Err(InputError::BadDraft(format!(
            "expected a JSON object holding {} fields",
            kind.object()
        )));
    };
    if map.contains_key("certwiz_profile") {
        let file: ProfileFile = serde_json::from_value(value.clone())
            .map_err(|e| InputError::BadDraft(format!("not a certwiz profile: {e}")))?;
        if file.certwiz_profile > PROFILE_FORMAT_VERSION {
            return Err(InputError::BadDraft(format!(
                "a profile of format version {}; this certwiz reads up to {PROFILE_FORMAT_VERSION}",
                file.certwiz_profile
            )));
        }
        if file.profile.kind != kind {
            return Err(InputError::BadDraft(format!(
                "this is a {} profile, not a {kind} one",
                file.profile.kind
            )));
        }
        return Ok((file.profile.fields, Vec::new()));
    }
    let (draft, problems) = if map.contains_key("certwiz_draft") || is_order_body(map) {
        let (draft, problems) = read_input(text, None)?;
        if !draft.object_given(kind.object()) {
            return Err(InputError::BadDraft(format!(
                "the order has no {} object",
                kind.object()
            )));
        }
        (draft, problems)
    } else {
        let mut body = Map::new();
        body.insert(kind.object().to_owned(), value.clone());
        Draft::from_body(Product::default(), &Value::Object(body))
    };
    let prefix = format!("{}.", kind.object());
    let problems = problems
        .into_iter()
        .filter(|d| d.path.starts_with(&prefix) || d.path == kind.object())
        .collect();
    Ok((Profile::from_draft(kind, "", &draft).fields, problems))
}

/// Whether an object's keys are those of a whole order body rather than of one of its objects.
/// No key of `ship_info` or `subject` is also a top-level key of the body.
fn is_order_body(map: &Map<String, Value>) -> bool {
    map.keys().any(|k| {
        catalog::FIELDS
            .iter()
            .any(|f| f.path.split(['.', '[']).next() == Some(k.as_str()))
            || OBJECTS.iter().any(|o| o.path == k)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const REQUEST: &str = include_str!("../../tests/fixtures/documented-order-request.json");

    fn shipping(fields: &[(&str, &str)]) -> BTreeMap<String, String> {
        fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_profile_moves_a_drafts_section_into_another_draft() {
        let (source, _) = read_input(REQUEST, None).unwrap();
        let profile = Profile::from_draft(ProfileKind::Shipping, "HQ", &source);
        assert!(profile.fields.contains_key("city"));
        assert!(profile.fields.keys().all(|k| !k.contains('.')));
        let mut target = Draft::new(Product::default());
        target.set("ship_info.addr2", "left over");
        profile.apply_to(&mut target);
        for spec in ProfileKind::Shipping.fields() {
            assert_eq!(
                target.get(spec.path),
                source.get(spec.path),
                "{}",
                spec.path
            );
        }
        assert_eq!(
            target.get("subject.name"),
            "",
            "other sections are untouched"
        );
        assert!(
            profile.diagnostics().is_empty(),
            "{:?}",
            profile.diagnostics()
        );
        let subject = Profile::from_draft(ProfileKind::Subject, "S", &source);
        assert_eq!(subject.fields.len(), 4);
        assert!(subject.summary().contains(source.get("subject.email")));
    }

    #[test]
    fn profiles_are_checked_by_the_catalog_rules() {
        let fields = shipping(&[("city", "Lehi"), ("country", "zz"), ("citty", "x")]);
        let d = check_fields(ProfileKind::Shipping, &fields);
        let paths: Vec<_> = d.iter().map(|d| (d.path.as_str(), d.code)).collect();
        assert!(
            paths.contains(&("ship_info.country", "country")),
            "{paths:?}"
        );
        assert!(
            paths.contains(&("ship_info.citty", "unknown_field")),
            "{paths:?}"
        );
        assert!(
            paths.contains(&("ship_info.addr1", "required")),
            "{paths:?}"
        );
        assert!(
            d.iter().all(|d| d.path.starts_with("ship_info")),
            "{paths:?}"
        );
        let empty = check_fields(ProfileKind::Subject, &BTreeMap::new());
        assert_eq!(empty[0].code, "empty");
        let subject = shipping(&[("name", "A"), ("email", "not-an-email")]);
        let d = check_fields(ProfileKind::Subject, &subject);
        assert!(d.iter().any(|d| d.path == "subject.email" && d.is_error()));
        assert!(
            d.iter()
                .any(|d| d.path == "subject.job_title" && d.is_error())
        );
    }

    #[test]
    fn fields_are_read_from_objects_bodies_drafts_and_profiles() {
        let (source, _) = read_input(REQUEST, None).unwrap();
        let want = Profile::from_draft(ProfileKind::Shipping, "", &source).fields;
        let body: Value = serde_json::from_str(REQUEST).unwrap();
        let object = body["ship_info"].to_string();
        let draft = serde_json::to_string(&DraftFile::new(source.clone())).unwrap();
        let mut profile = Profile::from_draft(ProfileKind::Shipping, "p", &source);
        let file = serde_json::to_string(&profile.to_file()).unwrap();
        for text in [REQUEST, object.as_str(), draft.as_str(), file.as_str()] {
            let (fields, problems) = fields_from_json(ProfileKind::Shipping, text).unwrap();
            assert_eq!(fields, want, "{text}");
            assert!(problems.is_empty(), "{problems:?}");
        }
        profile.kind = ProfileKind::Subject;
        let file = serde_json::to_string(&profile.to_file()).unwrap();
        assert!(fields_from_json(ProfileKind::Shipping, &file).is_err());
        let (_, problems) =
            fields_from_json(ProfileKind::Subject, r#"{"name": 7, "email": "a@b.co"}"#).unwrap();
        assert_eq!(problems[0].path, "subject.name");
        let err = fields_from_json(ProfileKind::Shipping, "{\n\"a\": }").unwrap_err();
        assert!(matches!(err, InputError::Syntax { line: 2, .. }), "{err:?}");
        let no_shipping = r#"{"validity_years": 1, "subject": {"name": "x"}}"#;
        assert!(fields_from_json(ProfileKind::Shipping, no_shipping).is_err());
    }

    use crate::order::DraftFile;
}
