//! `approve`, `reject` and `cancel`: one call each.

use super::args::EndpointArgs;
use super::exit::Outcome;
use super::remote;

/// `certwiz approve` and `certwiz reject`.
pub fn decide(
    request_id: i64,
    approve: bool,
    comment: Option<&str>,
    endpoint: &EndpointArgs,
) -> Outcome {
    remote::run(async {
        let connection = remote::open(endpoint).await?;
        connection
            .client
            .decide_request(request_id, approve, comment)
            .await
            .map_err(|e| remote::failed(&e))?;
        let verdict = if approve { "approved" } else { "rejected" };
        outln!("request {request_id} {verdict}");
        Ok(())
    })
}

/// `certwiz cancel`.
pub fn cancel(order_id: i64, note: &str, endpoint: &EndpointArgs) -> Outcome {
    remote::run(async {
        let connection = remote::open(endpoint).await?;
        connection
            .client
            .cancel_order(order_id, note)
            .await
            .map_err(|e| remote::failed(&e))?;
        outln!("order {order_id} canceled");
        Ok(())
    })
}
