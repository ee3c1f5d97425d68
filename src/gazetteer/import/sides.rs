//! The curated sides of contested names (`data/curated/sides.csv`: `entity_id,alias,side,source`,
//! `source` saying why), checked against the imported aliases and written to the gazetteer's
//! `sides.csv` (see [`crate::gazetteer::Gazetteer::side`]).

use super::*;

/// The curated sides file, beside `aliases.csv`.
pub(super) const SIDES: &str = "sides.csv";

/// One row of the output `sides.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SideRecord {
    /// The entity.
    pub entity_id: String,
    /// One of its imported aliases, as written.
    pub alias: String,
    /// Whose name it is (`armenian`, `azerbaijani`).
    pub side: String,
}

/// Reads the curated sides in `dir`, if it has them, and checks that each names an alias the
/// import kept for its entity.
///
/// # Errors
/// An unreadable file, or a row with an empty field or naming no imported alias (with file and
/// line).
pub(super) fn curated_sides(dir: &Path, aliases: &[AliasRecord]) -> Result<Vec<SideRecord>> {
    #[derive(Debug, Deserialize)]
    struct Row {
        entity_id: String,
        alias: String,
        side: String,
        source: String,
    }
    let path = dir.join(SIDES);
    if !path.is_file() {
        return Ok(Vec::new());
    }
    let names: HashSet<(&str, &str)> = aliases
        .iter()
        .map(|a| (a.entity_id.as_str(), a.alias.as_str()))
        .collect();
    let mut out = Vec::new();
    for (line, row) in read_rows::<Row>(&path)? {
        let bad = |m: String| Error::bad_row(&path, line, m);
        let (entity_id, alias, side) = (row.entity_id.trim(), row.alias.trim(), row.side.trim());
        if [entity_id, alias, side, row.source.trim()].contains(&"") {
            return Err(bad(
                "entity_id, alias, side and source are all required".into()
            ));
        }
        if !names.contains(&(entity_id, alias)) {
            return Err(bad(format!(
                "{entity_id} has no imported alias {alias:?}: a side names one of the entity's names as written"
            )));
        }
        out.push(SideRecord {
            entity_id: entity_id.into(),
            alias: alias.into(),
            side: side.into(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sides_name_imported_aliases() {
        let dir = std::env::temp_dir().join(format!("mentionmap-sides-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let aliases = [AliasRecord {
            entity_id: "gn:146970".into(),
            alias: "Khankendi".into(),
            lang: "az".into(),
            alias_type: "contested".into(),
        }];
        let header = "entity_id,alias,side,source\n";
        let good = "gn:146970,Khankendi,azerbaijani,curated: the official name since 2023\n";
        std::fs::write(dir.join(SIDES), format!("{header}{good}")).unwrap();
        let sides = curated_sides(&dir, &aliases).unwrap();
        assert_eq!(sides[0].side, "azerbaijani");
        for (bad, message) in [
            (
                "gn:146970,Xankendi,azerbaijani,curated\n",
                "line 3: gn:146970 has no imported alias \"Xankendi\"",
            ),
            (
                "gn:146970,Khankendi,,curated\n",
                "line 3: entity_id, alias, side and source",
            ),
        ] {
            std::fs::write(dir.join(SIDES), format!("{header}{good}{bad}")).unwrap();
            let error = curated_sides(&dir, &aliases).unwrap_err().to_string();
            assert!(error.contains(message), "{error}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
