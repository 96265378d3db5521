//! Which endpoint certwiz talks to, and with which key.
//!
//! The key comes from `DIGICERT_API_KEY`, else from `api_key` or `api_key_command` in
//! `config.toml`. With a key certwiz talks to the real API (US, EU or `--api-url`); without one, or
//! with `--sandbox`, to its embedded sandbox. The key lives in a [`SecretString`] and is shown
//! nowhere: not in Debug prints, errors or files.

use std::fmt;
use std::path::Path;
use std::process::{Command, Stdio};

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::endpoint::BaseUrl;
use super::endpoint::Region;
pub use crate::order::EndpointKind;
use crate::paths::Paths;

/// The environment variable that holds the key.
pub const KEY_ENV: &str = "DIGICERT_API_KEY";

/// The key the embedded sandbox is called with: it accepts any non-empty key.
const SANDBOX_KEY: &str = "certwiz-sandbox-key";

/// A CertCentral API key. Its Debug print is `ApiKey(***)`.
#[derive(Clone)]
pub struct ApiKey(SecretString);

impl ApiKey {
    /// Wraps a key.
    pub fn new(key: impl Into<String>) -> Self {
        ApiKey(SecretString::from(key.into()))
    }

    /// The key text, for the request header and for redacting answers only.
    pub(crate) fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(***)")
    }
}

/// Where the person asked orders to go, in plain terms: the command line fills it in, the API
/// only reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EndpointChoice {
    /// The CertCentral region when a key is configured (default US).
    pub region: Region,
    /// An explicit base URL, including /services/v2 (overrides the region).
    pub api_url: Option<String>,
    /// Use the embedded sandbox even when a key is configured.
    pub sandbox: bool,
}

/// Where calls go and with which key.
#[derive(Debug, Clone)]
pub struct Endpoint {
    pub base: BaseUrl,
    pub kind: EndpointKind,
    key: ApiKey,
}

impl Endpoint {
    /// A live endpoint.
    pub fn live(base: BaseUrl, key: ApiKey) -> Self {
        Endpoint {
            base,
            kind: EndpointKind::Live,
            key,
        }
    }

    /// The embedded sandbox at `base`, called with a fixed fake key.
    pub fn sandbox(base: BaseUrl) -> Self {
        Endpoint {
            base,
            kind: EndpointKind::Sandbox,
            key: ApiKey::new(SANDBOX_KEY),
        }
    }

    /// The key.
    pub(crate) fn key(&self) -> &ApiKey {
        &self.key
    }

    /// One line for people: `SANDBOX (embedded, nothing is ordered for real)` or `LIVE https://…`.
    pub fn describe(&self) -> String {
        match self.kind {
            EndpointKind::Sandbox => "SANDBOX (embedded, nothing is ordered for real)".into(),
            EndpointKind::Live if self.base.is_loopback() => {
                format!("LIVE {} (a server on this machine)", self.base)
            }
            EndpointKind::Live => format!("LIVE {}", self.base),
        }
    }
}

/// Why no endpoint could be chosen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("--api-url: {0}")]
    BadUrl(#[from] super::endpoint::EndpointError),
    #[error("cannot read {path}: {reason}")]
    Unreadable { path: String, reason: String },
    /// The parser's own message is not shown: it quotes the line, which may hold the key.
    #[error("{path} is not valid TOML (near line {line})")]
    BadToml { path: String, line: usize },
    #[error(
        "api_key_command in {path} failed ({reason}); its output is not shown because it may hold the key"
    )]
    KeyCommand { path: String, reason: String },
}

/// What the resolution chose.
#[derive(Debug, Clone)]
pub enum Target {
    /// Start the embedded sandbox.
    EmbeddedSandbox,
    /// Talk to this endpoint.
    Remote(Endpoint),
}

/// The chosen target plus warnings to show (a config file readable by others, say).
#[derive(Debug, Clone)]
pub struct Resolved {
    pub target: Target,
    pub warnings: Vec<String>,
}

/// The parts of `config.toml` this module reads; other tables and keys belong to others.
#[derive(Debug, Default, Deserialize)]
struct ConfigFile {
    api_key: Option<String>,
    api_key_command: Option<String>,
}

/// Chooses the endpoint from the arguments, the environment and `config.toml`.
pub fn resolve_endpoint(args: &EndpointChoice, paths: &Paths) -> Result<Resolved, ConfigError> {
    resolve_with_env(args, paths, &|name| std::env::var(name).ok())
}

