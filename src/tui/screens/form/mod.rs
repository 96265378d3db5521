//! The five form screens (Certificate, Organization, Subject, Shipping, Payment): their rows, the
//! keys that edit them, and their drawing.

pub mod certificate;
pub mod commands;
pub mod draw;
pub mod organization;
pub mod payment;
pub mod shipping;
pub mod subject;
pub mod update;

use crate::order::catalog::{FieldKind, FieldSpec};
use crate::order::validate::custom_field_path;
use crate::tui::input::Lines;

/// One focusable line of a form screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// The product: not part of the body, but of the order URL.
    Product,
    /// A field of the catalog.
    Field(&'static FieldSpec),
    /// One of the account's custom fields, by metadata id.
    Custom(i64),
}

impl Row {
    /// The dotted path its diagnostics use.
    pub fn path(&self) -> String {
        match self {
            Row::Product => "product".into(),
            Row::Field(f) => f.path.into(),
            Row::Custom(id) => custom_field_path(*id),
        }
    }

    /// Whether the row holds the CSR (which a file can fill, Ctrl-O).
    pub fn is_csr(self) -> bool {
        matches!(self, Row::Field(f) if f.kind == FieldKind::Csr)
    }

    /// Whether the row is typed into (and so takes the keyboard when focused).
    pub fn lines(&self) -> Option<Lines> {
        match self {
            Row::Product => None,
            Row::Custom(_) => Some(Lines::Single),
            Row::Field(f) => match f.kind {
                FieldKind::Choice { .. } | FieldKind::YesNo | FieldKind::Agreement => None,
                k if k.is_multiline() => Some(Lines::Multi),
                _ => Some(Lines::Single),
            },
        }
    }
}
