//! Exit codes, shared by every command and documented in the README.

/// Success: the order is valid, or the command did what was asked.
pub const OK: u8 = 0;
/// The order has errors (validate, preview, submit), or a followed order ended badly.
pub const INVALID: u8 = 1;
/// The input could not be read or parsed, or the command line was wrong.
pub const USAGE: u8 = 2;
/// CertCentral (or the sandbox) refused the call or could not be reached.
pub const API_ERROR: u8 = 3;
/// Placing the order may or may not have worked: look it up before sending it again.
pub const OUTCOME_UNKNOWN: u8 = 4;
/// The order was not placed because the confirmation was declined.
pub const DECLINED: u8 = 5;

/// How a command ended when not with [`OK`]: its exit code, and the sentence to print
/// (`certwiz: ...` on standard error) unless it was printed where it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exit {
    pub code: u8,
    pub message: Option<String>,
    /// The sentence, once [`Exit::now`] printed it: what `--json` output names as the error.
    pub said: Option<String>,
}

/// What a command returns: `Ok(())` is exit code 0.
pub type Outcome = Result<(), Exit>;

impl Exit {
    /// An exit whose message [`finish`] prints.
    pub fn with(code: u8, message: impl std::fmt::Display) -> Exit {
        Exit {
            code,
            message: Some(message.to_string()),
            said: None,
        }
    }

    /// An exit whose reasons were printed already.
    pub fn code(code: u8) -> Exit {
        Exit {
            code,
            message: None,
            said: None,
        }
    }

    /// Prints the message now and keeps the code, for a command that prints more after it
    /// (the store's set-aside warnings), so the lines stay in the order they happened.
    pub fn now(self) -> Exit {
        let said = self.message.clone().or(self.said.clone());
        Exit {
            said,
            ..Exit::code(self.report())
        }
    }

    /// What the command says of its end: the sentence to print, or the one printed already.
    pub fn sentence(&self) -> Option<&str> {
        self.message.as_deref().or(self.said.as_deref())
    }

    /// Prints the message now and gives the code, for a command that still returns a code.
    pub fn report(self) -> u8 {
        if let Some(message) = &self.message {
            errln!("certwiz: {message}");
        }
        self.code
    }
}

/// A command's code as an outcome: 0 is `Ok`.
pub fn outcome(code: u8) -> Outcome {
    if code == OK {
        Ok(())
    } else {
        Err(Exit::code(code))
    }
}

/// The one place a command's end is printed and turned into the process's exit code.
pub fn finish(outcome: Outcome) -> std::process::ExitCode {
    let code = match outcome {
        Ok(()) => OK,
        Err(exit) => exit.report(),
    };
    // What the command printed did not all reach standard output (a reader that went away is
    // not counted: `crate::say`): the work's own failure keeps its code, a success becomes 2.
    let code = match crate::say::lost() {
        Some(why) => {
            errln!("certwiz: standard output could not be written: {why}");
            if code == OK { USAGE } else { code }
        }
        None => code,
    };
    std::process::ExitCode::from(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_keep_their_codes() {
        assert_eq!(outcome(OK), Ok(()));
        assert_eq!(outcome(DECLINED), Err(Exit::code(DECLINED)));
        assert_eq!(Exit::with(USAGE, "no home").report(), USAGE);
        assert_eq!(Exit::code(OUTCOME_UNKNOWN).report(), OUTCOME_UNKNOWN);
        // Printed now, the sentence is kept as said (for --json), not printed again.
        let now = Exit::with(DECLINED, "not placed").now();
        assert_eq!((now.code, now.message.as_deref()), (DECLINED, None));
        assert_eq!(now.sentence(), Some("not placed"));
    }
}
