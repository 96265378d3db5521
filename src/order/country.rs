//! ISO 3166-1 alpha-2 country codes, embedded from `assets/countries.tsv`.

use std::sync::OnceLock;

const TABLE: &str = include_str!("../../assets/countries.tsv");

/// A country: its alpha-2 code (upper case) and English short name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    pub code: &'static str,
    pub name: &'static str,
}

/// Every assigned ISO 3166-1 alpha-2 country, sorted by code.
pub fn all() -> &'static [Country] {
    static ALL: OnceLock<Vec<Country>> = OnceLock::new();
    ALL.get_or_init(|| {
        TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split_once('\t'))
            .map(|(code, name)| Country { code, name })
            .collect()
    })
}

/// Looks a code up, ignoring case (the documented example sends `us`).
pub fn find(code: &str) -> Option<Country> {
    if code.len() != 2 {
        return None;
    }
    let upper = [0, 1].map(|i| code.as_bytes()[i].to_ascii_uppercase());
    all()
        .binary_search_by(|c| c.code.as_bytes().cmp(&upper))
        .ok()
        .map(|i| all()[i])
}

/// Countries whose code or name contains `query` (case-insensitive), codes first.
pub fn search(query: &str) -> Vec<Country> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return all().to_vec();
    }
    let mut exact: Vec<Country> = Vec::new();
    let mut rest: Vec<Country> = Vec::new();
    for c in all() {
        if c.code.eq_ignore_ascii_case(&q) {
            exact.push(*c);
        } else if c.name.to_lowercase().contains(&q) {
            rest.push(*c);
        }
    }
    exact.extend(rest);
    exact
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_complete_and_sorted() {
        let all = all();
        assert_eq!(all.len(), 249);
        assert!(all.windows(2).all(|w| w[0].code < w[1].code));
        assert!(
            all.iter()
                .all(|c| c.code.len() == 2 && c.code.chars().all(|ch| ch.is_ascii_uppercase()))
        );
    }

    #[test]
    fn finds_codes_in_any_case() {
        assert_eq!(find("us").map(|c| c.name), Some("United States"));
        assert_eq!(find("DE").map(|c| c.code), Some("DE"));
        assert!(find("XX").is_none());
        assert!(find("USA").is_none());
        assert!(find("").is_none());
        assert!(find("é").is_none());
    }

    #[test]
    fn search_puts_the_code_first() {
        let hits = search("de");
        assert_eq!(hits[0].code, "DE");
        assert!(hits.iter().any(|c| c.code == "BD")); // Bangladesh
    }
}
