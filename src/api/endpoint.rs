//! Where the API lives: the US or EU base URL, or an explicit one (the sandbox's, say).

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use reqwest::Url;

use crate::order::Product;

/// The documented US base URL.
pub const US_BASE_URL: &str = "https://www.digicert.com/services/v2";
/// The documented EU base URL.
pub const EU_BASE_URL: &str = "https://certcentral.digicert.eu/services/v2";

/// Which CertCentral region to talk to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Region {
    #[default]
    Us,
    Eu,
}

impl Region {
    /// The region's base URL.
    pub fn base_url(self) -> &'static str {
        match self {
            Region::Us => US_BASE_URL,
            Region::Eu => EU_BASE_URL,
        }
    }
}

impl FromStr for Region {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "us" => Ok(Region::Us),
            "eu" => Ok(Region::Eu),
            other => Err(format!("unknown region {other:?}: expected us or eu")),
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Region::Us => "us",
            Region::Eu => "eu",
        })
    }
}

/// Why a base URL is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EndpointError {
    #[error("{0:?} is not a URL")]
    NotAUrl(String),
    #[error(
        "{0} uses plain http; only https is allowed, except for loopback addresses (127.0.0.1, ::1, localhost)"
    )]
    PlainHttp(String),
    #[error("{0} is not an http or https URL")]
    Scheme(String),
    #[error("{0} must not carry a user name, password, query or fragment")]
    Extras(String),
}

/// A checked API base URL, such as `https://www.digicert.com/services/v2`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// Without a trailing slash.
    text: String,
    loopback: bool,
}

impl BaseUrl {
    /// Checks a base URL: https anywhere, plain http only on loopback.
    pub fn parse(text: &str) -> Result<Self, EndpointError> {
        let url = Url::parse(text.trim()).map_err(|_| EndpointError::NotAUrl(text.to_owned()))?;
        if !url.username().is_empty()
            || url.password().is_some()
            || url.query().is_some()
            || url.fragment().is_some()
        {
            return Err(EndpointError::Extras(redact_url(text)));
        }
        match url.scheme() {
            "https" => {}
            "http" if is_loopback(&url) => {}
            "http" => return Err(EndpointError::PlainHttp(url.to_string())),
            _ => return Err(EndpointError::Scheme(url.to_string())),
        }
        Ok(BaseUrl {
            text: url.as_str().trim_end_matches('/').to_owned(),
            loopback: is_loopback(&url),
        })
    }

    /// The base URL of a region.
    pub fn region(region: Region) -> Self {
        BaseUrl {
            text: region.base_url().to_owned(),
            loopback: false,
        }
    }

    /// The full URL of an API path such as `order/certificate/1`.
    pub fn join(&self, path: &str) -> String {
        format!("{}/{}", self.text, path.trim_start_matches('/'))
    }

    /// The URL that places an order of this product.
    pub fn order_url(&self, product: Product) -> String {
        self.join(&format!("order/certificate/{}", product.name_id()))
    }

    /// Whether this is a loopback address (the embedded sandbox, or a local test server).
    pub fn is_loopback(&self) -> bool {
        self.loopback
    }

    /// The URL as text, without a trailing slash.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// Drops anything that could be a credential from a URL-ish text before it is shown.
fn redact_url(text: &str) -> String {
    match Url::parse(text) {
        Ok(mut url) => {
            let _ = url.set_username("");
            let _ = url.set_password(None);
            url.set_query(None);
            url.set_fragment(None);
            url.to_string()
        }
        Err(_) => "(the URL)".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_have_documented_urls() {
        for region in [Region::Us, Region::Eu] {
            assert_eq!(
                BaseUrl::parse(region.base_url()).unwrap(),
                BaseUrl::region(region)
            );
        }
        assert_eq!(BaseUrl::region(Region::Us).as_str(), US_BASE_URL);
        assert_eq!(BaseUrl::region(Region::Eu).as_str(), EU_BASE_URL);
        assert_eq!(
            BaseUrl::region(Region::Us).order_url(Product::DocumentSigningOrg2),
            "https://www.digicert.com/services/v2/order/certificate/document_signing_org_2"
        );
    }

    #[test]
    fn plain_http_only_on_loopback() {
        assert!(BaseUrl::parse("http://127.0.0.1:8080/services/v2").is_ok());
        assert!(BaseUrl::parse("http://[::1]:8080/services/v2").is_ok());
        assert!(BaseUrl::parse("http://localhost:1/services/v2").is_ok());
        assert!(matches!(
            BaseUrl::parse("http://example.com/services/v2"),
            Err(EndpointError::PlainHttp(_))
        ));
        assert!(matches!(
            BaseUrl::parse("http://10.0.0.1/services/v2"),
            Err(EndpointError::PlainHttp(_))
        ));
        assert!(matches!(
            BaseUrl::parse("ftp://127.0.0.1/"),
            Err(EndpointError::Scheme(_))
        ));
        assert!(BaseUrl::parse("https://example.com/services/v2/").is_ok());
    }

    #[test]
    fn credentials_in_urls_are_refused_and_not_echoed() {
        let err = BaseUrl::parse("https://user:hunter2@example.com/services/v2").unwrap_err();
        assert!(!err.to_string().contains("hunter2"), "{err}");
        assert!(BaseUrl::parse("https://example.com/services/v2?key=1").is_err());
    }
}
