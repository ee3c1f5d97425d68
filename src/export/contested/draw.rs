//! The picture of contested names: per entity, a 100% bar per outlet (the share of each
//! spelling it writes) and a 100% column per period (the share over all outlets), drawn as one
//! SVG; `contested.html` wraps it with tooltips, `contested.svg` carries `<title>`s instead.

use std::fmt::Write;

use crate::audit::spellings::Contest;
use crate::audit::UNDATED;

use super::super::map::escape;

/// The most entities drawn: the top of `contested.csv`. With 50 outlets and 36 months a panel
/// is about 60 KB, so 24 panels keep the page under 2 MB (the issue's bound).
pub const MAX_PANELS: usize = 24;

/// The most spellings coloured apart in a panel; the rarer ones share a grey.
const MAX_FORMS: usize = 6;

/// Colours of the spellings, most used first (ColorBrewer Set2, colour-blind safe), and the
/// grey of the rarer ones.
const PALETTE: [&str; MAX_FORMS] = [
    "#66c2a5", "#fc8d62", "#8da0cb", "#e78ac3", "#a6d854", "#ffd92f",
];
const OTHER_COLOUR: &str = "#b3b3b3";

/// The drawing's width, and the parts of a panel, in pixels.
const WIDTH: f64 = 960.0;
const LABEL_WIDTH: f64 = 190.0;
const BAR_HEIGHT: f64 = 14.0;
const BAR_GAP: f64 = 4.0;
const COLUMNS_HEIGHT: f64 = 120.0;

/// One stacked bar: its label and the mentions of each drawn spelling.
#[derive(Debug, Clone, PartialEq)]
struct Bar {
    label: String,
    counts: Vec<u64>,
}

/// One entity's panel.
#[derive(Debug, Clone, PartialEq)]
struct Panel {
    entity_id: String,
    name: String,
    contested: bool,
    divergence_bits: f64,
    /// The spellings drawn (`text (lang)`), then "other spellings" when some were folded.
    forms: Vec<String>,
    outlets: Vec<Bar>,
    periods: Vec<Bar>,
}

/// What `contested.html` and `contested.svg` show.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// The page's title.
    pub title: String,
    panels: Vec<Panel>,
    /// Entities ranked but not drawn (past [`MAX_PANELS`]).
    pub left_out: usize,
}

/// Where the SVG goes: into the page (tooltips by script) or a file of its own (`<title>`s).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Inline in `contested.html`.
    Page,
    /// `contested.svg`.
    File,
}

impl Chart {
    /// The chart of the first [`MAX_PANELS`] contests; `periods` are the labels of the
    /// timeline in order (every period from the first dated document to the last).
    pub fn new(title: &str, contests: &[Contest<'_, '_>], periods: &[String]) -> Chart {
        let panels = contests
            .iter()
            .take(MAX_PANELS)
            .map(|c| panel(c, periods))
            .collect();
        Chart {
            title: title.to_string(),
            panels,
            left_out: contests.len().saturating_sub(MAX_PANELS),
        }
    }

    /// Number of entities drawn.
    pub fn panels(&self) -> usize {
        self.panels.len()
    }
}

/// Folds the forms past [`MAX_FORMS`] into one count.
fn fold(ns: &[u64]) -> Vec<u64> {
    if ns.len() <= MAX_FORMS {
        return ns.to_vec();
    }
    let mut out = ns[..MAX_FORMS].to_vec();
    out.push(ns[MAX_FORMS..].iter().sum());
    out
}

fn panel(contest: &Contest<'_, '_>, periods: &[String]) -> Panel {
    let entity = contest.entity;
    let mut forms: Vec<String> = entity
        .forms
        .iter()
        .take(MAX_FORMS)
        // The language and the side, where known: "Stepanakert (hy-Latn, armenian)".
        .map(|f| {
            let about: Vec<&str> = [f.lang.as_str(), f.side.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect();
            match about.as_slice() {
                [] => f.text.clone(),
                about => format!("{} ({})", f.text, about.join(", ")),
            }
        })
        .collect();
    if entity.forms.len() > MAX_FORMS {
        forms.push("other spellings".to_string());
    }
    let by_source = entity.by_source();
    let outlets = contest
        .outlets
        .iter()
        .map(|o| Bar {
            label: o.source.clone(),
            counts: fold(&by_source[o.source.as_str()]),
        })
        .collect();
    let by_period = entity.by_period();
    let zeros = vec![0; forms.len()];
    let periods = periods
        .iter()
        .filter(|p| *p != UNDATED)
        .map(|p| Bar {
            label: p.clone(),
            counts: by_period
                .get(p.as_str())
                .map_or(zeros.clone(), |ns| fold(ns)),
        })
        .collect();
    Panel {
        entity_id: entity.count.entity_id.clone().unwrap_or_default(),
        name: entity.count.name.clone(),
        contested: entity.contested,
        divergence_bits: contest.divergence_bits,
        forms,
        outlets,
        periods,
    }
}

fn colour(form: usize) -> &'static str {
    PALETTE.get(form).copied().unwrap_or(OTHER_COLOUR)
}

