//! `map.html` and `map.svg` as a reader meets them: the SVG parses as XML, and the page renders
//! in a real browser (headless Chromium) with no errors, its markers, borders and tooltips.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// How long Chromium may take to load, run and dump the page before the test fails.
const CHROMIUM_TIMEOUT: Duration = Duration::from_secs(90);

/// Runs the main job on the sample articles with an audit scope (Armenia) and `--svg`.
fn map_of_the_samples(dir: &Path) -> PathBuf {
    super::mentionmap(dir)
        .args(["map", "-q", "--svg", "--coverage", "AM"])
        .arg(super::articles())
        .assert()
        .success();
    dir.join("exports")
}

/// `(name, mentions, documents, lon, lat)` of every feature of places.geojson.
fn places(exports: &Path) -> Vec<(String, u64, u64, f64, f64)> {
    let text = std::fs::read_to_string(exports.join("places.geojson")).unwrap();
    let layer: Value = serde_json::from_str(&text).unwrap();
    layer["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let p = &f["properties"];
            let c = &f["geometry"]["coordinates"];
            (
                p["name"].as_str().unwrap().to_string(),
                p["mentions"].as_u64().unwrap(),
                p["documents"].as_u64().unwrap(),
                c[0].as_f64().unwrap(),
                c[1].as_f64().unwrap(),
            )
        })
        .collect()
}

/// Armenia's places in the gazetteer that the samples never mention (coverage.csv's zeros).
fn zeros(exports: &Path) -> usize {
    let text = std::fs::read_to_string(exports.join("coverage.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = headers.iter().position(|h| h == "mentions").unwrap();
    reader
        .records()
        .filter(|r| &r.as_ref().unwrap()[column] == "0")
        .count()
}

/// How many country outlines the binary ships.
fn outlines() -> usize {
    mentionmap::borders::Borders::embedded().countries().len()
}

#[test]
fn map_svg_is_well_formed_with_a_circle_per_place_and_a_path_per_country() {
    let dir = tempfile::tempdir().unwrap();
    let exports = map_of_the_samples(dir.path());
    let svg = std::fs::read_to_string(exports.join("map.svg")).unwrap();
    let mut reader = quick_xml::Reader::from_str(&svg);
    let (mut places, mut zeros_drawn, mut countries) = (0, 0, 0);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                let class = e
                    .try_get_attribute("class")
                    .unwrap()
                    .map(|a| String::from_utf8(a.value.to_vec()).unwrap());
                let marker = e.try_get_attribute("data-m").unwrap().is_some();
                match (e.name().as_ref(), class.as_deref()) {
                    (b"circle", Some("place")) if marker => places += 1,
                    (b"circle", Some("zero")) if marker => zeros_drawn += 1,
                    (b"path", Some(c)) if c.starts_with("country") => countries += 1,
                    _ => {}
                }
            }
            Ok(_) => {}
            Err(e) => panic!(
                "map.svg is not well-formed XML at {}: {e}",
                reader.error_position()
            ),
        }
    }
    assert_eq!(places, self::places(&exports).len());
    assert_eq!(zeros_drawn, zeros(&exports));
    assert_eq!(countries, outlines(), "every country outline");
}

/// Chromium's path, or `None` (the test then skips, unless `CI` is set: then it fails).
pub(super) fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = ["chromium", "chromium-browser"].iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is missing and CI is set: install the Debian package chromium (.ci/run does)"
        );
        eprintln!("skipped: chromium is not installed (apt-get install chromium chromium-driver)");
    }
    found
}

/// Runs headless Chromium on `page` with `args`, within [`CHROMIUM_TIMEOUT`]; its stdout.
fn run_chromium(chromium: &Path, profile: &Path, args: &[&str], page: &Path) -> String {
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut text).map(|_| text)
    });
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "chromium failed: {status}");
            break;
        }
        if started.elapsed() > CHROMIUM_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within {CHROMIUM_TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    reader.join().unwrap().unwrap()
}

