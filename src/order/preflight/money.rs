//! Amounts of money as CertCentral writes them: the balance call answers strings (`"454.00"`,
//! `"-1000.70"`), the price calls numbers (`782`). Kept as whole cents, never as floats, so a sum
//! of a batch's rows is exact.

use std::fmt;

use serde::Deserialize;
use serde::de::Deserializer;
use serde_json::Value;

/// An amount in hundredths of the currency's unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Money {
    pub cents: i64,
}

impl Money {
    /// An amount from whole units.
    pub const fn units(units: i64) -> Money {
        Money { cents: units * 100 }
    }

    /// Reads `"454.00"`, `"-1000.7"`, `"2,454.00"`, `782`, `782.5`; anything else is none.
    pub fn parse_value(value: &Value) -> Option<Money> {
        match value {
            Value::String(s) => Money::parse(s),
            Value::Number(n) => Money::parse(&n.to_string()),
            _ => None,
        }
    }

    /// Reads a decimal amount written as text.
    pub fn parse(text: &str) -> Option<Money> {
        let text: String = text.trim().chars().filter(|c| *c != ',').collect();
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.as_str()),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        if whole.is_empty() && fraction.is_empty() {
            return None;
        }
        if !whole.chars().all(|c| c.is_ascii_digit())
            || !fraction.chars().all(|c| c.is_ascii_digit())
        {
            return None;
        }
        let whole: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().ok()?
        };
        // Two places are kept; a third and more are cut (DigiCert writes two).
        let mut places = fraction.chars().chain(std::iter::repeat('0')).take(2);
        let tens = places.next()?.to_digit(10)? as i64;
        let ones = places.next()?.to_digit(10)? as i64;
        let cents = whole.checked_mul(100)?.checked_add(tens * 10 + ones)?;
        Some(Money {
            cents: if negative { -cents } else { cents },
        })
    }

    /// The sum, or none when it would overflow.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.cents
            .checked_add(other.cents)
            .map(|cents| Money { cents })
    }

    /// This amount times `n`.
    pub fn times(self, n: usize) -> Option<Money> {
        i64::try_from(n)
            .ok()
            .and_then(|n| self.cents.checked_mul(n))
            .map(|cents| Money { cents })
    }
}

impl fmt::Display for Money {
    /// `5,000.00`, `-1,000.70`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.cents < 0 { "-" } else { "" };
        let abs = self.cents.unsigned_abs();
        let whole = (abs / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        write!(f, "{sign}{grouped}.{:02}", abs % 100)
    }
}

/// An amount in a currency: `USD 299.00`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amount {
    pub money: Money,
    /// The currency code as DigiCert wrote it, upper-cased (the price list writes `usd`).
    pub currency: String,
}

impl Amount {
    pub fn new(money: Money, currency: &str) -> Amount {
        Amount {
            money,
            currency: currency.trim().to_ascii_uppercase(),
        }
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.currency, self.money)
    }
}

/// An optional amount for `#[serde(deserialize_with)]`: a string or a number; anything else is
/// "not given".
pub fn opt_money<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Money>, D::Error> {
    Ok(Money::parse_value(&Value::deserialize(d)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strings_and_numbers_read_as_cents() {
        assert_eq!(Money::parse("454.00"), Some(Money { cents: 45_400 }));
        assert_eq!(Money::parse("-1000.70"), Some(Money { cents: -100_070 }));
        assert_eq!(Money::parse("-1000.7"), Some(Money { cents: -100_070 }));
        assert_eq!(Money::parse("2,454.00"), Some(Money { cents: 245_400 }));
        assert_eq!(Money::parse_value(&json!(782)), Some(Money::units(782)));
        assert_eq!(
            Money::parse_value(&json!(782.5)),
            Some(Money { cents: 78_250 })
        );
        assert_eq!(Money::parse(""), None);
        assert_eq!(Money::parse("."), None);
        assert_eq!(Money::parse("12a"), None);
        assert_eq!(Money::parse_value(&json!(null)), None);
        assert_eq!(Money::parse("99999999999999999999"), None);
    }

    #[test]
    fn amounts_print_grouped_with_two_places() {
        assert_eq!(Money::units(5000).to_string(), "5,000.00");
        assert_eq!(Money { cents: 29_900 }.to_string(), "299.00");
        assert_eq!(Money { cents: -100_070 }.to_string(), "-1,000.70");
        assert_eq!(Money { cents: 5 }.to_string(), "0.05");
        assert_eq!(Money::units(1_234_567).to_string(), "1,234,567.00");
        assert_eq!(
            Amount::new(Money { cents: 29_900 }, "usd").to_string(),
            "USD 299.00"
        );
    }

    #[test]
    fn sums_are_exact_and_overflow_is_none() {
        let price = Money { cents: 29_990 };
        assert_eq!(price.times(3), Some(Money { cents: 89_970 }));
        assert_eq!(Money { cents: i64::MAX }.checked_add(price), None);
        assert_eq!(Money { cents: i64::MAX }.times(2), None);
    }
}
