//! The manifest of an output directory: which file each command's last run there wrote, so
//! that the next run of that command replaces its whole set, not only the files it writes again.
//!
//! `map --svg --coverage AM` then `map --force` would otherwise leave the first run's map.svg
//! and coverage.csv beside the second run's map: files of two runs, mixed. The manifest
//! (`.mentionmap.json`, hidden, so never read back as input) lists each output with the command
//! that wrote it and a stamp of the file as written (size, modification time, inode). A run
//! removes the files its command wrote last time and does not write now, but only those still
//! as that run left them: a file replaced since by another command (`audit` writing its own
//! coverage.csv), edited by hand, or put there by the user is not the run's, and is never
//! removed. A directory without a manifest (or with one that cannot be read) owns nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The manifest's file name inside an output directory.
pub const MANIFEST: &str = ".mentionmap.json";

/// What the manifest holds.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct Manifest {
    /// Says what the file is to whoever opens it.
    #[serde(default)]
    about: String,
    /// Each output by file name: the command that wrote it last, and the file as written.
    #[serde(default)]
    outputs: BTreeMap<String, Output>,
}

/// One output as its run wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Output {
    command: String,
    #[serde(flatten)]
    stamp: Stamp,
}

/// A file as some run left it: a file replaced or edited since has another stamp (a rename
/// brings a new inode; an edit, a new size or modification time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    bytes: u64,
    modified_ns: u64,
    inode: u64,
}

impl Stamp {
    /// The stamp of the regular file at `path` (not following a link: a link is not an output
    /// a run wrote), if there is one.
    fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        if !meta.is_file() {
            return None;
        }
        let modified = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Stamp {
            bytes: meta.len(),
            modified_ns: u64::try_from(modified.as_nanos()).unwrap_or(u64::MAX),
            inode,
        })
    }
}

impl Manifest {
    /// The manifest of `dir`; an empty one if it is missing or cannot be read (then no earlier
    /// output is known, and none is removed).
    pub(super) fn read(dir: &Path) -> Manifest {
        std::fs::read(dir.join(MANIFEST))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// The files of `dir` that `command`'s last run there wrote and that are still as it left
    /// them, other than those `keep` says this run writes again.
    pub(super) fn stale(
        &self,
        dir: &Path,
        command: &str,
        keep: impl Fn(&Path) -> bool,
    ) -> Vec<PathBuf> {
        self.outputs
            .iter()
            .filter(|(_, output)| output.command == command)
            .map(|(name, output)| (dir.join(name), output))
            .filter(|(path, output)| !keep(path) && Stamp::of(path) == Some(output.stamp))
            .map(|(path, _)| path)
            .collect()
    }

    /// The manifest after `command`'s run wrote `written` (file names in `dir`): their entries
    /// are the run's; other commands' entries stay while their files are as they were, and
    /// `command`'s own earlier ones go.
    pub(super) fn after_run(self, dir: &Path, command: &str, written: &[String]) -> Manifest {
        let mut outputs: BTreeMap<String, Output> = self
            .outputs
            .into_iter()
            .filter(|(name, output)| {
                output.command != command && Stamp::of(&dir.join(name)) == Some(output.stamp)
            })
            .collect();
        for name in written {
            if let Some(stamp) = Stamp::of(&dir.join(name)) {
                let output = Output {
                    command: command.to_string(),
                    stamp,
                };
                outputs.insert(name.clone(), output);
            }
        }
        Manifest {
            about: "the outputs of mentionmap's last runs here, so that a run of a command \
                    replaces the files of its last run whole; safe to delete (nothing is then \
                    removed)"
                .to_string(),
            outputs,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_as_the_run_left_them_are_stale() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.csv", "b.svg", "c.csv", "d.csv"] {
            std::fs::write(dir.path().join(name), name).unwrap();
        }
        let written: Vec<String> = ["a.csv", "b.svg", "c.csv"].map(String::from).to_vec();
        let manifest = Manifest::default().after_run(dir.path(), "map", &written);
        let manifest = manifest.after_run(dir.path(), "audit", &["d.csv".to_string()]);
        // c.csv is edited by hand: no longer the run's.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(dir.path().join("c.csv"), "mine, now").unwrap();
        let keep = |p: &Path| p.ends_with("a.csv");
        let stale = manifest.stale(dir.path(), "map", keep);
        assert_eq!(stale, [dir.path().join("b.svg")]);
        assert_eq!(
            manifest.stale(dir.path(), "audit", |_| false),
            [dir.path().join("d.csv")]
        );
        // Written through JSON and read back, it says the same.
        std::fs::write(
            dir.path().join(MANIFEST),
            serde_json::to_vec(&manifest).unwrap(),
        )
        .unwrap();
        let read = Manifest::read(dir.path());
        assert_eq!(
            read.stale(dir.path(), "map", keep),
            [dir.path().join("b.svg")]
        );
        // A broken manifest owns nothing.
        std::fs::write(dir.path().join(MANIFEST), "{not json").unwrap();
        assert!(Manifest::read(dir.path())
            .stale(dir.path(), "map", |_| false)
            .is_empty());
    }
}
