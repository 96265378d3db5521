//! `approve`, `reject` and `cancel`: one call each.

use super::args::EndpointArgs;
use super::{exit, remote};

/// `certwiz approve` and `certwiz reject`.
pub fn decide(
    request_id: i64,
    approve: bool,
    comment: Option<&str>,
    endpoint: &EndpointArgs,
) -> u8 {
    remote::block_on(async {
        let connection = match remote::open(endpoint).await {
            Ok(c) => c,
            Err(code) => return code,
        };
        match connection
            .client
            .decide_request(request_id, approve, comment)
            .await
        {
            Ok(()) => {
                let verdict = if approve { "approved" } else { "rejected" };
                println!("request {request_id} {verdict}");
                exit::OK
            }
            Err(e) => remote::fail(&e),
        }
    })
}

/// `certwiz cancel`.
pub fn cancel(order_id: i64, note: &str, endpoint: &EndpointArgs) -> u8 {
    remote::block_on(async {
        let connection = match remote::open(endpoint).await {
            Ok(c) => c,
            Err(code) => return code,
        };
        match connection.client.cancel_order(order_id, note).await {
            Ok(()) => {
                println!("order {order_id} canceled");
                exit::OK
            }
            Err(e) => remote::fail(&e),
        }
    })
}
