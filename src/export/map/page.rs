//! `map.html`: the picture with zoom, pan, tooltips, a choropleth switch and a table.

use std::fmt::Write;

use super::draw::{self, Target};
use super::{escape, Picture};
use crate::borders::Borders;

/// Renders the page.
pub(super) fn html(picture: &Picture, borders: &Borders) -> String {
    let svg = draw::svg(picture, borders, Target::Page);
    let mut rows = String::new();
    for c in &picture.places {
        let _ = write!(
            rows,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=n>{}</td><td class=n>{}</td><td>{}</td></tr>",
            escape(&c.name),
            escape(c.country_code.as_deref().unwrap_or("")),
            escape(c.feature_code.as_deref().unwrap_or("")),
            c.mentions,
            c.documents,
            escape(&c.spellings)
        );
    }
    let zeros = if picture.zeros.is_empty() {
        String::new()
    } else {
        format!(
            " Hollow markers: the {} places of {} never mentioned.",
            picture.zeros.len(),
            escape(&picture.scope.join(", "))
        )
    };
    format!(
        r##"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>{title}</title>
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #1d2933; }}
#map {{ display: block; width: 100%; max-width: 1100px; border: 1px solid #c9d3db; cursor: grab; touch-action: none; user-select: none; }}
.tools {{ margin: .5em 0; }}
.tools button {{ font: inherit; margin-right: .3em; }}
#tip {{ position: absolute; pointer-events: none; background: #fff; border: 1px solid #9c9486; border-radius: 4px; padding: 4px 8px; box-shadow: 0 1px 4px #0003; max-width: 360px; }}
.tip-name {{ font-weight: 600; }}
table {{ border-collapse: collapse; margin-top: 1em; }}
td, th {{ border-bottom: 1px solid #e1e7ec; padding: 3px 10px; text-align: left; }}
.n {{ text-align: right; }}
</style></head><body>
<h1>{title}</h1>
<p>{places} places mentioned in {documents} documents. Circle area is proportional to mentions; hover a circle for its counts and spellings.{zeros}
Scroll or double-click to zoom, drag to pan. Gazetteer {gazetteer}.</p>
<div class="tools"><button id="zoom-in" title="Zoom in">+</button><button id="zoom-out" title="Zoom out">−</button><button id="fit">Fit to the places</button><button id="fit-all">Show every place</button><button id="by-country">Shade countries</button></div>
{svg}
<div id="tip" hidden></div>
<table><thead><tr><th>place</th><th>country</th><th>feature</th><th class=n>mentions</th><th class=n>documents</th><th>spellings</th></tr></thead>
<tbody>{rows}</tbody></table>
<script>
{script}</script>
</body></html>
"##,
        title = escape(&picture.title),
        places = picture.places.len(),
        documents = picture.documents,
        gazetteer = escape(&picture.gazetteer),
        script = include_str!("map.js"),
    )
}
