//! Where results land: output files checked before any work, written as a set, and put in place
//! together.
//!
//! A run that writes several files (`map`, `export`, `audit`, the importer) checks every
//! destination before it reads its first input: the directory is a directory and writable, no
//! file it would write exists unless the caller may replace it, none is a directory. Each file is
//! then written to a hidden temporary file beside its destination (`.mentionmap-*`); only when
//! the whole run has succeeded are they renamed into place, one after another, each replaced file
//! kept under a second name until the last rename has succeeded, so that a failed rename rolls
//! the set back. A run that fails
//! half-way (a bad input under `--strict`, a full disk) therefore leaves the previous outputs as
//! they were, never files of two runs side by side.
//!
//! Destinations that are not regular files (`/dev/null`, a terminal, a named pipe) are written
//! through, not replaced: renaming a temporary file onto them would destroy them. A symbolic
//! link is followed, so the file it points at is replaced and the link kept.
//!
//! A run's set replaces the whole set of its command's last run in the directory: the files
//! that run wrote and this one does not are removed with the commit, as `manifest` records and
//! checks them; no other file is ever removed.
//!
//! Temporary files are listed while they live, so that the binary's signal handler can remove
//! them ([`remove_temporaries`]) when a run is interrupted.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::{Error, Result};

mod manifest;

use self::manifest::Manifest;
pub use self::manifest::MANIFEST;

/// Output is handed to the operating system in pieces of this size: a scan writes each
/// document's mentions (often more than the default 8 KiB) in one call, and with a buffer that
/// small every document would cost a system call.
pub const WRITE_BUFFER_BYTES: usize = 256 << 10;

/// Whether an existing output file may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// Refuse to replace an existing file.
    Never,
    /// Replace existing files.
    Allow,
}

/// What the run does at one destination, decided before the run.
#[derive(Debug)]
enum Destination {
    /// Write a temporary file beside `path` and rename it onto `path` at the end (a new file, or
    /// a regular file that may be replaced; symbolic links already followed).
    Replace { path: PathBuf },
    /// Open the existing special file and write into it (a device, a FIFO, a socket).
    WriteThrough,
}

/// A set of output files, checked up front and committed together.
///
/// ```
/// use mentionmap::output::{OutputSet, Overwrite};
/// use std::io::Write;
///
/// let dir = tempfile::tempdir()?;
/// let mut outputs = OutputSet::in_dir(dir.path(), ["a.txt", "b.txt"], Overwrite::Never)?;
/// outputs.write(&dir.path().join("a.txt"), |w| w.write_all(b"first"))?;
/// outputs.write(&dir.path().join("b.txt"), |w| w.write_all(b"second"))?;
/// assert!(!dir.path().join("a.txt").exists(), "nothing is in place before the commit");
/// outputs.commit()?;
/// assert_eq!(std::fs::read_to_string(dir.path().join("b.txt"))?, "second");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct OutputSet {
    overwrite: Overwrite,
    destinations: BTreeMap<PathBuf, Destination>,
    /// Directories already shown writable.
    probed: BTreeSet<PathBuf>,
    /// Written temporary files and where each goes, in the order they were written.
    staged: Vec<(Temporary, PathBuf)>,
    /// The run this set replaces, when it is a command's outputs in a directory.
    run: Option<Run>,
}

/// A command's run in an output directory (see the module's documentation).
#[derive(Debug)]
struct Run {
    dir: PathBuf,
    command: String,
    manifest: Manifest,
    /// The files of the command's last run there that this run does not write: removed with
    /// the commit.
    stale: Vec<PathBuf>,
}

impl OutputSet {
    /// An empty set; add destinations with [`OutputSet::add`].
    pub fn new(overwrite: Overwrite) -> Self {
        OutputSet {
            overwrite,
            destinations: BTreeMap::new(),
            probed: BTreeSet::new(),
            staged: Vec::new(),
            run: None,
        }
    }

    /// The files `names` inside `dir`: the directory is created if missing, and checked to be a
    /// writable directory; then every file is checked as [`OutputSet::add`] does.
    ///
    /// # Errors
    /// If `dir` is a file, cannot be created or written in, or a file cannot be a destination.
    pub fn in_dir<S: AsRef<str>>(
        dir: &Path,
        names: impl IntoIterator<Item = S>,
        overwrite: Overwrite,
    ) -> Result<Self> {
        if std::fs::metadata(dir).is_ok_and(|m| !m.is_dir()) {
            return Err(refused(
                dir,
                std::io::ErrorKind::NotADirectory,
                "is a file, not a directory: give a directory for the outputs",
            ));
        }
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let mut set = OutputSet::new(overwrite);
        for name in names {
            set.add(&dir.join(name.as_ref()))?;
        }
        Ok(set)
    }

