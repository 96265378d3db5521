//! The order id in the answer to the order POST, read strictly. The stored copy of DigiCert's
//! "Order document signing certificate" page
//! (https://dev.digicert.com/en/certcentral-apis/services-api/orders/order-document-signing-certificate.html)
//! is cut before its answer; CertCentral's generic order answer is `{"id": 542772, "requests":
//! [...]}` (docs/digicert-api-reference.md §11). An id is a positive whole number that fits in an
//! i64 (a quoted one is read too, as elsewhere); anything else (`1e30`, `0`, `-1`, `2.5`,
//! missing) means the answer cannot say which order was placed, so its outcome is unknown: it is
//! never saturated or rounded into another order's id.

use serde_json::Value;

/// The order id of an order POST's answer, or why the answer does not give one.
pub fn order_id_in(body: &[u8]) -> Result<i64, String> {
    let value: Value =
        serde_json::from_slice(body).map_err(|_| "not with the expected JSON".to_owned())?;
    let id = value
        .get("id")
        .ok_or_else(|| "the answer has no order id".to_owned())?;
    let parsed = match id {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    };
    match parsed {
        Some(n) if n > 0 => Ok(n),
        _ => Err(format!("its order id {id} is not a positive whole number")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_positive_ids_that_fit_are_order_ids() {
        assert_eq!(order_id_in(br#"{"id": 112233}"#), Ok(112233));
        assert_eq!(order_id_in(br#"{"id": "112233"}"#), Ok(112233));
        assert_eq!(order_id_in(br#"{"id": 9223372036854775807}"#), Ok(i64::MAX));
        for bad in [
            r#"{"id": 1e30}"#,
            r#"{"id": 9223372036854775808}"#,
            r#"{"id": 0}"#,
            r#"{"id": -1}"#,
            r#"{"id": 2.5}"#,
            r#"{"id": null}"#,
            r#"{"requests": []}"#,
            r#"[1]"#,
        ] {
            assert!(order_id_in(bad.as_bytes()).is_err(), "{bad}");
        }
    }
}
