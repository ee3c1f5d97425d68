//! Physical features (issue 33): seas, rivers, lakes, mountains, islands and the region's
//! corridors, found in sentences written for the purpose and placed on or near the feature, with
//! traps (a town or a country named like a river, a person named like a place).

use mentionmap::gazetteer::EntityKind;
use mentionmap::{Gazetteer, Mention, Scanner};

fn scanner() -> &'static Scanner {
    static SCANNER: std::sync::OnceLock<Scanner> = std::sync::OnceLock::new();
    SCANNER.get_or_init(|| {
        Scanner::new(Gazetteer::embedded().expect("embedded gazetteer")).expect("scanner")
    })
}

/// What a sentence's name must resolve to.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// A physical feature (or the region it merged into) within `km` of (lat, lon): a point of
    /// the feature, `km` its reach from there plus 100 km.
    Feature(f64, f64, f64),
    /// A place that is no physical feature, of a feature code starting with this, within 50 km
    /// of (lat, lon): the town or country a river or mountain is named like.
    Namesake(&'static str, f64, f64),
    /// No place at all: a person or a word.
    NoPlace,
}

use Expect::*;

/// (sentence, the name as written (a mention's surface starts with it), what it must be).
const SENTENCES: &[(&str, &str, Expect)] = &[
    // The world's features.
    (
        "Ships sailed from Java to Sumatra.",
        "Java",
        Feature(-7.3, 110.0, 600.0),
    ),
    (
        "Ships sailed from Java to Sumatra.",
        "Sumatra",
        Feature(0.0, 102.0, 900.0),
    ),
    (
        "Logging continues across Borneo.",
        "Borneo",
        Feature(1.0, 114.0, 800.0),
    ),
    (
        "The Nile flooded the fields north of Khartoum.",
        "Nile",
        Feature(15.6, 32.5, 2500.0),
    ),
    (
        "Barges on the Danube River were stranded by low water.",
        "Danube",
        Feature(47.5, 19.05, 1500.0),
    ),
    (
        "Militants crossed the Euphrates near Deir ez-Zor.",
        "Euphrates",
        Feature(35.33, 40.14, 800.0),
    ),
    (
        "Bodies were pulled from the Tigris in Baghdad.",
        "Tigris",
        Feature(33.3, 44.4, 800.0),
    ),
    (
        "The Volga froze early this winter.",
        "Volga",
        Feature(48.7, 44.5, 1800.0),
    ),
    (
        "Pilgrims bathed in the Ganges at Varanasi.",
        "Ganges",
        Feature(25.3, 83.0, 1200.0),
    ),
    (
        "Low water on the Rhine halted shipping.",
        "Rhine",
        Feature(50.94, 6.96, 700.0),
    ),
    (
        "Fires raged along the Amazon River for weeks.",
        "Amazon River",
        Feature(-3.1, -60.0, 2500.0),
    ),
    (
        "Avalanches in the Alps killed four skiers.",
        "Alps",
        Feature(46.5, 9.0, 700.0),
    ),
    (
        "Climbers returned from the Himalayas.",
        "Himalayas",
        Feature(28.0, 84.0, 1500.0),
    ),
    (
        "A quake shook the Andes on Monday.",
        "Andes",
        Feature(-15.0, -70.0, 4500.0),
    ),
    (
        "Snow fell across the Rocky Mountains.",
        "Rocky Mountains",
        Feature(43.0, -110.0, 1800.0),
    ),
    (
        "Two climbers died on Mount Everest.",
        "Mount Everest",
        Feature(27.99, 86.93, 100.0),
    ),
    (
        "Migrants crossed the Sahara to reach Libya.",
        "Sahara",
        Feature(23.0, 13.0, 2800.0),
    ),
    (
        "A storm moved across the Atlantic.",
        "Atlantic",
        Feature(0.0, -25.0, 6500.0),
    ),
    (
        "Nuclear tests in the Pacific left atolls poisoned.",
        "Pacific",
        Feature(0.0, -150.0, 9000.0),
    ),
    (
        "A cyclone formed in the Indian Ocean.",
        "Indian Ocean",
        Feature(-20.0, 80.0, 5000.0),
    ),
    (
        "Grain ships crossed the Black Sea.",
        "Black Sea",
        Feature(43.4, 34.0, 700.0),
    ),
    (
        "Migrants drowned in the Mediterranean.",
        "Mediterranean",
        Feature(35.0, 18.0, 2200.0),
    ),
    (
        "Attacks on shipping in the Red Sea continued.",
        "Red Sea",
        Feature(20.0, 38.5, 1300.0),
    ),
    (
        "Tankers queued at the Bosporus.",
        "Bosporus",
        Feature(41.1, 29.05, 100.0),
    ),
    (
        "Fishermen on Lake Victoria reported low catches.",
        "Lake Victoria",
        Feature(-1.0, 33.0, 350.0),
    ),
    (
        "Ice on Lake Baikal cracked early.",
        "Lake Baikal",
        Feature(53.5, 108.0, 500.0),
    ),
    (
        "Wildfires spread across Siberia.",
        "Siberia",
        Feature(60.0, 90.0, 2800.0),
    ),
    (
        "Earthquakes struck eastern Anatolia.",
        "Anatolia",
        Feature(39.0, 35.0, 900.0),
    ),
    (
        "Snow closed the passes of the Caucasus Mountains.",
        "Caucasus Mountains",
        Feature(42.5, 44.5, 1000.0),
    ),
    // The region's features.
    (
        "Water levels in Lake Sevan fell again.",
        "Lake Sevan",
        Feature(40.35, 45.3, 80.0),
    ),
    (
        "Border guards patrolled the Aras River.",
        "Aras River",
        Feature(39.2, 45.5, 500.0),
    ),
    (
        "Clouds hid Mount Ararat from Yerevan.",
        "Mount Ararat",
        Feature(39.70, 44.30, 50.0),
    ),
    (
        "The Kura burst its banks near Sabirabad.",
        "Kura",
        Feature(40.01, 48.47, 700.0),
    ),
    (
        "Trucks waited at the entrance to the Lachin corridor.",
        "Lachin corridor",
        Feature(39.64, 46.55, 100.0),
    ),
    (
        "Baku demands the Zangezur corridor through Syunik.",
        "Zangezur corridor",
        Feature(38.9, 46.24, 100.0),
    ),
    (
        "Troops took positions on the Murovdag range.",
        "Murovdag",
        Feature(40.3, 46.3, 100.0),
    ),
    (
        "Water was released from the Sarsang Reservoir.",
        "Sarsang Reservoir",
        Feature(40.15, 46.55, 100.0),
    ),
    (
        "The Hakari river rose after heavy rain.",
        "Hakari river",
        Feature(39.3, 46.6, 100.0),
    ),
    (
        "Refugees crossed the Tartar river on foot.",
        "Tartar river",
        Feature(40.3, 46.8, 100.0),
    ),
    (
        "Villages along the Karabakh range were shelled.",
        "Karabakh range",
        Feature(39.75, 46.7, 100.0),
    ),
    (
        "Tankers left Baku across the Caspian Sea.",
        "Caspian Sea",
        Feature(41.5, 50.5, 700.0),
    ),
    // Names in Russian, Armenian, Azerbaijani and Turkish, inflected.
    (
        "Танкер затонул в Каспийском море.",
        "Каспийском море",
        Feature(41.5, 50.5, 700.0),
    ),
    (
        "Грузы шли по Волге до Астрахани.",
        "Волге",
        Feature(48.7, 44.5, 1800.0),
    ),
    (
        "Уровень воды в Араксе поднялся.",
        "Араксе",
        Feature(39.2, 45.5, 500.0),
    ),
    (
        "Սևանա լիճը ծանծաղում է։",
        "Սևանա լիճ",
        Feature(40.35, 45.3, 80.0),
    ),
    (
        "Araz çayında suyun səviyyəsi qalxıb.",
        "Araz çay",
        Feature(39.2, 45.5, 500.0),
    ),
    (
        "Akdeniz'de fırtına bekleniyor.",
        "Akdeniz",
        Feature(35.0, 18.0, 2200.0),
    ),
    (
        "Hint Okyanusu'nda deprem oldu.",
        "Hint Okyanusu",
        Feature(-20.0, 80.0, 5000.0),
    ),
    (
        "Toroslar'da orman yangını çıktı.",
        "Toroslar",
        Feature(37.0, 34.0, 700.0),
    ),
    (
        "Ağrı Dağı'na tırmanış yeniden başladı.",
        "Ağrı Dağı",
        Feature(39.70, 44.30, 50.0),
    ),
    // Traps: towns, divisions and countries named like a feature, people named like one.
    (
        "Officials in Sevan opened a new school.",
        "Sevan",
        Namesake("PPL", 40.55, 44.95),
    ),
    (
        "Farmers in Ararat province harvested apricots.",
        "Ararat",
        Namesake("ADM1", 39.9, 44.8),
    ),
    (
        "Shelling hit Tartar and Barda overnight.",
        "Tartar",
        Namesake("ADM1", 40.33, 46.94),
    ),
    (
        "King Abdullah of Jordan met the envoy.",
        "Jordan",
        Namesake("PCL", 31.0, 36.0),
    ),
    (
        "Elections in Niger were postponed.",
        "Niger",
        Namesake("PCL", 18.0, 9.0),
    ),
    (
        "Voters in Mississippi went to the polls.",
        "Mississippi",
        Namesake("ADM1", 32.75, -89.75),
    ),
    (
        "Officials in Hakkari province closed the roads.",
        "Hakkari",
        Namesake("PPLA", 37.57, 43.74),
    ),
    ("Amazon shares rose after the results.", "Amazon", NoPlace),
];

fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lon1, lat2, lon2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

fn is_physical(m: &Mention) -> bool {
    let code = m.feature_code.as_deref().unwrap_or("");
    mentionmap::resolve::FeatureKind::of_code(code).is_some() || matches!(code, "RGN" | "CONT")
}

/// Why a sentence fails, or `None` when it passes.
fn check(sentence: &str, surface: &str, expect: Expect) -> Option<String> {
    let mentions = scanner().scan("t", sentence);
    let found = mentions
        .iter()
        .find(|m| m.surface.starts_with(surface) || surface.starts_with(&*m.surface));
    let describe = |m: &Mention| {
        format!(
            "{} ({} {:?} at {:?},{:?})",
            m.name,
            m.entity_id.as_ref().map_or("-", |id| id.0.as_str()),
            m.feature_code,
            m.lat,
            m.lon
        )
    };
    match (expect, found) {
        (NoPlace, None) => None,
        (NoPlace, Some(m)) if m.kind != EntityKind::Place => None,
        (NoPlace, Some(m)) => Some(format!("expected no place, found {}", describe(m))),
        (_, None) => Some(format!(
            "not found among {:?}",
            mentions.iter().map(|m| &m.surface).collect::<Vec<_>>()
        )),
        (Feature(lat, lon, reach), Some(m)) => {
            let at = m.lat.zip(m.lon).map(|p| km(p, (lat, lon)));
            if !is_physical(m) {
                Some(format!("not a feature: {}", describe(m)))
            } else if at.is_none_or(|d| d > reach) {
                Some(format!(
                    "{:.0} km away: {}",
                    at.unwrap_or(f64::NAN),
                    describe(m)
                ))
            } else {
                None
            }
        }
        (Namesake(code, lat, lon), Some(m)) => {
            let at = m.lat.zip(m.lon).map(|p| km(p, (lat, lon)));
            let right_code = m
                .feature_code
                .as_deref()
                .is_some_and(|c| c.starts_with(code));
            if is_physical(m) || !right_code || at.is_none_or(|d| d > 50.0) {
                Some(format!(
                    "expected the {code} namesake, found {}",
                    describe(m)
                ))
            } else {
                None
            }
        }
    }
}