    /// The files `names` inside `dir`, as [`OutputSet::in_dir`], as the run of `command` there:
    /// the files its last run in `dir` wrote and this one does not are removed when the set is
    /// committed (only those still as that run left them), so that the directory never holds
    /// the outputs of two of its runs. Every name the command may write goes in `names`,
    /// optional ones included, or a file this run does not write but could is left behind.
    ///
    /// # Errors
    /// As [`OutputSet::in_dir`]; and if such a file is there and replacing is not allowed.
    pub fn for_run<S: AsRef<str>>(
        dir: &Path,
        names: impl IntoIterator<Item = S>,
        overwrite: Overwrite,
        command: &str,
    ) -> Result<Self> {
        let mut set = OutputSet::in_dir(dir, names, overwrite)?;
        let manifest = Manifest::read(dir);
        let stale = manifest.stale(dir, command, |path| set.destinations.contains_key(path));
        if let (Some(path), Overwrite::Never) = (stale.first(), overwrite) {
            return Err(refused(
                path,
                std::io::ErrorKind::AlreadyExists,
                &format!(
                    "is an output of an earlier `{command}` run that this one does not write \
                     (pass --force to replace that run's outputs, this file removed)"
                ),
            ));
        }
        set.run = Some(Run {
            dir: dir.to_path_buf(),
            command: command.to_string(),
            manifest,
            stale,
        });
        Ok(set)
    }

    /// The files of the command's last run that the commit will remove (see
    /// [`OutputSet::for_run`]).
    pub fn stale(&self) -> &[PathBuf] {
        self.run.as_ref().map_or(&[], |run| &run.stale)
    }

    /// Checks `path` as a destination and adds it to the set.
    ///
    /// # Errors
    /// If `path` is a directory, a dangling symbolic link, an existing file that may not be
    /// replaced, or in a directory that is missing or cannot be written in.
    pub fn add(&mut self, path: &Path) -> Result<()> {
        let destination = check(path, self.overwrite)?;
        if let Destination::Replace { path: real } = &destination {
            // One probe per directory, however many of the set's files it holds.
            let dir = parent(real);
            if !self.probed.contains(dir) {
                probe_directory(dir)?;
                self.probed.insert(dir.to_path_buf());
            }
        }
        self.destinations.insert(path.to_path_buf(), destination);
        Ok(())
    }

