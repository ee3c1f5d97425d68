//! `audit --spellings`: `spellings.csv` (every name form of every entity written more than one
//! way, per source and period), `contested.csv` (the entities outlets disagree on, with each
//! outlet's preferred name and its switch) and the picture of them, `contested.html` and
//! `contested.svg`.

mod draw;
mod page;

use std::io::Write;

use crate::audit::spellings::{side_shares, Contest, EntitySpellings};

pub use draw::{svg, Chart, Target, MAX_PANELS};
pub use page::html;

/// A share as the tables write it: four decimals.
fn share(n: u64, total: u64) -> String {
    if total == 0 {
        return String::new();
    }
    format!("{:.4}", n as f64 / total as f64)
}

/// Writes `spellings.csv`: per entity, name form and (source, period) cell, the form's mentions
/// and its share of the entity's mentions there; `(all)` rows give the margins. Forms a cell
/// does not use are left out (their share is 0).
///
/// # Errors
/// If writing fails.
pub fn write_spellings_csv(
    out: &mut dyn Write,
    entities: &[EntitySpellings<'_>],
) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
        "entity_id",
        "name",
        "kind",
        "contested",
        "spelling",
        "language",
        "alias_type",
        "side",
        "source",
        "period",
        "mentions",
        "share",
    ])?;
    for entity in entities {
        let c = entity.count;
        let id = c.entity_id.as_deref().unwrap_or_default();
        for (source, period, ns) in entity.rows() {
            let total: u64 = ns.iter().sum();
            for (form, n) in entity.forms.iter().zip(&ns).filter(|(_, n)| **n > 0) {
                writer.write_record([
                    id,
                    &c.name,
                    c.kind.as_str(),
                    if entity.contested { "true" } else { "false" },
                    &form.text,
                    &form.lang,
                    &form.alias_type,
                    &form.side,
                    source,
                    period,
                    &n.to_string(),
                    &share(*n, total),
                ])?;
            }
        }
    }
    writer.flush()
}

/// `Stepanakert (11); Khankendi (5)`: an entity's forms, most used first.
fn forms_summary(entity: &EntitySpellings<'_>) -> String {
    entity
        .forms
        .iter()
        .zip(&entity.totals)
        .map(|(f, n)| format!("{} ({n})", f.text))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Writes `contested.csv`: one row per contested entity and outlet taking part, the entities
/// the gazetteer marks contested first (`group`), each group ranked by how strongly the outlets
/// disagree (`divergence_bits`); per outlet its preferred form (with its language and side),
/// each side's share of its mentions (`armenian 0.8243; azerbaijani 0.1757`) and, when it
/// changed for good, the first period of the change and the form before it.
///
/// # Errors
/// If writing fails.
pub fn write_contested_csv(
    out: &mut dyn Write,
    contests: &[Contest<'_, '_>],
) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
        "group",
        "rank",
        "entity_id",
        "name",
        "divergence_bits",
        "mentions",
        "spellings",
        "source",
        "source_mentions",
        "preferred",
        "preferred_language",
        "preferred_side",
        "preferred_share",
        "side_shares",
        "switch_period",
        "switched_from",
    ])?;
    for (rank, contest) in contests.iter().enumerate() {
        let entity = contest.entity;
        let c = entity.count;
        let group = if entity.contested {
            "contested"
        } else {
            "other"
        };
        let summary = forms_summary(entity);
        let by_source = entity.by_source();
        for outlet in &contest.outlets {
            let sides = by_source
                .get(outlet.source.as_str())
                .map(|ns| side_shares(&entity.forms, ns))
                .unwrap_or_default()
                .iter()
                .map(|(side, share)| format!("{side} {share:.4}"))
                .collect::<Vec<_>>()
                .join("; ");
            let preferred = &entity.forms[outlet.preferred];
            let (period, from) = match &outlet.switch {
                Some(s) => (s.period.as_str(), entity.forms[s.from].text.as_str()),
                None => ("", ""),
            };
            writer.write_record([
                group,
                &(rank + 1).to_string(),
                c.entity_id.as_deref().unwrap_or_default(),
                &c.name,
                &format!("{:.4}", contest.divergence_bits),
                &c.mentions.to_string(),
                &summary,
                &outlet.source,
                &outlet.mentions.to_string(),
                &preferred.text,
                &preferred.lang,
                &preferred.side,
                &format!("{:.4}", outlet.share),
                &sides,
                period,
                from,
            ])?;
        }
    }
    writer.flush()
}