#[test]
fn at_least_nine_in_ten_features_are_found_and_placed() {
    assert!(SENTENCES.len() >= 40, "{} sentences", SENTENCES.len());
    let failures: Vec<String> = SENTENCES
        .iter()
        .filter_map(|&(sentence, surface, expect)| {
            check(sentence, surface, expect).map(|why| format!("{sentence:?} {surface}: {why}"))
        })
        .collect();
    let passed = SENTENCES.len() - failures.len();
    let share = passed as f64 / SENTENCES.len() as f64;
    assert!(
        share >= 0.9,
        "{passed} of {} ({share:.3}) pass; failures:\n{}",
        SENTENCES.len(),
        failures.join("\n")
    );
}

#[test]
fn the_traps_hold() {
    // The namesakes are what the text means: a wrong feature here is worse than a miss.
    for &(sentence, surface, expect) in SENTENCES {
        if matches!(expect, Namesake(..) | NoPlace) {
            assert_eq!(check(sentence, surface, expect), None, "{sentence}");
        }
    }
}

#[test]
fn a_feature_word_turns_a_name_to_the_feature() {
    // The same name without and with a word of its kind around it.
    let town = check(
        "Shelling hit Tartar overnight.",
        "Tartar",
        Namesake("ADM1", 40.33, 46.94),
    );
    let river = check(
        "Refugees waded across the Tartar as its waters rose.",
        "Tartar",
        Feature(40.3, 46.8, 100.0),
    );
    assert_eq!((town, river), (None, None));
    let mention = scanner()
        .scan("t", "The Kura burst its banks near Sabirabad.")
        .into_iter()
        .find(|m| m.surface == "Kura")
        .expect("Kura found");
    assert!(
        mention.evidence.contains("a word of water nearby"),
        "{}",
        mention.evidence
    );
}