    /// Writes the file at `path` (added before) with `write`. A regular file is written to a
    /// temporary file that [`OutputSet::commit`] puts in place; a special file is written
    /// through now.
    ///
    /// # Errors
    /// If `write` or any I/O step fails (the temporary file is removed).
    pub fn write(
        &mut self,
        path: &Path,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<()> {
        if !self.destinations.contains_key(path) {
            // Every caller lists its outputs first; a file added late is still checked.
            self.add(path)?;
        }
        match &self.destinations[path] {
            Destination::WriteThrough => {
                let file = OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(|e| Error::io(path, e))?;
                let mut writer = BufWriter::with_capacity(WRITE_BUFFER_BYTES, file);
                write(&mut writer)
                    .and_then(|()| writer.flush())
                    .map_err(|e| Error::io(path, e))
            }
            Destination::Replace { path: real } => {
                let real = real.clone();
                let (file, temporary) = Temporary::beside(&real)?;
                let mut writer = BufWriter::with_capacity(WRITE_BUFFER_BYTES, file);
                write(&mut writer)
                    .and_then(|()| writer.flush())
                    .map_err(|e| Error::io(path, e))?;
                self.staged.push((temporary, real));
                Ok(())
            }
        }
    }

    /// Puts every written file in place, in the order written. Each file it replaces is kept
    /// under a second name (a hard link: no copy) until the whole set is in place, so that a
    /// rename failing half-way (a disk error, a file made a directory meanwhile) puts the files
    /// already renamed back as they were: the set is replaced whole or not at all.
    ///
    /// # Errors
    /// If a file appeared meanwhile where replacing is not allowed, or a rename fails; the files
    /// not yet renamed are removed and those renamed are rolled back. (Where the file system
    /// has no hard links, a replaced file cannot be rolled back and stays new.)
    pub fn commit(mut self) -> Result<()> {
        let mut placed: Vec<(PathBuf, Previous)> = Vec::new();
        for (temporary, destination) in std::mem::take(&mut self.staged) {
            let previous = Previous::keep(&destination);
            if let Err(e) = temporary.persist(&destination, self.overwrite) {
                drop(previous);
                for (destination, previous) in placed.into_iter().rev() {
                    previous.restore(&destination);
                }
                return Err(e);
            }
            placed.push((destination, previous));
        }
        let Some(run) = self.run.take() else {
            // `Previous` removes its second name when dropped: the set is in place.
            return Ok(());
        };
        // The last run's files not written again go too, each kept under a second name until
        // all are gone, so that a failure puts them back with the rest.
        for stale in &run.stale {
            let previous = Previous::keep(stale);
            if let Err(e) = std::fs::remove_file(stale) {
                drop(previous);
                for (destination, previous) in placed.into_iter().rev() {
                    previous.restore(&destination);
                }
                return Err(Error::io(stale, e));
            }
            placed.push((stale.clone(), previous));
        }
        drop(placed);
        run.record(&self.destinations);
        Ok(())
    }
}

impl Run {
    /// Writes the directory's manifest after the run's files are in place. A manifest that
    /// cannot be written is left as it was: it only makes a later run remove less (its stamps
    /// no longer match the files replaced), never a file that is not a run's.
    fn record(self, destinations: &BTreeMap<PathBuf, Destination>) {
        let written: Vec<String> = destinations
            .iter()
            .filter(|(path, destination)| {
                matches!(destination, Destination::Replace { .. }) && parent(path) == self.dir
            })
            .filter_map(|(path, _)| Some(path.file_name()?.to_string_lossy().into_owned()))
            .collect();
        let manifest = self.manifest.after_run(&self.dir, &self.command, &written);
        let Ok(json) = serde_json::to_vec_pretty(&manifest) else {
            return;
        };
        let path = self.dir.join(MANIFEST);
        let _ = write_atomic(&path, Overwrite::Allow, |w| w.write_all(&json));
    }
}

/// Writes one file atomically: checked, written beside its destination, renamed into place (a
/// set of one; special files are written through).
///
/// # Errors
/// As [`OutputSet::add`], [`OutputSet::write`] and [`OutputSet::commit`].
pub fn write_atomic(
    path: &Path,
    overwrite: Overwrite,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let mut set = OutputSet::new(overwrite);
    set.add(path)?;
    set.write(path, write)?;
    set.commit()
}

/// Decides what to do at `path`, refusing what cannot or may not be written.
fn check(path: &Path, overwrite: Overwrite) -> Result<Destination> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(refused(
            path,
            std::io::ErrorKind::IsADirectory,
            "is a directory: give a file name",
        )),
        Ok(meta) if meta.is_file() => {
            if overwrite == Overwrite::Never {
                return Err(refused(
                    path,
                    std::io::ErrorKind::AlreadyExists,
                    "already exists (pass --force to replace it)",
                ));
            }
            // Follow a symbolic link: the file it names is replaced, the link stays.
            let real = std::fs::canonicalize(path).map_err(|e| Error::io(path, e))?;
            Ok(Destination::Replace { path: real })
        }
        Ok(_) => Ok(Destination::WriteThrough),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if std::fs::symlink_metadata(path).is_ok() {
                return Err(refused(
                    path,
                    std::io::ErrorKind::NotFound,
                    "is a symbolic link to a file that does not exist",
                ));
            }
            Ok(Destination::Replace {
                path: path.to_path_buf(),
            })
        }
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Checks that a temporary file can be created in `dir` (it exists and may be written in), so
/// a run does not learn it after the scan.
fn probe_directory(dir: &Path) -> Result<()> {
    tempfile::Builder::new()
        .prefix(".mentionmap-")
        .tempfile_in(dir)
        .map(drop)
        .map_err(|e| {
            // tempfile's message names the random temporary path; the user needs the directory.
            let kind = e.kind();
            Error::io(
                dir,
                std::io::Error::new(kind, format!("cannot write files here ({kind})")),
            )
        })
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn refused(path: &Path, kind: std::io::ErrorKind, message: &str) -> Error {
    Error::io(path, std::io::Error::new(kind, message))
}

/// Temporary files alive now, for [`remove_temporaries`].
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn live() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    // A panic while the list was held leaves it usable: it is only a list of paths.
    LIVE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Removes the temporary files of the outputs being written, and returns how many there were.
/// The binary calls it from its SIGINT/SIGTERM handler just before exiting, so an interrupted run
/// leaves no hidden `.mentionmap-*` files (of hundreds of MB, for a big scan) behind.
pub fn remove_temporaries() -> usize {
    let paths = std::mem::take(&mut *live());
    for path in &paths {
        let _ = std::fs::remove_file(path);
    }
    paths.len()
}

/// A temporary file beside a destination, removed when dropped unless persisted, and listed
/// for [`remove_temporaries`] while it lives.
#[derive(Debug)]
struct Temporary {
    /// `None` once persisted.
    temp: Option<tempfile::TempPath>,
    path: PathBuf,
}

impl Temporary {
    /// Creates the temporary file, open for writing.
    fn beside(destination: &Path) -> Result<(File, Self)> {
        let dir = parent(destination);
        let (file, temp) = tempfile::Builder::new()
            .prefix(".mentionmap-")
            .tempfile_in(dir)
            .map_err(|e| Error::io(dir, e))?
            .into_parts();
        let path = temp.to_path_buf();
        live().push(path.clone());
        Ok((
            file,
            Temporary {
                temp: Some(temp),
                path,
            },
        ))
    }

    fn persist(mut self, destination: &Path, overwrite: Overwrite) -> Result<()> {
        // Temporary files are created private (0600); outputs are ordinary files others may read.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&self.path, std::fs::Permissions::from_mode(0o644))
                .map_err(|e| Error::io(destination, e))?;
        }
        let Some(temp) = self.temp.take() else {
            return Ok(());
        };
        let persisted = match overwrite {
            Overwrite::Allow => temp.persist(destination),
            // Refuses if the destination appeared since the check (the failed temporary file
            // is removed with the error).
            Overwrite::Never => temp.persist_noclobber(destination),
        };
        persisted.map_err(|e| Error::io(destination, e.error))
    }
}