/// The height of a panel.
fn panel_height(p: &Panel) -> f64 {
    let outlets = p.outlets.len() as f64 * (BAR_HEIGHT + BAR_GAP);
    let columns = if p.periods.is_empty() {
        0.0
    } else {
        COLUMNS_HEIGHT + 40.0
    };
    60.0 + outlets + 20.0 + columns + 30.0
}

/// One segment: a rect with what the tooltip and the tests read.
#[allow(clippy::too_many_arguments)]
fn segment(
    out: &mut String,
    target: Target,
    (x, y, w, h): (f64, f64, f64, f64),
    kind: &str,
    key: &str,
    form: usize,
    form_name: &str,
    n: u64,
    total: u64,
) {
    let _ = write!(
        out,
        r#"<rect class="seg" x="{x:.1}" y="{y:.1}" width="{w:.2}" height="{h:.1}" fill="{}" data-kind="{kind}" data-key="{}" data-form="{}" data-n="{n}" data-total="{total}">"#,
        colour(form),
        escape(key),
        escape(form_name),
    );
    if target == Target::File {
        let _ = write!(
            out,
            "<title>{}: {} {n} of {total} mentions</title>",
            escape(key),
            escape(form_name)
        );
    }
    out.push_str("</rect>");
}

fn draw_panel(out: &mut String, p: &Panel, top: f64, target: Target) {
    let _ = write!(
        out,
        r#"<g class="panel" data-entity="{}" transform="translate(0 {top:.1})">"#,
        escape(&p.entity_id)
    );
    let _ = write!(
        out,
        r#"<text class="title" x="0" y="18">{}</text><text class="sub" x="0" y="36">{} · divergence between outlets {:.3} bits</text>"#,
        escape(&p.name),
        if p.contested {
            "a contested name in the gazetteer"
        } else {
            "not marked contested in the gazetteer"
        },
        p.divergence_bits
    );
    // The legend.
    let mut x = 0.0;
    for (i, form) in p.forms.iter().enumerate() {
        let _ = write!(
            out,
            r#"<rect x="{x:.1}" y="44" width="10" height="10" fill="{}"/><text class="legend" x="{:.1}" y="53">{}</text>"#,
            colour(i),
            x + 14.0,
            escape(form)
        );
        x += 24.0 + 7.0 * form.chars().count() as f64;
    }
    // A bar per outlet.
    let bar_width = WIDTH - LABEL_WIDTH - 60.0;
    let mut y = 64.0;
    for bar in &p.outlets {
        let total: u64 = bar.counts.iter().sum();
        let _ = write!(
            out,
            r#"<text class="label" x="{:.1}" y="{:.1}">{}</text>"#,
            LABEL_WIDTH - 6.0,
            y + BAR_HEIGHT - 3.0,
            escape(&bar.label)
        );
        let mut x = LABEL_WIDTH;
        for (form, n) in bar.counts.iter().enumerate().filter(|(_, n)| **n > 0) {
            let w = bar_width * *n as f64 / total as f64;
            segment(
                out,
                target,
                (x, y, w, BAR_HEIGHT),
                "outlet",
                &bar.label,
                form,
                &p.forms[form],
                *n,
                total,
            );
            x += w;
        }
        let _ = write!(
            out,
            r#"<text class="n" x="{:.1}" y="{:.1}">{total}</text>"#,
            LABEL_WIDTH + bar_width + 6.0,
            y + BAR_HEIGHT - 3.0
        );
        y += BAR_HEIGHT + BAR_GAP;
    }
    // A column per period, over all outlets; empty periods stay empty.
    if !p.periods.is_empty() {
        y += 20.0;
        let _ = write!(
            out,
            r#"<text class="label" x="{:.1}" y="{:.1}">all outlets, by period</text>"#,
            LABEL_WIDTH - 6.0,
            y + 12.0
        );
        let step = bar_width / p.periods.len() as f64;
        let width = (step - 1.0).max(1.0);
        // A label every so many columns, so that they do not overlap (about 60 px apart).
        let every = (60.0 / step).ceil().max(1.0) as usize;
        for (i, bar) in p.periods.iter().enumerate() {
            let x = LABEL_WIDTH + i as f64 * step;
            let total: u64 = bar.counts.iter().sum();
            let mut bottom = y + COLUMNS_HEIGHT;
            for (form, n) in bar.counts.iter().enumerate().filter(|(_, n)| **n > 0) {
                let h = COLUMNS_HEIGHT * *n as f64 / total as f64;
                bottom -= h;
                segment(
                    out,
                    target,
                    (x, bottom, width, h),
                    "period",
                    &bar.label,
                    form,
                    &p.forms[form],
                    *n,
                    total,
                );
            }
            if i % every == 0 {
                let _ = write!(
                    out,
                    r#"<text class="tick" x="{x:.1}" y="{:.1}">{}</text>"#,
                    y + COLUMNS_HEIGHT + 14.0,
                    escape(&bar.label)
                );
            }
        }
    }
    out.push_str("</g>");
}

