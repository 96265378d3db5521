//! The command line: `certwiz` with no command opens the wizard; the subcommands do the same work
//! for scripts. Exit codes are documented in the README and in [`exit`].

mod check;
pub mod exit;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use crate::api::endpoint::Region;
use crate::order::Product;

/// Order a DigiCert document signing certificate, and follow the order until it is approved.
///
/// Run without a command to open the wizard. With no API key configured, certwiz uses its
/// embedded sandbox, so nothing is ordered for real.
#[derive(Debug, Parser)]
#[command(name = "certwiz", version, about, long_about)]
pub struct Cli {
    #[command(flatten)]
    pub endpoint: EndpointArgs,
    /// Open the wizard on an empty form.
    #[arg(long)]
    pub new: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Where orders go.
#[derive(Debug, Clone, clap::Args)]
pub struct EndpointArgs {
    /// CertCentral region to use when an API key is configured.
    #[arg(long, global = true, value_name = "REGION", value_parser = ["us", "eu"])]
    pub region: Option<String>,
    /// API base URL, including /services/v2 (overrides --region).
    #[arg(long, global = true, value_name = "URL", env = "DIGICERT_API_URL")]
    pub api_url: Option<String>,
    /// Use the embedded sandbox even when an API key is configured.
    #[arg(long, global = true)]
    pub sandbox: bool,
}

impl EndpointArgs {
    /// The chosen region (default US).
    pub fn region(&self) -> Region {
        self.region
            .as_deref()
            .and_then(|r| r.parse().ok())
            .unwrap_or_default()
    }
}

/// The product and input shared by validate and preview.
#[derive(Debug, Clone, clap::Args)]
pub struct OrderFileArgs {
    /// An order body as JSON (like the documented example) or a saved certwiz draft; - reads stdin.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The product of a bare body (a draft names its own).
    #[arg(long, value_name = "ID", value_parser = parse_product)]
    pub product: Option<Product>,
}

fn parse_product(s: &str) -> Result<Product, String> {
    s.parse::<Product>().map_err(|e| e.to_string())
}

/// What certwiz can do without the wizard.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check an order file against every documented rule.
    ///
    /// Exits 0 when valid, 1 when there are errors, 2 when the file cannot be read or parsed.
    Validate {
        #[command(flatten)]
        input: OrderFileArgs,
        /// Print the diagnostics as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print the exact JSON body that would be sent, or a curl command that sends it.
    ///
    /// Diagnostics go to stderr; the exit code is as for validate.
    Preview {
        #[command(flatten)]
        input: OrderFileArgs,
        /// Print a curl command that reads the key from $DIGICERT_API_KEY.
        #[arg(long)]
        curl: bool,
    },
    /// List every field of the order body with its rules.
    Fields {
        /// Print the Markdown table the README shows.
        #[arg(long)]
        markdown: bool,
    },
    /// Print shell completions.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
}

/// Parses the command line and runs it.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Some(Command::Validate { input, json }) => check::validate(&input, json),
        Some(Command::Preview { input, curl }) => check::preview(&input, curl, &cli.endpoint),
        Some(Command::Fields { markdown }) => check::fields(markdown),
        Some(Command::Completions { shell }) => {
            let mut out = std::io::stdout().lock();
            clap_complete::generate(shell, &mut Cli::command(), "certwiz", &mut out);
            let _ = out.flush();
            exit::OK
        }
        None => crate::tui::launch(&cli.endpoint, cli.new),
    };
    ExitCode::from(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