/// What was at a destination before the commit replaced it.
#[derive(Debug)]
enum Previous {
    /// Nothing: rolling back removes the new file.
    Absent,
    /// A file, kept under a second name (listed with the temporaries, so a signal removes it).
    Kept(PathBuf),
    /// A file that could not be given a second name: it cannot be rolled back.
    Lost,
}

impl Previous {
    fn keep(destination: &Path) -> Self {
        if std::fs::symlink_metadata(destination).is_err() {
            return Previous::Absent;
        }
        static KEPT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = KEPT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let kept =
            parent(destination).join(format!(".mentionmap-previous-{}-{n}", std::process::id()));
        live().push(kept.clone());
        match std::fs::hard_link(destination, &kept) {
            Ok(()) => Previous::Kept(kept),
            Err(_) => {
                live().retain(|p| p != &kept);
                Previous::Lost
            }
        }
    }

    /// Puts the previous file back at `destination` (or removes the new one).
    fn restore(mut self, destination: &Path) {
        match &self {
            Previous::Absent => {
                let _ = std::fs::remove_file(destination);
            }
            Previous::Kept(kept) => {
                if std::fs::rename(kept, destination).is_ok() {
                    live().retain(|p| p != kept);
                    // Nothing left to remove on drop.
                    self = Previous::Lost;
                }
            }
            Previous::Lost => {}
        }
    }
}

impl Drop for Previous {
    fn drop(&mut self) {
        if let Previous::Kept(kept) = self {
            let _ = std::fs::remove_file(&*kept);
            live().retain(|p| p != kept);
        }
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        // Removed first, then unlisted: a signal in between finds the name and removes nothing.
        drop(self.temp.take());
        live().retain(|p| p != &self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn refuses_to_clobber_and_leaves_nothing_behind_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        write_atomic(&path, Overwrite::Never, |w| w.write_all(b"first")).unwrap();
        let err = write_atomic(&path, Overwrite::Never, |w| w.write_all(b"second")).unwrap_err();
        assert!(err
            .to_string()
            .contains("already exists (pass --force to replace it)"));
        let failed = write_atomic(&path, Overwrite::Allow, |w| {
            w.write_all(b"half")?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "first");
        assert_eq!(
            files_in(dir.path()),
            ["out.txt"],
            "no temporary file is left"
        );
        write_atomic(&path, Overwrite::Allow, |w| w.write_all(b"second")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "second");
    }

    #[test]
    fn a_set_that_fails_half_way_leaves_the_previous_outputs_whole() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.txt", "b.txt"] {
            std::fs::write(dir.path().join(name), "old").unwrap();
        }
        let mut set = OutputSet::in_dir(dir.path(), ["a.txt", "b.txt"], Overwrite::Allow).unwrap();
        set.write(&dir.path().join("a.txt"), |w| w.write_all(b"new"))
            .unwrap();
        let failed = set.write(&dir.path().join("b.txt"), |_| {
            Err(std::io::Error::other("disk full"))
        });
        assert!(failed.is_err());
        drop(set);
        for name in ["a.txt", "b.txt"] {
            assert_eq!(
                std::fs::read_to_string(dir.path().join(name)).unwrap(),
                "old"
            );
        }
        assert_eq!(files_in(dir.path()), ["a.txt", "b.txt"]);
    }