/// [`resolve_endpoint`] with the environment given, for tests.
pub fn resolve_with_env(
    args: &EndpointChoice,
    paths: &Paths,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Resolved, ConfigError> {
    let mut warnings = Vec::new();
    if args.sandbox {
        if args.api_url.is_some() {
            warnings.push("--sandbox is given, so --api-url is ignored".into());
        }
        return Ok(Resolved {
            target: Target::EmbeddedSandbox,
            warnings,
        });
    }
    let key = match env(KEY_ENV).filter(|k| !k.trim().is_empty()) {
        Some(key) => Some(ApiKey::new(key.trim())),
        None => key_from_file(&paths.config_file(), &mut warnings)?,
    };
    let Some(key) = key else {
        if args.api_url.is_some() {
            warnings.push(format!(
                "--api-url (or DIGICERT_API_URL) is ignored: no API key is configured (set {KEY_ENV}), so the embedded sandbox is used"
            ));
        }
        return Ok(Resolved {
            target: Target::EmbeddedSandbox,
            warnings,
        });
    };
    let base = match args.api_url.as_deref() {
        Some(url) => BaseUrl::parse(url)?,
        None => BaseUrl::region(args.region),
    };
    if args.api_url.is_some() && !base.as_str().ends_with("/services/v2") {
        warnings.push(format!(
            "--api-url {} does not end in /services/v2, where every CertCentral call lives \
             (e.g. https://www.digicert.com/services/v2); the server will likely answer 404 \
             (no such route) to every call",
            base.as_str()
        ));
    }
    Ok(Resolved {
        target: Target::Remote(Endpoint::live(base, key)),
        warnings,
    })
}

fn key_from_file(path: &Path, warnings: &mut Vec<String>) -> Result<Option<ApiKey>, ConfigError> {
    let shown = path.display().to_string();
    let text = match crate::infile::read_text(path, crate::infile::Kind::Config) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(ConfigError::Unreadable {
                path: shown,
                reason: e.to_string(),
            });
        }
    };
    let file: ConfigFile = toml::from_str(&text).map_err(|e| ConfigError::BadToml {
        path: shown.clone(),
        line: e
            .span()
            .and_then(|s| text.get(..s.start))
            .map(|before| before.matches('\n').count() + 1)
            .unwrap_or(1),
    })?;
    if let Some(key) = file.api_key.filter(|k| !k.trim().is_empty()) {
        if let Some(warning) = readable_by_others(path) {
            warnings.push(warning);
        }
        return Ok(Some(ApiKey::new(key.trim())));
    }
    match file.api_key_command.filter(|c| !c.trim().is_empty()) {
        Some(command) => run_key_command(&command, &shown).map(Some),
        None => Ok(None),
    }
}

/// Runs `api_key_command` with `sh -c` and takes its trimmed standard output as the key.
fn run_key_command(command: &str, shown: &str) -> Result<ApiKey, ConfigError> {
    let fail = |reason: String| ConfigError::KeyCommand {
        path: shown.to_owned(),
        reason,
    };
    let output = Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .map_err(|e| fail(format!("cannot run sh: {e}")))?;
    if !output.status.success() {
        return Err(fail(output.status.to_string()));
    }
    let key = String::from_utf8(output.stdout).map_err(|_| fail("it printed non-UTF-8".into()))?;
    let key = key.trim();
    if key.is_empty() {
        return Err(fail("it printed nothing".into()));
    }
    Ok(ApiKey::new(key))
}

/// A warning when a file holding the key can be read by the group or others.
#[cfg(unix)]
fn readable_by_others(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
    (mode & 0o044 != 0).then(|| {
        format!(
            "{} holds an API key and is readable by others (mode {mode:o}); run: chmod 600 {}",
            path.display(),
            path.display()
        )
    })
}