/// Recorded before the page's own script runs: uncaught errors, console errors and anything
/// the Content-Security-Policy blocked (a load from the network would be one).
/// Renders `html` in headless Chromium with the error [`RECORDER`] in its head and `probe` (a
/// script that writes a JSON report into `<pre id="probe">`) before `</body>`, and returns the
/// report. `dir` holds the page and the browser profile.
pub(super) fn probe_page(chromium: &Path, dir: &Path, html: &str, probe: &str) -> Value {
    let probed = html
        .replacen("<head>", &format!("<head>{RECORDER}"), 1)
        .replacen("</body>", &format!("{probe}</body>"), 1);
    let page = dir.join("probed.html");
    std::fs::write(&page, probed).unwrap();
    let dom = run_chromium(
        chromium,
        &dir.join("profile"),
        &[
            "--window-size=1200,1000",
            "--virtual-time-budget=5000",
            "--dump-dom",
        ],
        &page,
    );
    let json = dom
        .split(r#"<pre id="probe">"#)
        .nth(1)
        .and_then(|rest| rest.split("</pre>").next())
        .unwrap_or_else(|| panic!("the probe did not run; the page's DOM:\n{dom:.2000}"))
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    serde_json::from_str(&json).unwrap()
}

const RECORDER: &str = r#"<script>
window.__errors = [];
window.addEventListener("error", function (e) { __errors.push("error: " + e.message); });
document.addEventListener("securitypolicyviolation", function (e) {
  __errors.push("blocked: " + e.violatedDirective + " " + e.blockedURI);
});
(function () {
  var log = console.error;
  console.error = function () { __errors.push("console: " + [].join.call(arguments, " ")); log.apply(console, arguments); };
})();
</script>"#;

/// Run once the page has loaded and settled (a blocked load is reported a moment later): what a
/// reader would see, written into the DOM as JSON.
const PROBE: &str = r##"<script>
window.addEventListener("load", function () { setTimeout(function () {
  var view = document.getElementById("map").getBoundingClientRect();
  var places = [].map.call(document.querySelectorAll("#view circle.place"), function (c) {
    var b = c.getBoundingClientRect();
    var x = b.left + b.width / 2, y = b.top + b.height / 2;
    return { name: c.dataset.name, x: x, y: y, r: b.width / 2,
      inside: x >= view.left && x <= view.right && y >= view.top && y <= view.bottom };
  });
  var top = document.querySelector("#view circle.place");
  var b = top.getBoundingClientRect();
  top.dispatchEvent(new MouseEvent("mouseover", { bubbles: true, clientX: b.left + 1, clientY: b.top + 1 }));
  var tip = document.getElementById("tip");
  var tooltip = tip.hidden ? null : tip.innerText;
  var fill = function (p) { return getComputedStyle(p).fill; };
  var paths = document.querySelectorAll("#view path.country");
  var plain = new Set([].map.call(paths, fill)).size;
  document.getElementById("by-country").click();
  var shaded = new Set([].map.call(paths, fill)).size;
  var report = { errors: window.__errors, places: places,
    zeros: document.querySelectorAll("#view circle.zero").length,
    countries: paths.length, tooltip: tooltip, plain_fills: plain, shaded_fills: shaded };
  var pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify(report);
  document.body.appendChild(pre);
}, 200); });
</script>"##;

#[test]
fn map_html_renders_in_chromium_with_markers_borders_and_tooltips() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let exports = map_of_the_samples(dir.path());
    let html = std::fs::read_to_string(exports.join("map.html")).unwrap();
    let report = probe_page(&chromium, dir.path(), &html, PROBE);

    assert_eq!(
        report["errors"],
        serde_json::json!([]),
        "no errors in the page"
    );
    let expected = places(&exports);
    let drawn = report["places"].as_array().unwrap();
    assert_eq!(drawn.len(), expected.len(), "one marker per place");
    assert_eq!(report["zeros"].as_u64().unwrap() as usize, zeros(&exports));
    assert_eq!(report["countries"].as_u64().unwrap() as usize, outlines());

    // The tooltip of the most mentioned place gives its counts as places.geojson has them.
    let (name, mentions, documents, _, _) = &expected[0];
    let tooltip = report["tooltip"].as_str().expect("a tooltip is shown");
    assert!(tooltip.contains(name.as_str()), "{tooltip}");
    assert!(
        tooltip.contains(&format!("{mentions} mentions in {documents} documents")),
        "{tooltip}"
    );
    assert!(tooltip.contains("spellings: "), "{tooltip}");

    // The fitted view holds most mentions, and there the places stand apart, north up, east
    // right: two places half a degree apart or more are 15 pixels apart or more.
    let at = |name: &str| {
        expected
            .iter()
            .find(|p| p.0 == name)
            .map(|p| (p.3, p.4))
            .unwrap()
    };
    let inside: Vec<(&Value, (f64, f64))> = drawn
        .iter()
        .filter(|p| p["inside"].as_bool().unwrap())
        .map(|p| (p, at(p["name"].as_str().unwrap())))
        .collect();
    let in_view: u64 = inside
        .iter()
        .map(|(p, _)| expected.iter().find(|e| e.0 == p["name"]).unwrap().1)
        .sum();
    let total: u64 = expected.iter().map(|p| p.1).sum();
    assert!(
        in_view * 3 >= total * 2,
        "{in_view} of {total} mentions in view"
    );
    let mut pairs = 0;
    for (i, (a, (alon, alat))) in inside.iter().enumerate() {
        for (b, (blon, blat)) in &inside[i + 1..] {
            let px = |v: &Value, k: &str| v[k].as_f64().unwrap();
            if (alon - blon).abs() >= 0.5 {
                pairs += 1;
                assert_eq!(
                    alon < blon,
                    px(a, "x") < px(b, "x"),
                    "east is right: {} {}",
                    a["name"],
                    b["name"]
                );
            }
            if (alat - blat).abs() >= 0.5 {
                assert_eq!(alat < blat, px(a, "y") > px(b, "y"), "north is up");
            }
            let degrees = (alon - blon).hypot(alat - blat);
            let pixels = (px(a, "x") - px(b, "x")).hypot(px(a, "y") - px(b, "y"));
            if degrees >= 0.5 {
                assert!(
                    pixels >= 15.0,
                    "{} and {} are {pixels:.0} px apart",
                    a["name"],
                    b["name"]
                );
            }
        }
    }
    assert!(
        pairs >= 10,
        "enough places in view to compare: {pairs} pairs"
    );

    // The choropleth shades countries: more fills than land and the unmentioned.
    assert!(report["plain_fills"].as_u64().unwrap() <= 2);
    assert!(report["shaded_fills"].as_u64().unwrap() >= 3);
}
