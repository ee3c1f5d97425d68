//! The `mentionmap` command: thin glue over the library (see `src/cli/`).

use std::process::ExitCode;

mod cli;

fn main() -> ExitCode {
    fix_mmap_threshold();
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

/// Serves every allocation over 128 KiB from its own mapping, returned to the system when freed.
///
/// That is glibc's default, but glibc raises the threshold (up to 32 MiB) each time such a
/// block is freed, and loading the gazetteer frees many. After that, the buffers of a big
/// document (its text, normalized text, words and mentions, each grown by doubling) came from
/// the heap: every growth left the old block behind as a hole, and a 20 MB document peaked
/// at 355 MB instead of 316 MB. Fixing the threshold stops the raising; growth is then a
/// `mremap`, without a copy. It costs no measurable time on many small documents, whose
/// allocations are below the threshold (and start-up RSS drops from ~160 MB to ~124 MB).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn fix_mmap_threshold() {
    /// glibc's default threshold, the lowest it ever uses.
    const THRESHOLD_BYTES: libc::c_int = 128 * 1024;
    // SAFETY: mallopt only changes the allocator's settings; it is called before any thread
    // is started.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, THRESHOLD_BYTES);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn fix_mmap_threshold() {}
