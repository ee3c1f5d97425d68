//! `gazetteer check --suspicious`: the aliases of a gazetteer by class, with counts and
//! examples (issue 31; the classes are `mentionmap::gazetteer::alias_class`).

use std::collections::HashSet;
use std::io::Write;

use anyhow::Result;
use mentionmap::gazetteer::alias_class::{prominence, AliasClasses};
use mentionmap::gazetteer::EntityKind;
use mentionmap::normalize::normalize;
use mentionmap::people::PersonLexicon;
use mentionmap::Gazetteer;

/// Examples listed per class.
const EXAMPLES: usize = 12;

/// Writes one line per class: how many aliases, how many of them are risky (count only with the
/// document's support), and the most prominent entities' examples.
pub fn write(out: &mut dyn Write, g: &Gazetteer, common_words: &HashSet<String>) -> Result<()> {
    let people = PersonLexicon::embedded();
    let classes = AliasClasses::of(
        g,
        |w| people.names_a_person(w),
        |w| !common_words.is_empty() && common_words.contains(&normalize(w)),
    );
    writeln!(
        out,
        "alias classes ({} aliases of places, people and organisations; \"risky\": counted only where the document supports the entity):",
        g.aliases().len()
    )?;
    for (class, count) in classes.counts() {
        let mut members: Vec<usize> = (0..g.aliases().len())
            .filter(|&i| classes.get(i) == class)
            .collect();
        let risky = members
            .iter()
            .filter(|&&i| {
                let alias = &g.aliases()[i];
                class.risky(alias, g.entity(alias.entity))
            })
            .count();
        // The risky ones of the most prominent entities first: where a wrong reading costs
        // most.
        members.sort_by_key(|&i| {
            let alias = &g.aliases()[i];
            let entity = g.entity(alias.entity);
            std::cmp::Reverse((
                class.risky(alias, entity),
                entity.kind == EntityKind::Place,
                prominence(entity),
            ))
        });
        let examples: Vec<String> = members
            .iter()
            .take(EXAMPLES)
            .map(|&i| {
                let alias = &g.aliases()[i];
                let entity = g.entity(alias.entity);
                format!(
                    "{:?} ({}, {})",
                    alias.text.as_str(),
                    entity.name,
                    entity.country_code.as_deref().unwrap_or("-")
                )
            })
            .collect();
        writeln!(
            out,
            "  {}: {count} ({risky} risky){}{}",
            class.as_str(),
            if examples.is_empty() { "" } else { ": " },
            examples.join(", ")
        )?;
    }
    Ok(())
}
