//! The account snapshot: what the account says that an order is filled in and checked against
//! (organizations, divisions, users, custom fields, the products it sells and their details),
//! read once, by one function, for the wizard, plain mode, `submit`, `submit --batch` and
//! `validate --account`. Front ends keep only their words for a part that could not be read.
//!
//! A part that cannot be read is left out and noted in [`Snapshot::unread`]: its rules are left
//! to CertCentral. A refused key, or a part the reader cannot do without ([`Want::required`]),
//! ends the read, since nothing else would work either.

use crate::api::{ApiError, Client, ErrorKind};
use crate::form::Facts;
use crate::order::Product;
use crate::order::account::{
    Container, ListedProduct, MetadataField, Organization, ProductDetails, User, offered,
};
use crate::order::validate::Context;

/// A part of the account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountPart {
    /// `GET /organization`: the organizations and their validations.
    Organizations,
    /// `GET /container`: the divisions.
    Containers,
    /// `GET /user`: the order managers' picker.
    Users,
    /// `GET /account/metadata`: the custom fields.
    Metadata,
    /// `GET /product`: which products the account sells.
    Products,
    /// `GET /product/{name_id}`: one product's details.
    Details(Product),
}

/// What a reader needs of the account.
#[derive(Debug, Clone, Copy)]
pub struct Want<'a> {
    /// Read the users (only the form offers them).
    pub users: bool,
    /// The products whose details to read.
    pub details: &'a [Product],
    /// The parts the reader cannot do without: one of them unread ends the read.
    pub required: &'a [AccountPart],
}

impl<'a> Want<'a> {
    /// What checking orders of these products needs (`submit`, `submit --batch`,
    /// `validate --account`): no users, the products' details, nothing required.
    pub fn orders_of(products: &'a [Product]) -> Self {
        Want {
            users: false,
            details: products,
            required: &[],
        }
    }

    /// What plain mode's form needs: every list and every product's details.
    pub fn form() -> Self {
        Want {
            users: true,
            details: &Product::ALL,
            required: &[],
        }
    }

    /// What the wizard needs: the lists, with the organizations and divisions required (the
    /// wizard says it cannot read the account rather than offer an empty one); it reads the
    /// product's details itself as the product changes.
    pub fn wizard() -> Self {
        Want {
            users: true,
            details: &[],
            required: &[AccountPart::Organizations, AccountPart::Containers],
        }
    }
}

/// What the account said; `None` for a part that was not read or could not be read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    pub organizations: Option<Vec<Organization>>,
    pub containers: Option<Vec<Container>>,
    pub users: Option<Vec<User>>,
    pub metadata: Option<Vec<MetadataField>>,
    /// What the account sells (`GET /product`); `None` when not read, and then every product
    /// is offered and CertCentral decides.
    pub products: Option<Vec<ListedProduct>>,
    /// Each product's details, for those read.
    pub details: Vec<(Product, ProductDetails)>,
    /// The parts that could not be read, with why (the error as a sentence).
    pub unread: Vec<(AccountPart, String)>,
}

impl Snapshot {
    /// Whether a part was read (an unread part's list is `None`, not known to be empty).
    pub fn has_read(&self, part: AccountPart) -> bool {
        !self.unread.iter().any(|(p, _)| *p == part)
    }

    /// The organizations read (none when unread).
    pub fn organizations(&self) -> &[Organization] {
        self.organizations.as_deref().unwrap_or_default()
    }

    /// The divisions read (none when unread).
    pub fn containers(&self) -> &[Container] {
        self.containers.as_deref().unwrap_or_default()
    }

    /// The users read (none when unread).
    pub fn users(&self) -> &[User] {
        self.users.as_deref().unwrap_or_default()
    }

    /// The custom fields read (none when unread).
    pub fn metadata(&self) -> &[MetadataField] {
        self.metadata.as_deref().unwrap_or_default()
    }

