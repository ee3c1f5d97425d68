//! `contested.html`: the chart with tooltips and a short reading guide, in one offline file.

use super::draw::{self, Chart, Target};
use crate::export::map::escape;

/// Renders the page.
pub fn html(chart: &Chart) -> String {
    let svg = draw::svg(chart, Target::Page);
    let left_out = if chart.left_out > 0 {
        format!(
            " {} more are ranked in contested.csv and not drawn.",
            chart.left_out
        )
    } else {
        String::new()
    };
    format!(
        r##"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>{title}</title>
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #1d2933; }}
#chart {{ display: block; max-width: 100%; height: auto; }}
#chart .seg:hover {{ stroke: #1d2933; stroke-width: 1; }}
#tip {{ position: absolute; pointer-events: none; background: #fff; border: 1px solid #9c9486; border-radius: 4px; padding: 4px 8px; box-shadow: 0 1px 4px #0003; }}
</style></head><body>
<h1>{title}</h1>
<p>For each of the {panels} names the outlets disagree on most, the share of each spelling: a bar per
outlet, then a column per period over all outlets. Hover a bar for its counts. Divergence is the
Jensen-Shannon divergence of the outlets' spelling shares, in bits (0: every outlet writes the
same mix; 1: two equally large camps, each writing only its own name).{left_out}</p>
{svg}<div id="tip" hidden></div>
<script>
{script}</script>
</body></html>
"##,
        title = escape(&chart.title),
        panels = chart.panels(),
        script = include_str!("contested.js"),
    )
}
