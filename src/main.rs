//! The `mentionmap` command: thin glue over the library (see `src/cli/`).

use std::process::ExitCode;

mod cli;

fn main() -> ExitCode {
    match cli::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // `mentionmap scan | head` closes the pipe early: that is not an error.
            let broken_pipe = error
                .chain()
                .filter_map(|cause| cause.downcast_ref::<std::io::Error>())
                .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe);
            if broken_pipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("mentionmap: error: {error:#}");
            ExitCode::from(1)
        }
    }
}
