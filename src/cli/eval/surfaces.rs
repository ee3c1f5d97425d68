//! `eval --surfaces FILE...`: the most frequent surface → entity pairs of unannotated text whose
//! surface is not the entity's own name, as a tab-separated table for review (issue 31).

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use mentionmap::eval::surfaces::Surfaces;
use mentionmap::eval::GoldDocument;
use mentionmap::gazetteer::alias_class::AliasClass;
use mentionmap::people::PersonLexicon;
use mentionmap::Scanner;
use rayon::prelude::*;

/// The documents of `paths`: a GeoWebNews or LGL-schema `.xml` file, a directory of GUM
/// `.conllu` files, a directory of text files (read recursively, in path order), or one text
/// file. Only the texts are read; annotations are ignored.
pub fn read(paths: &[PathBuf]) -> Result<Vec<GoldDocument>> {
    let mut docs = Vec::new();
    for path in paths {
        if path.extension().is_some_and(|e| e == "xml") {
            docs.extend(super::read_xml(path, None)?);
        } else if path.is_dir() && has_conllu(path)? {
            docs.extend(super::read_gum(path, None)?);
        } else {
            let mut files = Vec::new();
            text_files(path, &mut files)?;
            files.sort();
            for file in files {
                let text = std::fs::read_to_string(&file)
                    .with_context(|| format!("cannot read {}", file.display()))?;
                docs.push(GoldDocument {
                    id: file.display().to_string(),
                    text,
                    spans: Vec::new(),
                });
            }
        }
    }
    Ok(docs)
}

fn has_conllu(dir: &Path) -> Result<bool> {
    Ok(std::fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .filter_map(|e| e.ok())
        .any(|e| e.path().extension().is_some_and(|x| x == "conllu")))
}

fn text_files(path: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    if path.is_dir() {
        for entry in
            std::fs::read_dir(path).with_context(|| format!("cannot list {}", path.display()))?
        {
            text_files(&entry?.path(), out)?;
        }
    } else if path.extension().is_none_or(|e| e == "txt") {
        out.push(path.to_path_buf());
    }
    Ok(())
}

/// Scans `docs` and writes the `top` most frequent pairs, with the class of the alias each
/// went by (`mentionmap::gazetteer::alias_class`).
pub fn run(
    scanner: &Scanner,
    docs: &[GoldDocument],
    top: usize,
    out: &mut dyn Write,
) -> Result<()> {
    let mentions: Vec<_> = docs
        .par_iter()
        .map(|d| scanner.scan(&d.id, &d.text))
        .collect();
    let mut surfaces = Surfaces::new();
    for (doc, found) in docs.iter().zip(&mentions) {
        surfaces.add(&doc.text, found);
    }
    let pairs = surfaces.top(top);
    let g = scanner.gazetteer();
    // The alias each pair went by, found in one pass over the aliases.
    let wanted: HashMap<(&str, &str), usize> = pairs
        .iter()
        .enumerate()
        .filter_map(|(i, p)| Some(((p.entity_id.as_str(), p.alias.as_deref()?), i)))
        .collect();
    let mut classes = vec![None; pairs.len()];
    let people = PersonLexicon::embedded();
    for alias in g.aliases() {
        let entity = g.entity(alias.entity);
        if let Some(&i) = wanted.get(&(entity.id.0.as_str(), alias.text.as_str())) {
            // Shared with a higher-ranked entity: what the pair's own list says is enough here.
            classes[i] = Some(AliasClass::of(
                alias,
                entity,
                false,
                |w| people.names_a_person(w),
                |_| false,
            ));
        }
    }
    writeln!(
        out,
        "count\tsurface\tentity_id\tname\tkind\tcountry\tfeature\tclass\texample"
    )?;
    for (pair, class) in pairs.iter().zip(classes) {
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            pair.count,
            pair.surface,
            pair.entity_id,
            pair.name,
            pair.kind.as_str(),
            pair.country_code.as_deref().unwrap_or(""),
            pair.feature_code.as_deref().unwrap_or(""),
            class.map_or("fuzzy or generated", AliasClass::as_str),
            pair.example
        )?;
    }
    Ok(())
}
