//! Ways to hand an order to other tools: a curl command that sends its body. Shared by
//! `certwiz preview --curl` and the wizard's export.

/// One shell word for `text`: as it is when the shell reads it unchanged (letters, digits and
/// `_ - . / : = @ % + ,`), else in single quotes, with each `'` written `'\''`.
pub fn shell_word(text: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_-./:=@%+,".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text.to_owned()
    } else {
        quoted(text)
    }
}

/// `text` in single quotes, each `'` written `'\''`: the shell expands nothing inside.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// A command line of shell words: each word quoted only where the shell would change it.
pub fn shell_line<S: AsRef<str>>(words: &[S]) -> String {
    words
        .iter()
        .map(|w| shell_word(w.as_ref()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A curl command that posts `body` to `url` and reads the key from the environment, never
/// holding it. The body goes through a quoted heredoc, so the shell expands nothing inside it.
pub fn curl_command(url: &str, body: &str) -> String {
    let quoted_url = quoted(url);
    let mut marker = String::from("CERTWIZ_ORDER_JSON");
    while body.lines().any(|l| l == marker) {
        marker.push('_');
    }
    format!(
        "curl --fail-with-body -sS -X POST {quoted_url} \\\n  -H \"X-DC-DEVKEY: $DIGICERT_API_KEY\" \\\n  -H 'Content-Type: application/json' \\\n  --data-binary @- <<'{marker}'\n{body}\n{marker}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shell_word_reads_back_as_the_text_it_quotes() {
        for text in [
            "plain.csv",
            "my signers.csv",
            "Rene's",
            "$HOME `x` \"y\" *",
            "",
            "subject:Rene / counselor",
            "http://127.0.0.1:4000/services/v2",
        ] {
            let out = std::process::Command::new("sh")
                .arg("-c")
                .arg(format!("printf %s {}", shell_word(text)))
                .output()
                .unwrap();
            assert_eq!(String::from_utf8_lossy(&out.stdout), text, "{text:?}");
        }
        assert_eq!(shell_word("plain.csv"), "plain.csv");
        assert_eq!(shell_line(&["a b", "c"]), "'a b' c");
    }
}
