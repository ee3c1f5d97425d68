//! Writing results: GeoJSON map layers, CSV tables, JSONL mentions.
//!
//! Every file is written to a temporary file in the same directory and renamed into place, so a
//! failed run never leaves a half-written output, and an existing file is only replaced when the
//! caller says so.

pub mod countries;
pub mod coverage;
pub mod geojson;
pub mod map;
pub mod suggest;
pub mod table;

use std::io::{BufWriter, Write};
use std::path::Path;

use crate::{Error, Result};

/// Whether an existing output file may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// Refuse to replace an existing file.
    Never,
    /// Replace existing files.
    Allow,
}

/// Writes `path` atomically: `write` fills a temporary file beside it, which is then renamed.
///
/// # Errors
/// If `path` exists and `overwrite` is [`Overwrite::Never`], or any I/O step fails (the
/// temporary file is removed and `path` is left as it was).
pub fn write_atomic(
    path: &Path,
    overwrite: Overwrite,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    if overwrite == Overwrite::Never && path.exists() {
        return Err(Error::io(
            path,
            std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "already exists (pass --force to replace it)",
            ),
        ));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let temp = tempfile::Builder::new()
        .prefix(".mentionmap-")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    let mut writer = BufWriter::new(temp);
    write(&mut writer)
        .and_then(|()| writer.flush())
        .map_err(|e| Error::io(path, e))?;
    let temp = writer
        .into_inner()
        .map_err(|e| Error::io(path, e.into_error()))?;
    // Temporary files are created private (0600); outputs are ordinary files others may read.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(temp.path(), std::fs::Permissions::from_mode(0o644))
            .map_err(|e| Error::io(path, e))?;
    }
    let persisted = match overwrite {
        Overwrite::Allow => temp.persist(path),
        Overwrite::Never => temp.persist_noclobber(path),
    };
    persisted.map(|_| ()).map_err(|e| Error::io(path, e.error))
}

/// Writes the count-derived outputs into `dir`: `places.geojson`, `places.geojsonl` (the same
/// features as a GeoJSON text sequence), `places.csv`, `people.csv`, `organisations.csv`, and
/// `map.html` of `picture` (shared by `map` and `export`).
///
/// # Errors
/// If a file exists and `overwrite` is [`Overwrite::Never`], or writing fails.
pub fn write_count_outputs(
    dir: &Path,
    counts: &crate::Counts,
    gazetteer: &crate::Gazetteer,
    layer_name: &str,
    picture: &map::Picture,
    overwrite: Overwrite,
) -> Result<()> {
    use crate::gazetteer::EntityKind;
    let layer = geojson::places(counts, gazetteer, layer_name);
    write_atomic(&dir.join("places.geojson"), overwrite, |w| {
        serde_json::to_writer(&mut *w, &layer)?;
        w.write_all(b"\n")
    })?;
    write_atomic(&dir.join("places.geojsonl"), overwrite, |w| {
        geojson::write_seq(w, &layer)
    })?;
    write_atomic(&dir.join("places.csv"), overwrite, |w| {
        table::write_places(w, counts, gazetteer)
    })?;
    write_atomic(&dir.join("people.csv"), overwrite, |w| {
        table::write_named(w, counts, EntityKind::Person)
    })?;
    write_atomic(&dir.join("organisations.csv"), overwrite, |w| {
        table::write_named(w, counts, EntityKind::Organisation)
    })?;
    let page = picture.html();
    write_atomic(&dir.join("map.html"), overwrite, |w| {
        w.write_all(page.as_bytes())
    })
}

/// Writes mentions as JSON Lines, one object per mention.
///
/// # Errors
/// If writing fails.
pub fn write_mentions_jsonl(
    out: &mut dyn Write,
    mentions: &[crate::Mention],
) -> std::io::Result<()> {
    for m in mentions {
        serde_json::to_writer(&mut *out, m)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Rounds degrees to 6 decimals (about 10 cm), as GIS tools expect.
pub(crate) fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// A flat, readable summary of spellings: `Stepanakert (3); Khankendi (1)`, most used first.
pub(crate) fn spellings(variants: &std::collections::BTreeMap<String, u64>) -> String {
    let mut pairs: Vec<_> = variants.iter().collect();
    pairs.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    pairs
        .iter()
        .map(|(k, v)| format!("{k} ({v})"))
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

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
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file is left"
        );
        write_atomic(&path, Overwrite::Allow, |w| w.write_all(b"second")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "second");
    }
}