#[cfg(not(unix))]
fn readable_by_others(_path: &Path) -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "RECOGNISABLE-KEY-0123456789";

    fn args() -> EndpointChoice {
        EndpointChoice::default()
    }

    fn write_config(paths: &Paths, text: &str, mode: u32) {
        std::fs::create_dir_all(&paths.config_dir).unwrap();
        std::fs::write(paths.config_file(), text).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(paths.config_file(), std::fs::Permissions::from_mode(mode))
                .unwrap();
        }
    }

    fn remote(resolved: &Resolved) -> &Endpoint {
        match &resolved.target {
            Target::Remote(e) => e,
            Target::EmbeddedSandbox => panic!("expected a remote endpoint"),
        }
    }

    #[test]
    fn no_key_means_sandbox_and_env_key_means_live() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::under(dir.path());
        let r = resolve_with_env(&args(), &paths, &|_| None).unwrap();
        assert!(matches!(r.target, Target::EmbeddedSandbox));
        let env = |n: &str| (n == KEY_ENV).then(|| SECRET.to_owned());
        let r = resolve_with_env(&args(), &paths, &env).unwrap();
        let e = remote(&r);
        assert_eq!(e.kind, EndpointKind::Live);
        assert_eq!(e.describe(), "LIVE https://www.digicert.com/services/v2");
        assert_eq!(e.key().expose(), SECRET);
        let forced = EndpointChoice {
            sandbox: true,
            ..args()
        };
        let r = resolve_with_env(&forced, &paths, &env).unwrap();
        assert!(matches!(r.target, Target::EmbeddedSandbox));
    }

    #[test]
    fn region_and_api_url() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::under(dir.path());
        let env = |n: &str| (n == KEY_ENV).then(|| "k".to_owned());
        let eu = EndpointChoice {
            region: Region::Eu,
            ..args()
        };
        let r = resolve_with_env(&eu, &paths, &env).unwrap();
        assert!(remote(&r).base.as_str().contains("digicert.eu"));
        let url = EndpointChoice {
            api_url: Some("http://127.0.0.1:9/services/v2".into()),
            ..eu
        };
        let r = resolve_with_env(&url, &paths, &env).unwrap();
        assert_eq!(remote(&r).base.as_str(), "http://127.0.0.1:9/services/v2");
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        // Without /services/v2 every call would be "no such route": said before any call.
        let short = EndpointChoice {
            api_url: Some("https://www.digicert.com".into()),
            ..args()
        };
        let r = resolve_with_env(&short, &paths, &env).unwrap();
        assert!(
            r.warnings
                .iter()
                .any(|w| w.contains("does not end in /services/v2")),
            "{:?}",
            r.warnings
        );
        let plain = EndpointChoice {
            api_url: Some("http://example.com/services/v2".into()),
            ..args()
        };
        assert!(matches!(
            resolve_with_env(&plain, &paths, &env),
            Err(ConfigError::BadUrl(_))
        ));
    }

    #[test]
    fn key_from_config_file_warns_when_others_can_read_it() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::under(dir.path());
        write_config(
            &paths,
            &format!("api_key = \"{SECRET}\"\ntheme = \"dark\"\n"),
            0o644,
        );
        let r = resolve_with_env(&args(), &paths, &|_| None).unwrap();
        assert_eq!(remote(&r).key().expose(), SECRET);
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
        assert!(r.warnings[0].contains("chmod 600"));
        assert!(!r.warnings[0].contains(SECRET));
        write_config(&paths, &format!("api_key = \"{SECRET}\"\n"), 0o600);
        let r = resolve_with_env(&args(), &paths, &|_| None).unwrap();
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    }

    #[test]
    fn key_command_output_is_trimmed_and_failures_do_not_echo() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::under(dir.path());
        write_config(
            &paths,
            &format!("api_key_command = \"printf '  {SECRET}\\\\n'\"\n"),
            0o644,
        );
        let r = resolve_with_env(&args(), &paths, &|_| None).unwrap();
        assert_eq!(remote(&r).key().expose(), SECRET);
        assert!(r.warnings.is_empty(), "a command is not a key");
        write_config(
            &paths,
            &format!("api_key_command = \"echo {SECRET}; echo {SECRET} >&2; exit 3\"\n"),
            0o600,
        );
        let err = resolve_with_env(&args(), &paths, &|_| None).unwrap_err();
        assert!(matches!(err, ConfigError::KeyCommand { .. }));
        assert!(!err.to_string().contains(SECRET), "{err}");
    }

    #[test]
    fn bad_toml_does_not_quote_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::under(dir.path());
        write_config(&paths, &format!("\napi_key = {SECRET}\n"), 0o600);
        let err = resolve_with_env(&args(), &paths, &|_| None).unwrap_err();
        assert!(!err.to_string().contains(SECRET), "{err}");
        assert!(err.to_string().contains("line 2"), "{err}");
    }

    #[test]
    fn debug_prints_hide_the_key() {
        let key = ApiKey::new(SECRET);
        assert_eq!(format!("{key:?}"), "ApiKey(***)");
        let e = Endpoint::live(BaseUrl::region(Default::default()), key);
        assert!(!format!("{e:?}").contains(SECRET));
        let sandbox = Endpoint::sandbox(BaseUrl::region(Default::default()));
        assert_eq!(
            sandbox.describe(),
            "SANDBOX (embedded, nothing is ordered for real)"
        );
    }
}
