//! The five sample articles (Nagorno-Karabakh, October 2020). Expectations were written by reading
//! each article: every place and person named, counted once per mention, with its canonical
//! entity.
//!
//! Known gaps, left to the fuzzy pass (issue "Spelling variants nobody listed"): article 003
//! writes "Tatar" (a mistranslation of Tartar/Tərtər) and the typo "Armenias"; neither is counted.

use std::collections::BTreeMap;

use mentionmap::gazetteer::EntityKind;
use mentionmap::{Gazetteer, Mention, Method, Scanner};

/// One scanner for all tests of this module: building the world gazetteer once is enough.
fn scanner() -> &'static Scanner {
    static SCANNER: std::sync::OnceLock<Scanner> = std::sync::OnceLock::new();
    SCANNER.get_or_init(|| {
        Scanner::new(Gazetteer::embedded().expect("embedded gazetteer")).expect("scanner")
    })
}

fn scan(prefix: &str) -> (String, Vec<Mention>) {
    let (name, text) = super::article(prefix);
    let mentions = scanner().scan(&name, &text);
    (text, mentions)
}

/// Mentions per canonical name, for one kind.
fn tally(mentions: &[Mention], kind: EntityKind) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for m in mentions.iter().filter(|m| m.kind == kind) {
        *out.entry(m.name.to_string()).or_default() += 1;
    }
    out
}

