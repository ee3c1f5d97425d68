//! The directory walk: which files of the inputs are read, each real file once.
//!
//! Symbolic links are followed (unless [`WalkOptions::follow_links`] is off), but every file and
//! directory is visited at most once by its device and inode, so a `latest -> 2020-10` link does
//! not double the counts and a `self -> .` loop ends. FIFOs, sockets and devices inside a
//! directory are skipped (reading one could block forever); so are dangling links, directories
//! that cannot be listed, and the run's own outputs. Every such skip is reported, never silent.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::{is_jsonl, is_text, Source};
use crate::{Error, Result};

/// How to walk directories.
#[derive(Debug, Clone)]
pub struct WalkOptions {
    /// Follow symbolic links found inside directories (links named as inputs are always
    /// followed).
    pub follow_links: bool,
    /// Files and directories never read: the run's own outputs and output directory.
    pub exclude: Vec<PathBuf>,
}

impl Default for WalkOptions {
    fn default() -> Self {
        WalkOptions {
            follow_links: true,
            exclude: Vec::new(),
        }
    }
}

/// One file or directory the walk did not read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The path as met in the walk.
    pub path: PathBuf,
    /// Why it was not read.
    pub reason: SkipReason,
}

/// Why the walk skipped a path.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SkipReason {
    /// The same real file or directory was already read under another path (a symbolic link
    /// or a hard link).
    Duplicate(PathBuf),
    /// A symbolic link leads back to a directory that contains it.
    Loop(PathBuf),
    /// A symbolic link whose target does not exist.
    Dangling,
    /// A symbolic link not followed (`--no-follow`).
    NotFollowed,
    /// A FIFO, socket or device.
    Special(&'static str),
    /// A directory or file that could not be inspected or listed.
    Unreadable(String),
    /// One of this run's outputs or its output directory.
    Output,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = self.path.display();
        match &self.reason {
            SkipReason::Duplicate(first) => {
                write!(f, "{path}: the same file as {}, read once", first.display())
            }
            SkipReason::Loop(to) => write!(
                f,
                "{path}: a link loop back to {}, not followed",
                to.display()
            ),
            SkipReason::Dangling => write!(f, "{path}: a dangling symbolic link, skipped"),
            SkipReason::NotFollowed => write!(f, "{path}: a symbolic link, not followed"),
            SkipReason::Special(kind) => write!(f, "{path}: {kind}, not a regular file: skipped"),
            SkipReason::Unreadable(why) => write!(f, "{path}: {why}, skipped"),
            SkipReason::Output => write!(f, "{path}: an output of this run, not read"),
        }
    }
}

impl Skipped {
    /// Whether this skip loses input a user meant to read (an unreadable directory, a dangling
    /// link), as opposed to a duplicate or an output that is rightly left out.
    pub fn loses_input(&self) -> bool {
        matches!(
            self.reason,
            SkipReason::Dangling | SkipReason::Unreadable(_) | SkipReason::Special(_)
        )
    }
}

/// The sources found, and what was skipped.
#[derive(Debug, Clone, Default)]
pub struct Walked {
    /// Every file to read, in order: inputs as given, each directory's files sorted by path.
    pub sources: Vec<Source>,
    /// What was not read, in walk order.
    pub skipped: Vec<Skipped>,
}

/// A file's identity: device and inode.
type FileId = (u64, u64);

#[cfg(unix)]
fn file_id(meta: &std::fs::Metadata) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn file_id(_meta: &std::fs::Metadata) -> Option<FileId> {
    None
}

#[cfg(unix)]
fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_fifo() {
        "a FIFO"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_meta: &std::fs::Metadata) -> &'static str {
    "a special file"
}

struct Walker<'a> {
    options: &'a WalkOptions,
    excluded: HashSet<FileId>,
    /// Every file and directory read so far, with the path it was first met under.
    seen: std::collections::HashMap<FileId, PathBuf>,
    out: Walked,
}

