//! The sandbox's pre-flight knobs: which case the validation, approvers, limits and funds calls
//! answer, so every finding can be tried offline. Set with the `CERTWIZ_SANDBOX_PREFLIGHT`
//! variable for a sandbox the binary starts, or in code
//! (`handle.set_preflight("ds=expired,funds=low")`), in one syntax: comma-separated
//! `key=value`:
//!
//! - `ds=active|missing|expired|pending|expiring` the organizations' document signing
//!   validation (default `active`, valid two more years; `expiring`: ends in 10 days);
//! - `approvers=none` nobody can approve;
//! - `funds=low` the balance is USD 120.00 (else 5,000.00), `funds=low:ID` only in division ID
//!   (to try two divisions with different funds);
//! - `limits=other` every division's product limits list only `ssl_basic`;
//! - `deny=NAME[+NAME…]` answers 403 `access_denied|missing_permission` to these calls:
//!   `validation`, `approvers`, `limits`, `balance`, `pricing`, `order_validation`.

/// The organizations' `ds` validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Ds {
    #[default]
    Active,
    Missing,
    Expired,
    Pending,
    Expiring,
}

/// The calls `deny` can refuse.
pub const DENIABLE: [&str; 6] = [
    "validation",
    "approvers",
    "limits",
    "balance",
    "pricing",
    "order_validation",
];

/// Every knob, as set.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Knobs {
    pub ds: Ds,
    pub no_approvers: bool,
    /// Low funds: `Some(None)` everywhere, `Some(Some(id))` in one division.
    pub low_funds: Option<Option<i64>>,
    pub limits_other: bool,
    pub deny: Vec<String>,
}

impl Knobs {
    /// Reads a spec; a bad one is refused whole, naming what is wrong.
    pub fn parse(spec: &str) -> Result<Knobs, String> {
        let mut knobs = Knobs::default();
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = part
                .split_once('=')
                .ok_or_else(|| format!("{part:?} is not key=value"))?;
            match (key.trim(), value.trim()) {
                ("ds", v) => {
                    knobs.ds = match v {
                        "active" => Ds::Active,
                        "missing" => Ds::Missing,
                        "expired" => Ds::Expired,
                        "pending" => Ds::Pending,
                        "expiring" => Ds::Expiring,
                        _ => {
                            return Err(format!(
                                "ds={v}: use active, missing, expired, pending or expiring"
                            ));
                        }
                    }
                }
                ("approvers", "none") => knobs.no_approvers = true,
                ("funds", "low") => knobs.low_funds = Some(None),
                ("funds", v) if v.starts_with("low:") => {
                    let id = v["low:".len()..]
                        .parse::<i64>()
                        .map_err(|_| format!("funds={v}: low:ID takes a division id"))?;
                    knobs.low_funds = Some(Some(id));
                }
                ("limits", "other") => knobs.limits_other = true,
                ("deny", v) => {
                    for name in v.split('+').map(str::trim) {
                        if !DENIABLE.contains(&name) {
                            return Err(format!("deny={name}: use {}", DENIABLE.join(", ")));
                        }
                        knobs.deny.push(name.to_owned());
                    }
                }
                (k, v) => return Err(format!("{k}={v} is not a pre-flight knob")),
            }
        }
        Ok(knobs)
    }

    pub fn denies(&self, call: &str) -> bool {
        self.deny.iter().any(|d| d == call)
    }

    /// Whether division `container` (none: the account) has low funds.
    pub fn low_in(&self, container: Option<i64>) -> bool {
        match self.low_funds {
            Some(None) => true,
            Some(Some(id)) => container == Some(id),
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_set_each_knob_and_bad_ones_are_refused() {
        let k = Knobs::parse("ds=expired, funds=low:221123,approvers=none,deny=balance+pricing")
            .unwrap();
        assert_eq!(k.ds, Ds::Expired);
        assert!(k.no_approvers);
        assert!(k.low_in(Some(221123)) && !k.low_in(Some(221122)) && !k.low_in(None));
        assert!(k.denies("pricing") && !k.denies("validation"));
        assert_eq!(Knobs::parse("").unwrap(), Knobs::default());
        assert!(Knobs::parse("ds=gone").is_err());
        assert!(Knobs::parse("deny=everything").is_err());
        assert!(Knobs::parse("funds=low:x").is_err());
        assert!(Knobs::parse("color=blue").is_err());
    }
}