    /// The details of a product, when they were read.
    pub fn product(&self, product: Product) -> Option<&ProductDetails> {
        self.details
            .iter()
            .find(|(p, _)| *p == product)
            .map(|(_, d)| d)
    }

    /// The validation context for an order of `product`.
    pub fn context(&self, product: Product) -> Context<'_> {
        self.context_with(self.product(product))
    }

    /// The validation context, with the product's details given by the reader (the wizard
    /// keeps them apart, read as its product changes).
    pub fn context_with<'a>(&'a self, product: Option<&'a ProductDetails>) -> Context<'a> {
        Context {
            metadata: self.metadata.as_deref(),
            product,
            organizations: self.organizations.as_deref(),
            containers: self.containers.as_deref(),
            products: self.products.as_deref(),
        }
    }

    /// What the account said, as the form reads it, for a draft of `product`.
    pub fn facts(&self, product: Product) -> Facts<'_> {
        self.facts_with(self.product(product))
    }

    /// The form's facts, with the product's details given by the reader.
    pub fn facts_with<'a>(&'a self, product: Option<&'a ProductDetails>) -> Facts<'a> {
        Facts {
            organizations: self.organizations.as_deref(),
            containers: self.containers.as_deref(),
            users: self.users.as_deref(),
            metadata: self.metadata.as_deref(),
            product,
            products: self.products.as_deref(),
        }
    }
}

/// Reads what `want` asks of the account, every part at once. Errs when the key is refused or
/// a required part cannot be read; any other part that cannot be read is noted in `unread`.
/// The details of a product the account does not sell are not missed: they are left out
/// quietly.
pub async fn read(client: &Client, want: Want<'_>) -> Result<Snapshot, ApiError> {
    let users = async {
        if want.users {
            Some(client.users().await)
        } else {
            None
        }
    };
    let (organizations, containers, users, metadata, products, details) = tokio::join!(
        client.organizations(),
        client.containers(),
        users,
        client.metadata(),
        client.products(),
        futures::future::join_all(want.details.iter().map(|p| client.product_details(*p))),
    );
    let mut unread = Vec::new();
    let products = part_of(AccountPart::Products, products, want, &mut unread)?;
    let mut read_details = Vec::new();
    for (product, answer) in want.details.iter().zip(details) {
        // Only a product the account sells has details to miss.
        let sold = products
            .as_ref()
            .is_none_or(|l: &Vec<ListedProduct>| offered(l).iter().any(|(p, _)| p == product));
        match answer {
            Ok(d) => read_details.push((*product, d)),
            Err(e) if e.kind() == ErrorKind::BadKey => return Err(e),
            Err(e) if sold => {
                part_of::<()>(AccountPart::Details(*product), Err(e), want, &mut unread)?;
            }
            Err(_) => {}
        }
    }
    let organizations = part_of(AccountPart::Organizations, organizations, want, &mut unread)?;
    let containers = part_of(AccountPart::Containers, containers, want, &mut unread)?;
    let users = match users {
        Some(answer) => part_of(AccountPart::Users, answer, want, &mut unread)?,
        None => None,
    };
    let metadata = part_of(AccountPart::Metadata, metadata, want, &mut unread)?;
    Ok(Snapshot {
        organizations,
        containers,
        users,
        metadata,
        products,
        details: read_details,
        unread,
    })
}

/// A part's answer, or `None` noted in `unread`; the error itself for a refused key or a
/// required part.
fn part_of<T>(
    part: AccountPart,
    answer: Result<T, ApiError>,
    want: Want<'_>,
    unread: &mut Vec<(AccountPart, String)>,
) -> Result<Option<T>, ApiError> {
    match answer {
        Ok(value) => Ok(Some(value)),
        Err(e) if e.kind() == ErrorKind::BadKey || want.required.contains(&part) => Err(e),
        Err(e) => {
            unread.push((part, e.to_string()));
            Ok(None)
        }
    }
}