fn expect(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

#[test]
fn article_000_places_people_and_the_minsk_group() {
    let (_, mentions) = scan("000");
    assert_eq!(
        tally(&mentions, EntityKind::Place),
        expect(&[
            ("Azerbaijan", 10),
            ("Armenia", 7),
            ("Moscow", 6),
            ("Nagorno-Karabakh", 5),
            ("Ganja", 2),
            ("Russia", 1),
            ("Yerevan", 1)
        ])
    );
    assert_eq!(
        tally(&mentions, EntityKind::Person),
        expect(&[
            ("Sergey Lavrov", 2),
            ("Emmanuel Macron", 1),
            ("Shushan Stepanyan", 1)
        ])
    );
    // `the "Minsk" group heads` (twice) and "the Minsk Group": the OSCE body, never the city.
    assert_eq!(
        tally(&mentions, EntityKind::Organisation)["OSCE Minsk Group"],
        3
    );
}

#[test]
fn article_001_contested_names_resolve_to_one_city() {
    let (_, mentions) = scan("001");
    let places = tally(&mentions, EntityKind::Place);
    assert_eq!(
        places,
        expect(&[
            ("Azerbaijan", 7),
            ("Armenia", 6),
            ("Nagorno-Karabakh", 4),
            ("Baku", 2),
            ("Ganja", 2),
            ("Moscow", 2),
            ("Stepanakert", 2),
            ("Caucasus", 1),
            ("France", 1),
            ("Russia", 1),
            ("Shusha", 1),
            ("South Caucasus", 1),
            ("Turkey", 1),
            ("Yerevan", 1),
            // "the European Union condemned these attacks": the EU is mapped as a place (the
            // centroid of its members), as geoparsing corpora count it.
            ("European Union", 1),
        ])
    );
    let stepanakert: Vec<_> = mentions
        .iter()
        .filter(|m| m.name == "Stepanakert")
        .map(|m| m.surface.as_str())
        .collect();
    assert_eq!(stepanakert, ["Stepanakert", "Khankendi"]);
    assert_eq!(
        tally(&mentions, EntityKind::Person),
        expect(&[
            ("Emmanuel Macron", 1),
            ("Ilham Aliyev", 1),
            ("Sergey Lavrov", 1)
        ])
    );
}

#[test]
fn article_002_surnames_after_full_names() {
    let (_, mentions) = scan("002");
    assert_eq!(
        tally(&mentions, EntityKind::Place),
        expect(&[
            ("Nagorno-Karabakh", 7),
            ("Azerbaijan", 6),
            ("Armenia", 5),
            ("Moscow", 3),
            ("Russia", 2)
        ])
    );
    assert_eq!(
        tally(&mentions, EntityKind::Person),
        expect(&[
            ("Sergey Lavrov", 2),
            ("Ilham Aliyev", 1),
            ("Nikol Pashinyan", 1),
            ("Vladimir Putin", 1)
        ])
    );
    assert!(
        mentions
            .iter()
            .any(|m| m.surface == "Lavrov" && m.name == "Sergey Lavrov"),
        "Lavrov’s announcement"
    );
}

#[test]
fn article_003_variant_spellings_of_people_and_places() {
    let (_, mentions) = scan("003");
    assert_eq!(
        tally(&mentions, EntityKind::Place),
        expect(&[
            ("Azerbaijan", 17),
            ("Armenia", 15),
            ("Nagorno-Karabakh", 13),
            ("Moscow", 3),
            ("Russia", 2),
            ("Shusha", 2),
            ("Stepanakert", 2),
            ("United States", 2),
            ("Aghdam", 1),
            ("Europe", 1),
            ("Ganja", 1),
            ("Goranboy", 1),
            ("Soviet Union", 1),
            ("Turkey", 1),
        ])
    );
    assert_eq!(
        tally(&mentions, EntityKind::Person),
        expect(&[
            ("JD Vance", 1),
            ("Jeyhun Bayramov", 1),
            ("Nikol Pashinyan", 1),
            ("Sergey Lavrov", 1),
            ("Zohrab Mnatsakanyan", 1),
        ])
    );
    let shusha: Vec<_> = mentions
        .iter()
        .filter(|m| m.name == "Shusha")
        .map(|m| m.surface.as_str())
        .collect();
    assert_eq!(shusha, ["Shusha", "Shushi"]);
    let find = |surface: &str| {
        mentions
            .iter()
            .find(|m| m.surface == surface)
            .unwrap_or_else(|| panic!("{surface} not found"))
    };
    assert_eq!(find("Zohrab Mnatskanyan").name, "Zohrab Mnatsakanyan");
    assert_eq!(find("Jihon Bayramov").name, "Jeyhun Bayramov");
}

#[test]
fn article_004_artsakh_and_coreference() {
    let (_, mentions) = scan("004");
    assert_eq!(
        tally(&mentions, EntityKind::Place),
        expect(&[
            ("Armenia", 9),
            ("Nagorno-Karabakh", 7),
            ("Azerbaijan", 5),
            ("Moscow", 2),
            ("France", 1),
            ("Ganja", 1),
            ("Russia", 1),
            ("Soviet Union", 1),
        ])
    );
    let artsakh: Vec<_> = mentions
        .iter()
        .filter(|m| m.surface.contains("Artsakh"))
        .map(|m| m.name.as_str())
        .collect();
    assert_eq!(artsakh, ["Nagorno-Karabakh", "Nagorno-Karabakh"]);
    let hajiyev: Vec<_> = mentions
        .iter()
        .filter(|m| m.name == "Hikmet Hajiyev")
        .map(|m| (m.surface.as_str(), m.method))
        .collect();
    assert_eq!(
        hajiyev,
        [
            ("Hikmet Hajiyev", Method::Exact),
            ("Hajiyev", Method::Coref)
        ]
    );
    assert_eq!(
        tally(&mentions, EntityKind::Person).len(),
        8,
        "Lavrov, Harutyunyan, Aliyev, Hajiyev, Bachelet and three CNN reporters"
    );
}

#[test]
fn demonyms_and_words_are_never_places() {
    for prefix in ["000", "001", "002", "003", "004"] {
        let (_, mentions) = scan(prefix);
        for m in mentions.iter().filter(|m| m.kind == EntityKind::Place) {
            let lower = m.surface.to_lowercase();
            assert!(
                ![
                    "armenian",
                    "armenians",
                    "azerbaijani",
                    "azeri",
                    "russian",
                    "french",
                    "minsk"
                ]
                .contains(&lower.as_str()),
                "{prefix}: {:?} counted as the place {}",
                m.surface,
                m.name
            );
            assert!(
                m.surface.chars().next().unwrap().is_uppercase(),
                "{prefix}: lower-case place {:?}",
                m.surface
            );
        }
    }
}

#[test]
fn every_span_slices_the_original_text() {
    for prefix in ["000", "001", "002", "003", "004"] {
        let (text, mentions) = scan(prefix);
        for m in &mentions {
            assert_eq!(&text[m.start_byte..m.end_byte], m.surface);
            let by_chars: String = text
                .chars()
                .skip(m.start_char)
                .take(m.end_char - m.start_char)
                .collect();
            assert_eq!(by_chars, m.surface, "char offsets of {:?}", m.surface);
        }
    }
}

#[test]
fn shusha_is_where_shusha_is() {
    let (_, mentions) = scan("001");
    let shusha = mentions.iter().find(|m| m.name == "Shusha").unwrap();
    let (lat, lon) = (shusha.lat.unwrap(), shusha.lon.unwrap());
    assert!(
        (lat - 39.76).abs() < 0.05 && (lon - 46.75).abs() < 0.05,
        "Shusha at lat {lat}, lon {lon}"
    );
}
