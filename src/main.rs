//! The `mentionmap` command: thin glue over the library (see `src/cli/`).

use std::process::ExitCode;

mod cli;

fn main() -> ExitCode {
    match cli::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // `mentionmap scan | head` closes the pipe early: that is not an error.
            let broken_pipe = error.chain().any(|cause| {
                let kind = if let Some(io) = cause.downcast_ref::<std::io::Error>() {
                    Some(io.kind())
                } else if let Some(json) = cause.downcast_ref::<serde_json::Error>() {
                    json.io_error_kind()
                } else if let Some(mentionmap::Error::Io { cause, .. }) =
                    cause.downcast_ref::<mentionmap::Error>()
                {
                    Some(cause.kind())
                } else {
                    None
                };
                kind == Some(std::io::ErrorKind::BrokenPipe)
            });
            if broken_pipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("mentionmap: error: {error:#}");
            ExitCode::from(1)
        }
    }
}