/// Expands inputs into sources: `-` is standard input, a directory is every text or JSONL file
/// under it (sorted, hidden files skipped), a file is itself. No inputs means standard input.
///
/// # Errors
/// If an input named on the command line does not exist. What goes wrong inside a directory is
/// reported in [`Walked::skipped`] instead.
pub fn walk(inputs: &[PathBuf], options: &WalkOptions) -> Result<Walked> {
    if inputs.is_empty() {
        return Ok(Walked {
            sources: vec![Source::Stdin],
            skipped: Vec::new(),
        });
    }
    let mut walker = Walker {
        options,
        excluded: options
            .exclude
            .iter()
            .filter_map(|p| std::fs::metadata(p).ok())
            .filter_map(|m| file_id(&m))
            .collect(),
        seen: Default::default(),
        out: Walked::default(),
    };
    for input in inputs {
        if input.as_os_str() == "-" {
            walker.out.sources.push(Source::Stdin);
            continue;
        }
        // An input named on the command line is followed even if it is a link, and read even if
        // it is a FIFO (`<(zcat feed.gz)`).
        let meta = std::fs::metadata(input).map_err(|e| {
            let e = if e.kind() == std::io::ErrorKind::NotFound {
                std::io::Error::new(e.kind(), "no such file or directory")
            } else {
                e
            };
            Error::io(input, e)
        })?;
        if meta.is_dir() {
            let mut ancestors = Vec::new();
            walker.dir(input, &meta, &mut ancestors);
        } else {
            walker.file(input, &meta, true);
        }
    }
    Ok(walker.out)
}

impl Walker<'_> {
    fn skip(&mut self, path: &Path, reason: SkipReason) {
        self.out.skipped.push(Skipped {
            path: path.to_path_buf(),
            reason,
        });
    }

    /// Claims a real file or directory; false (and a skip noted) if it was met before or is
    /// an output.
    fn claim(&mut self, path: &Path, meta: &std::fs::Metadata) -> bool {
        let Some(id) = file_id(meta) else {
            return true;
        };
        if self.excluded.contains(&id) {
            self.skip(path, SkipReason::Output);
            return false;
        }
        if let Some(first) = self.seen.get(&id) {
            let first = first.clone();
            self.skip(path, SkipReason::Duplicate(first));
            return false;
        }
        self.seen.insert(id, path.to_path_buf());
        true
    }

    fn file(&mut self, path: &Path, meta: &std::fs::Metadata, named: bool) {
        if !named && !meta.is_file() {
            self.skip(path, SkipReason::Special(special_kind(meta)));
            return;
        }
        if self.claim(path, meta) {
            self.out.sources.push(Source::File(path.to_path_buf()));
        }
    }

    /// Walks one directory; `ancestors` holds the ids of the directories above it, to tell a
    /// loop from a second link to the same directory.
    fn dir(
        &mut self,
        dir: &Path,
        meta: &std::fs::Metadata,
        ancestors: &mut Vec<(FileId, PathBuf)>,
    ) {
        if let Some(id) = file_id(meta) {
            if let Some((_, to)) = ancestors.iter().find(|(a, _)| *a == id) {
                let to = to.clone();
                self.skip(dir, SkipReason::Loop(to));
                return;
            }
        }
        if !self.claim(dir, meta) {
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => return self.skip(dir, SkipReason::Unreadable(format!("cannot list: {e}"))),
        };
        let mut paths: Vec<PathBuf> = Vec::new();
        for entry in entries {
            match entry {
                Ok(entry) => paths.push(entry.path()),
                Err(e) => self.skip(dir, SkipReason::Unreadable(format!("cannot list: {e}"))),
            }
        }
        paths.sort();
        if let Some(id) = file_id(meta) {
            ancestors.push((id, dir.to_path_buf()));
        }
        for path in paths {
            let hidden = path
                .file_name()
                .is_some_and(|n| n.as_encoded_bytes().starts_with(b"."));
            if hidden {
                continue;
            }
            let link = match std::fs::symlink_metadata(&path) {
                Ok(link) => link,
                Err(e) => {
                    self.skip(&path, SkipReason::Unreadable(e.to_string()));
                    continue;
                }
            };
            let is_link = link.file_type().is_symlink();
            if is_link && !self.options.follow_links {
                if std::fs::metadata(&path).is_ok_and(|m| m.is_dir())
                    || is_text(&path)
                    || is_jsonl(&path)
                {
                    self.skip(&path, SkipReason::NotFollowed);
                }
                continue;
            }
            let meta = if is_link {
                match std::fs::metadata(&path) {
                    Ok(meta) => meta,
                    Err(_) => {
                        self.skip(&path, SkipReason::Dangling);
                        continue;
                    }
                }
            } else {
                link
            };
            if meta.is_dir() {
                self.dir(&path, &meta, ancestors);
            } else if is_text(&path) || is_jsonl(&path) {
                self.file(&path, &meta, false);
            }
        }
        if file_id(meta).is_some() {
            ancestors.pop();
        }
    }
}
