//! `certwiz sandbox`: the embedded sandbox on its own, for curl and the API document's examples.

use std::io::Write;
use std::time::Duration;

use super::{exit, remote};
use crate::order::Product;
use crate::paths::Paths;
use crate::sandbox::{self, DEFAULT_STEP, SandboxConfig};

/// `certwiz sandbox`.
pub fn run(port: u16, step_ms: Option<u64>) -> u8 {
    remote::block_on(async move {
        let paths = match Paths::discover() {
            Ok(paths) => paths,
            Err(e) => {
                errln!("certwiz: {e}");
                return exit::USAGE;
            }
        };
        let step = match step_ms.map(Duration::from_millis) {
            Some(step) => Ok(step),
            None => sandbox::step_from_env().map(|s| s.unwrap_or(DEFAULT_STEP)),
        };
        let step = match step {
            Ok(step) => step,
            Err(e) => {
                errln!("certwiz: {e}");
                return exit::USAGE;
            }
        };
        let config = SandboxConfig {
            state_dir: paths.sandbox_dir(),
            port,
            step,
        };
        let handle = match sandbox::start(config).await {
            Ok(handle) => handle,
            Err(e) => {
                errln!("certwiz: cannot start the sandbox: {e}");
                return exit::USAGE;
            }
        };
        if let Err(e) =
            sandbox::apply_env_faults(&handle).and_then(|()| sandbox::apply_env_products(&handle))
        {
            errln!("certwiz: {e}");
            return exit::USAGE;
        }
        let base = handle.base_url();
        let order_url = base.order_url(Product::DocumentSigningOrg1);
        let text = format!(
            "certwiz sandbox: nothing is ordered for real; orders are kept in {}\n\
             base URL: {base}\n\
             each order moves pending -> submitted -> approved, {} ms per step\n\
             \n\
             Place the documented example (any non-empty key works):\n  \
             curl -sS -X POST '{order_url}' \\\n    \
             -H 'X-DC-DEVKEY: any-key' -H 'Content-Type: application/json' \\\n    \
             --data-binary @order.json\n\
             Follow it:\n  \
             DIGICERT_API_KEY=any-key certwiz status ORDER_ID --watch --api-url {base}\n\
             \n\
             Ctrl-C stops it.",
            paths.sandbox_dir().display(),
            step.as_millis()
        );
        // A closed stdout (piped into `head`, say) must not stop the server.
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{text}").and_then(|()| out.flush());
        drop(out);
        match tokio::signal::ctrl_c().await {
            Ok(()) => {
                errln!("certwiz: sandbox stopped");
                exit::OK
            }
            Err(e) => {
                errln!("certwiz: cannot wait for Ctrl-C: {e}");
                exit::USAGE
            }
        }
    })
}
