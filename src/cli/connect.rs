//! Connecting at start-up, for the commands and the wizard they launch: resolve the endpoint,
//! start the embedded sandbox when there is no key, build the client. The wizard does it in two
//! steps ([`choose`] before its first frame, [`Chosen::connect`] after it); the commands in one
//! ([`connect`]).

use crate::api::client::{Client, ClientOptions};
use crate::api::config::{ConfigError, Endpoint, EndpointChoice, Target, resolve_endpoint};
use crate::api::error::ApiError;
use crate::api::limiter::Limiter;
use crate::paths::Paths;
use crate::sandbox::{self, SandboxConfig, SandboxHandle};

/// A client ready to use, and the embedded sandbox when it serves the calls.
#[derive(Debug)]
pub struct Connection {
    pub client: Client,
    /// Running while this is held; `None` for a remote endpoint.
    pub sandbox: Option<SandboxHandle>,
    /// Things to tell the person, such as a config file readable by others.
    pub warnings: Vec<String>,
}

/// Why connecting failed.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error("cannot start the embedded sandbox: {0}")]
    Sandbox(#[from] std::io::Error),
}

/// Resolves the key (env `DIGICERT_API_KEY`, else config.toml `api_key` / `api_key_command`),
/// honours `--sandbox`, `--region` and `--api-url`; with no key starts the embedded sandbox on
/// 127.0.0.1 with its state in the data directory. Must run inside a tokio runtime.
pub async fn connect(args: &EndpointChoice, paths: &Paths) -> Result<Connection, ConnectError> {
    connect_with(args, paths, ClientOptions::default()).await
}

/// [`connect`] with the client's options chosen by the caller (the wizard bounds its calls in
/// flight, [`ClientOptions::wizard`]).
pub async fn connect_with(
    args: &EndpointChoice,
    paths: &Paths,
    options: ClientOptions,
) -> Result<Connection, ConnectError> {
    choose(args, paths)?.connect(paths, options).await
}

/// The endpoint chosen, before anything is started: what the wizard's first frame names. For the
/// embedded sandbox its port is bound (so its address is known) and nothing is read yet.
#[derive(Debug)]
pub struct Chosen {
    endpoint: Endpoint,
    sandbox: Option<sandbox::Bound>,
    /// Things to tell the person, such as a config file readable by others.
    pub warnings: Vec<String>,
}

/// Resolves the endpoint as [`connect`] does, and binds the embedded sandbox's port when it
/// serves the calls; [`Chosen::connect`] does the rest. Reads only `config.toml`.
pub fn choose(args: &EndpointChoice, paths: &Paths) -> Result<Chosen, ConnectError> {
    let resolved = resolve_endpoint(args, paths)?;
    let (endpoint, sandbox) = match resolved.target {
        Target::Remote(endpoint) => (endpoint, None),
        Target::EmbeddedSandbox => {
            let bound = sandbox::bind(0)?;
            (Endpoint::sandbox(bound.base_url()), Some(bound))
        }
    };
    Ok(Chosen {
        endpoint,
        sandbox,
        warnings: resolved.warnings,
    })
}

impl Chosen {
    /// The endpoint the calls will go to.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// Starts the embedded sandbox (its state in the data folder) when it serves the calls, and
    /// builds the client. Must run inside a tokio runtime.
    pub async fn connect(
        self,
        paths: &Paths,
        options: ClientOptions,
    ) -> Result<Connection, ConnectError> {
        let sandbox = match self.sandbox {
            Some(bound) => {
                Some(sandbox::start_embedded(bound, SandboxConfig::embedded(paths)).await?)
            }
            None => None,
        };
        tracing::info!(
            "certwiz {}: endpoint {}",
            env!("CARGO_PKG_VERSION"),
            self.endpoint.kind
        );
        Ok(Connection {
            client: Client::with_options(self.endpoint, options, Limiter::digicert())?,
            sandbox,
            warnings: self.warnings,
        })
    }
}