    #[test]
    fn a_rename_failing_half_way_puts_the_renamed_files_back() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.txt", "b.txt"] {
            std::fs::write(dir.path().join(name), "old").unwrap();
        }
        let names = ["a.txt", "b.txt", "c.txt"];
        let mut set = OutputSet::in_dir(dir.path(), names, Overwrite::Allow).unwrap();
        for name in names {
            set.write(&dir.path().join(name), |w| w.write_all(b"new"))
                .unwrap();
        }
        // b.txt becomes a directory with a file in it: its rename fails after a.txt's.
        let b = dir.path().join("b.txt");
        std::fs::remove_file(&b).unwrap();
        std::fs::create_dir(&b).unwrap();
        std::fs::write(b.join("inside"), "x").unwrap();
        assert!(set.commit().is_err());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a.txt")).unwrap(),
            "old",
            "a.txt was renamed, then put back"
        );
        assert!(b.join("inside").exists());
        // Nothing of the failed set is left: no c.txt, no temporary, no second name.
        assert_eq!(files_in(dir.path()), ["a.txt", "b.txt"]);
        assert!(live().iter().all(|p| !p.starts_with(dir.path())));
    }

    #[test]
    fn a_committed_set_leaves_no_second_names() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "old").unwrap();
        let mut set = OutputSet::in_dir(dir.path(), ["a.txt", "b.txt"], Overwrite::Allow).unwrap();
        for name in ["a.txt", "b.txt"] {
            set.write(&dir.path().join(name), |w| w.write_all(b"new"))
                .unwrap();
        }
        set.commit().unwrap();
        assert_eq!(files_in(dir.path()), ["a.txt", "b.txt"]);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a.txt")).unwrap(),
            "new"
        );
    }

    #[test]
    fn every_destination_is_checked_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.txt"), "old").unwrap();
        let err = OutputSet::in_dir(dir.path(), ["a.txt", "b.txt"], Overwrite::Never).unwrap_err();
        assert!(err.to_string().contains("b.txt"), "{err}");
        std::fs::create_dir(dir.path().join("c.txt")).unwrap();
        let err = OutputSet::in_dir(dir.path(), ["c.txt"], Overwrite::Allow).unwrap_err();
        assert!(err.to_string().contains("is a directory"), "{err}");
        let file = dir.path().join("b.txt");
        let err = OutputSet::in_dir(&file, ["a.txt"], Overwrite::Allow).unwrap_err();
        assert!(err.to_string().contains("not a directory"), "{err}");
        let missing = dir.path().join("no/such/dir/out.txt");
        assert!(write_atomic(&missing, Overwrite::Allow, |_| Ok(())).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_written_through_and_links_followed() {
        assert!(std::path::Path::new("/dev/null").exists());
        write_atomic(Path::new("/dev/null"), Overwrite::Never, |w| {
            w.write_all(b"gone")
        })
        .unwrap();
        let meta = std::fs::metadata("/dev/null").unwrap();
        assert!(!meta.is_file(), "/dev/null is still a device");

        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.txt");
        let link = dir.path().join("link.txt");
        std::fs::write(&target, "old").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomic(&link, Overwrite::Allow, |w| w.write_all(b"new")).unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");

        let dangling = dir.path().join("dangling.txt");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
        let err = write_atomic(&dangling, Overwrite::Allow, |_| Ok(())).unwrap_err();
        assert!(err.to_string().contains("does not exist"), "{err}");
    }

    #[test]
    fn live_temporaries_are_listed_until_they_are_put_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        let mut set = OutputSet::new(Overwrite::Never);
        set.add(&path).unwrap();
        set.write(&path, |w| w.write_all(b"x")).unwrap();
        let temporary = set.staged[0].0.path.clone();
        assert!(live().contains(&temporary));
        set.commit().unwrap();
        assert!(!live().contains(&temporary));
        assert_eq!(files_in(dir.path()), ["out.txt"]);
    }
}