/// The picture as SVG.
pub fn svg(chart: &Chart, target: Target) -> String {
    let height: f64 = chart.panels.iter().map(panel_height).sum::<f64>().max(40.0);
    let mut out = String::new();
    let xmlns = match target {
        Target::File => r#" xmlns="http://www.w3.org/2000/svg""#,
        Target::Page => "",
    };
    let _ = write!(
        out,
        r#"<svg id="chart"{xmlns} viewBox="0 0 {WIDTH} {height:.0}" width="{WIDTH}" height="{height:.0}" font-family="system-ui, sans-serif" font-size="12">"#
    );
    out.push_str(
        "<style>.title{font-size:16px;font-weight:600}.sub{fill:#555}.label{text-anchor:end}\
         .n,.tick{fill:#555;font-size:11px}</style>",
    );
    if chart.panels.is_empty() {
        out.push_str(
            r#"<text x="0" y="24">No name is written differently by different outlets.</text>"#,
        );
    }
    let mut top = 0.0;
    for panel in &chart.panels {
        draw_panel(&mut out, panel, top, target);
        top += panel_height(panel);
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::spellings::{contests, spellings};
    use crate::audit::Scope;
    use crate::count::Counts;
    use crate::date::{Date, Period};
    use crate::gazetteer::{EntityId, EntityKind, GazetteerBuilder};
    use crate::mention::{Mention, Method};

    /// The issue's bound: 50 outlets and 36 months of three spellings each, for more entities
    /// than are drawn, make a page under 2 MB. Each spelling has a language and a side, which
    /// the labels carry ("Place 3 1 (hy-Latn, armenian)").
    #[test]
    fn fifty_outlets_over_three_years_stay_under_two_megabytes() {
        let entities: usize = MAX_PANELS + 6;
        let mut csv = String::from(
            "entity_id,kind,name,latitude,longitude,country_code,feature_code,population\n",
        );
        let mut aliases = String::from("entity_id,alias,lang,type\n");
        let mut sides = String::from("entity_id,alias,side\n");
        for e in 0..entities {
            csv.push_str(&format!("t:{e},place,Place {e},40,46,AZ,PPL,1000\n"));
            for (s, (lang, side)) in [("hy-Latn", "armenian"), ("az", "azerbaijani"), ("ru", "")]
                .into_iter()
                .enumerate()
            {
                aliases.push_str(&format!("t:{e},Place {e} {s},{lang},contested\n"));
                if !side.is_empty() {
                    sides.push_str(&format!("t:{e},Place {e} {s},{side}\n"));
                }
            }
        }
        let gazetteer = GazetteerBuilder::new()
            .add_csv("entities.csv", csv.into_bytes())
            .unwrap()
            .add_csv("aliases.csv", aliases.into_bytes())
            .unwrap()
            .add_csv("sides.csv", sides.into_bytes())
            .unwrap()
            .build()
            .unwrap();
        let mut counts = Counts::new("g");
        let doc: std::sync::Arc<str> = "d".into();
        for outlet in 0..50 {
            for month in 0..36u8 {
                let mentions: Vec<Mention> = (0..entities)
                    .flat_map(|e| {
                        // Outlets lean to a spelling by their number, so that all disagree.
                        (0..3).map(move |s| (e, format!("Place {e} {}", (s + outlet) % 3)))
                    })
                    .map(|(e, surface)| Mention {
                        entity_id: Some(EntityId(format!("t:{e}").into())),
                        name: format!("Place {e}").into(),
                        ..Mention::new(&doc, 0, 1, &surface, EntityKind::Place, Method::Exact)
                    })
                    .collect();
                let date = Date::new(2020 + i32::from(month / 12), 1 + month % 12, 1);
                let source = format!("outlet {outlet:02}");
                counts.add_dated_document(
                    &format!("d{outlet}-{month}"),
                    date,
                    Some(&source),
                    &mentions,
                );
            }
        }
        let all = spellings(&counts, &gazetteer, &Scope::default(), Period::Month);
        let contests = contests(&all, 1);
        assert_eq!(contests.len(), entities);
        let periods: Vec<String> = (0..36u8)
            .map(|m| format!("{}-{:02}", 2020 + u32::from(m / 12), 1 + m % 12))
            .collect();
        let chart = Chart::new("t", &contests, &periods);
        assert_eq!((chart.panels(), chart.left_out), (MAX_PANELS, 6));
        let page = super::super::html(&chart);
        eprintln!(
            "contested.html: {} bytes, contested.svg: {} bytes",
            page.len(),
            svg(&chart, Target::File).len()
        );
        assert!(page.len() < 2_000_000, "{} bytes", page.len());
        let file = svg(&chart, Target::File);
        assert!(file.len() < 2_000_000, "{} bytes", file.len());
        // Every outlet's bar and every month's column: three segments each.
        let panel_segments = (50 + 36) * 3;
        assert_eq!(
            page.matches(r#"class="seg""#).count(),
            MAX_PANELS * panel_segments
        );
    }
}
