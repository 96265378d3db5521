//! Ways to hand an order to other tools: a curl command that sends its body. Shared by
//! `certwiz preview --curl` and the wizard's export.

/// A curl command that posts `body` to `url` and reads the key from the environment, never
/// holding it. The body goes through a quoted heredoc, so the shell expands nothing inside it.
pub fn curl_command(url: &str, body: &str) -> String {
    let quoted_url = format!("'{}'", url.replace('\'', r"'\''"));
    let mut marker = String::from("CERTWIZ_ORDER_JSON");
    while body.lines().any(|l| l == marker) {
        marker.push('_');
    }
    format!(
        "curl --fail-with-body -sS -X POST {quoted_url} \\\n  -H \"X-DC-DEVKEY: $DIGICERT_API_KEY\" \\\n  -H 'Content-Type: application/json' \\\n  --data-binary @- <<'{marker}'\n{body}\n{marker}"
    )
}
