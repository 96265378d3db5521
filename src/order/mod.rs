//! The order domain: what a document signing order is, which fields it has, and which rules they
//! obey. Nothing in here knows about terminals or HTTP; the wizard, the CLI, the sandbox and the
//! README's field reference all read the same catalog.

pub mod account;
pub mod batch;
pub mod blank;
pub mod catalog;
pub mod convert;
pub mod country;
pub mod csr;
pub mod diagnostic;
pub mod draft;
pub mod endpoint;
pub mod inventory;
pub mod lenient;
pub mod model;
pub mod pasted;
pub mod preflight;
pub mod product;
pub mod state;
pub mod validate;

pub use catalog::{FieldKind, FieldSpec, Requirement, Section};
pub use draft::{Draft, DraftFile, DraftPosition};
pub use endpoint::EndpointKind;
pub use model::{OrderRequest, OrderResponse, OrderStatus, RequestStatus};
pub use product::{Product, ProductSet};
pub use validate::{Context, Diagnostic, Severity, validate};
