//! Where a local story places itself, and the small places that count only there.
//!
//! A town's paper names its places bare, and writes the state only once, after a town:
//! `PARIS, Tenn. (AP) —`, `Springfield, Ill.`, `Springfield, IL 62701`. Two tables, both data
//! made by the importer (`data/gazetteer/`):
//!
//! - **division abbreviations** ([`Geography::abbreviation_after`]): the postal codes (GeoNames'
//!   own admin1 codes of the US) and the AP Stylebook's abbreviations ("Ill.", "Tenn.") of
//!   first-order divisions. They count only right after a name and a comma: "IL" or "Mass."
//!   elsewhere is an Italian article or a church service, never a place. The resolver gives a
//!   candidate of the name inside that division [`crate::resolve::WRITTEN_STATE_BONUS`];
//!   the scan (`place_locally`) makes the abbreviation a mention of the division, and counts
//!   it as the document's say on where it is.
//! - **small places** (under 15,000 people, which the gazetteer leaves out: matched everywhere,
//!   they cost precision): a name is one of them only where the document places itself in its
//!   first-order division, by [`MIN_AREA_VOTES`] places there or a written state. Then a bare
//!   "Paris" in a story of Tennessee towns is Paris, Tennessee, and "Riverdale" among New Jersey
//!   towns is New Jersey's. Their names also stop fuzzy recovery from making them into another
//!   place ([`Geography::is_small_place`]).
//!
//! Both tables are parsed on first use, so a run that never needs them never pays for them.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use geo::{Distance, Haversine, Point};

use crate::document::{is_function_word, Document};
use crate::gazetteer::{Entity, EntityId, EntityIndex, EntityKind, Gazetteer, LonLat};
use crate::mention::{Candidate, Mention, Method};
use crate::normalize::normalize;

/// The division abbreviations, as the importer writes them (`abbreviation,entity_id,style`).
pub const EMBEDDED_ABBREVIATIONS: &str =
    include_str!("../data/gazetteer/division-abbreviations.csv");

/// The small places, as the importer writes them (`entity_id,name,latitude,longitude,
/// country_code,admin1_code,population,word_like`).
pub const EMBEDDED_SMALL_PLACES: &str = include_str!("../data/gazetteer/small-places.csv");

/// A first-order division counts as where the document is when this many of its distinct places
/// (or the division itself) are named clearly, or a state is written after a town (which counts
/// [`WRITTEN_STATE_VOTES`]). One place is not enough: a story names one foreign city in passing
/// ("flights to Paris") without being there. Two is the rule the README's simulation of small
/// places used.
pub const MIN_AREA_VOTES: usize = 2;

/// What a state written after a town (`Springfield, Ill.`) counts toward [`MIN_AREA_VOTES`]: the
/// writer has said where the story is, as much as two places there.
pub const WRITTEN_STATE_VOTES: usize = 2;

/// A name the gazetteer resolved to a bigger namesake becomes a small place of the document's
/// division only when the small place lies this close to another place the document names
/// clearly: in a story of Ohio towns, "Louisville" is still Kentucky's city unless the towns
/// are near Louisville, Ohio. 100 km is about a US county's commuting reach (and well inside
/// the 161 km of the accuracy measure).
pub const NEAR_KM: f64 = 100.0;

/// Confidence of a small place chosen on the document's geography: evidence, not a listed
/// name's certainty.
pub const SMALL_PLACE_CONFIDENCE: f64 = 0.8;

/// The most words of a small place's name looked up ("Red Oak", "Bayou La Batre").
const MAX_NAME_WORDS: usize = 3;

/// How an abbreviation is written, which decides what it proves on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbbreviationStyle {
    /// A two-letter postal code ("IL", "MD"): also a degree or a word ("Jane Doe, MD"), so it
    /// names a state only after a place of that state.
    Postal,
    /// An AP Stylebook abbreviation ("Ill.", "N.M."): after any capitalised name and a comma,
    /// a state.
    Ap,
}

/// A division abbreviation written after a name: where it is and which division it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WrittenState {
    /// The division.
    pub division: EntityIndex,
    /// Byte offsets of the abbreviation in the text.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// Postal code or AP abbreviation.
    pub style: AbbreviationStyle,
}

/// Small places by their normalized name.
#[derive(Debug, Default)]
struct SmallPlaces {
    places: Vec<Entity>,
    /// Named by a common word or person name (by place): not taken from bare text.
    word_like: Vec<bool>,
    by_key: HashMap<String, Vec<u32>>,
}

/// The division abbreviations and small places, resolved against one gazetteer. Built once per
/// run; `Send + Sync`.
#[derive(Debug, Default)]
pub struct Geography {
    abbreviations_csv: &'static str,
    small_places_csv: &'static str,
    /// Abbreviation as written -> (division, style), parsed on first use.
    abbreviations: OnceLock<HashMap<String, (EntityIndex, AbbreviationStyle)>>,
    small_places: OnceLock<SmallPlaces>,
}

/// A first-order division: country code and admin1 code.
type Area = (String, String);

impl Geography {
    /// The tables embedded in the binary. Rows naming a division the gazetteer lacks are
    /// skipped when the abbreviations are first read.
    pub fn embedded() -> Self {
        Self::from_csv(EMBEDDED_ABBREVIATIONS, EMBEDDED_SMALL_PLACES)
    }

    /// Tables from CSV text in the importer's format (for tests and other builds).
    pub fn from_csv(abbreviations: &'static str, small_places: &'static str) -> Self {
        Geography {
            abbreviations_csv: abbreviations,
            small_places_csv: small_places,
            ..Geography::default()
        }
    }

    fn abbreviations(
        &self,
        gazetteer: &Gazetteer,
    ) -> &HashMap<String, (EntityIndex, AbbreviationStyle)> {
        self.abbreviations.get_or_init(|| {
            let mut out = HashMap::new();
            let mut reader = csv::Reader::from_reader(self.abbreviations_csv.as_bytes());
            for row in reader.records().flatten() {
                let (Some(text), Some(id), Some(style)) = (row.get(0), row.get(1), row.get(2))
                else {
                    continue;
                };
                let style = match style {
                    "postal" => AbbreviationStyle::Postal,
                    "ap" => AbbreviationStyle::Ap,
                    _ => continue,
                };
                if let Some(division) = gazetteer.find(id) {
                    out.insert(text.to_string(), (division, style));
                }
            }
            out
        })
    }

    fn small_places(&self) -> &SmallPlaces {
        self.small_places.get_or_init(|| {
            let mut out = SmallPlaces::default();
            let mut reader = csv::Reader::from_reader(self.small_places_csv.as_bytes());
            for row in reader.records().flatten() {
                let field = |i: usize| row.get(i).unwrap_or("");
                let (Ok(lat), Ok(lon)) = (field(2).parse::<f64>(), field(3).parse::<f64>()) else {
                    continue;
                };
                let index = out.places.len() as u32;
                out.places.push(Entity {
                    id: EntityId(field(0).to_string()),
                    kind: EntityKind::Place,
                    name: field(1).to_string(),
                    point: Some(LonLat { lon, lat }),
                    country_code: Some(field(4).to_string()),
                    feature_code: Some("PPL".to_string()),
                    population: field(6).parse().unwrap_or(0),
                    admin1_code: Some(field(5).to_string()),
                });
                out.word_like.push(field(7) == "1");
                out.by_key
                    .entry(normalize(field(1)))
                    .or_default()
                    .push(index);
            }
            out
        })
    }

    /// Is `key` (a normalized name) the name of a small place, other than a word or a person
    /// name? Fuzzy recovery leaves such a name alone: "Hinton" is a town, not a misspelling of
    /// another. ("Northwest" is a village's name too, but in text mostly a word.)
    pub fn is_small_place(&self, key: &str) -> bool {
        let places = self.small_places();
        places
            .by_key
            .get(key)
            .is_some_and(|found| found.iter().any(|&i| !places.word_like[i as usize]))
    }

    /// The division abbreviation written right after byte `end` of `text` as `, ABBR` and
    /// ending there (followed by no letter or digit), if any.
    pub fn abbreviation_after(
        &self,
        gazetteer: &Gazetteer,
        text: &str,
        end: usize,
    ) -> Option<WrittenState> {
        let rest = text.get(end..)?.strip_prefix(", ")?;
        let len = rest
            .find(|c: char| !(c.is_ascii_alphabetic() || c == '.'))
            .unwrap_or(rest.len());
        let token = &rest[..len];
        if token.is_empty() || token.len() > 6 {
            return None;
        }
        let table = self.abbreviations(gazetteer);
        // "Ill." is written with its dot; "IL." ends a sentence after the code.
        let (written, &(division, style)) = table
            .get_key_value(token)
            .or_else(|| table.get_key_value(token.trim_end_matches('.')))?;
        if rest[len..].starts_with(|c: char| c.is_alphanumeric()) {
            return None;
        }
        let start = end + 2;
        Some(WrittenState {
            division,
            start,
            end: start + written.len(),
            style,
        })
    }

    /// Every division abbreviation written after a capitalised word and a comma in `text`
    /// (`PARIS, Tenn.`, `Springfield, IL`), with the comma's byte offset, in text order.
    pub fn written_states(&self, gazetteer: &Gazetteer, text: &str) -> Vec<(usize, WrittenState)> {
        text.match_indices(", ")
            .filter(|&(comma, _)| capitalised_word_ends_at(text, comma))
            .filter_map(|(comma, _)| {
                Some((comma, self.abbreviation_after(gazetteer, text, comma)?))
            })
            .collect()
    }

    /// Places the document's local names: the states written after towns become mentions of
    /// their division, and a name that is a small place of a division where the document is
    /// ([`MIN_AREA_VOTES`]) becomes that place, whether the gazetteer matched it to a bigger
    /// namesake elsewhere or not at all. Runs after resolution and before fuzzy recovery.
    pub(crate) fn place_locally(
        &self,
        gazetteer: &Gazetteer,
        doc: &str,
        document: &Document,
        mentions: &mut Vec<Mention>,
    ) {
        let text = document.original;
        let area_of = |m: &Mention| -> Option<Area> {
            let entity = gazetteer.entity(gazetteer.find(m.entity_id.as_ref()?.0.as_str())?);
            Some((entity.country_code.clone()?, entity.admin1_code.clone()?))
        };
        // Votes: distinct clearly placed entities per division.
        let mut voters: HashSet<(Area, &str)> = HashSet::new();
        for m in mentions.iter().filter(|m| clear_place(m)) {
            if let (Some(area), Some(id)) = (area_of(m), m.entity_id.as_ref()) {
                voters.insert((area, id.0.as_str()));
            }
        }
        let mut votes: HashMap<Area, usize> = HashMap::new();
        for (area, _) in &voters {
            *votes.entry(area.clone()).or_default() += 1;
        }
        let own_vote = |m: &Mention, area: &Area| {
            clear_place(m)
                && m.entity_id
                    .as_ref()
                    .is_some_and(|id| voters.contains(&(area.clone(), id.0.as_str())))
        };

        // States written after a name.
        let mut added: Vec<Mention> = Vec::new();
        let mut replaced: Vec<(usize, Entity, String)> = Vec::new();
        let mut written_areas: Vec<Area> = Vec::new();
        for (comma, state) in self.written_states(gazetteer, text) {
            let division = gazetteer.entity(state.division);
            let (Some(cc), Some(admin1)) = (&division.country_code, &division.admin1_code) else {
                continue;
            };
            let area: Area = (cc.clone(), admin1.clone());
            // The name before the comma: a mention ending there, or capitalised words.
            let before = mentions.partition_point(|m| m.end_byte < comma);
            let named = mentions.get(before).filter(|m| m.end_byte == comma);
            let mut confirmed = named.is_some_and(|m| area_of(m).as_ref() == Some(&area));
            if !confirmed {
                let span = match named {
                    Some(m) if m.kind == EntityKind::Place => Some((m.start_byte, comma)),
                    Some(_) => None,
                    None => capitalised_name_before(document, comma),
                };
                if let Some((start, end)) = span {
                    if let Some(place) = self.small_place_in(&normalize(&text[start..end]), &area) {
                        let why = format!(
                            "a place under 15,000 people followed by its state {}",
                            &text[state.start..state.end]
                        );
                        match named {
                            Some(_) => replaced.push((before, place.clone(), why)),
                            None => added.push(small_place_mention(
                                place,
                                doc,
                                start,
                                end,
                                &text[start..end],
                                why,
                            )),
                        }
                        confirmed = true;
                    }
                }
            }
            // Mentions are sorted by start and do not overlap: only the last one starting
            // before the abbreviation's end can cover it (no scan of all mentions per state).
            let before_end = mentions.partition_point(|m| m.start_byte < state.end);
            let covered_already = before_end > 0 && mentions[before_end - 1].end_byte > state.start;
            if covered_already {
                continue;
            }
            if confirmed || state.style == AbbreviationStyle::Ap {
                written_areas.push(area);
                let mut mention = Mention::of_entity(
                    division,
                    doc,
                    state.start,
                    state.end,
                    &text[state.start..state.end],
                    Method::Exact,
                );
                mention.alias = Some(text[state.start..state.end].to_string());
                mention.evidence = "a state written after a town's name".into();
                added.push(mention);
            }
        }
        for area in written_areas {
            *votes.entry(area).or_default() += WRITTEN_STATE_VOTES;
        }
        let supported = |area: &Area, m: Option<&Mention>| {
            let own = m.is_some_and(|m| own_vote(m, area));
            votes.get(area).copied().unwrap_or(0) - usize::from(own) >= MIN_AREA_VOTES
        };
        if votes.values().all(|&v| v < MIN_AREA_VOTES) {
            merge(mentions, added, replaced);
            return;
        }

        // Where the document's clearly placed towns and counties are (by mention), and the small
        // places a written state placed.
        let mut anchors: Vec<(usize, LonLat)> = mentions
            .iter()
            .enumerate()
            .filter(|(_, m)| {
                clear_place(m)
                    && (m.feature_code.as_deref() == Some("ADM2")
                        || !is_division_or_more(m.feature_code.as_deref()))
            })
            .filter_map(|(i, m)| {
                Some((
                    i,
                    LonLat {
                        lon: m.lon?,
                        lat: m.lat?,
                    },
                ))
            })
            .collect();
        anchors.extend(replaced.iter().filter_map(|(i, p, _)| Some((*i, p.point?))));
        anchors.extend(
            added
                .iter()
                .filter(|m| m.kind == EntityKind::Place && m.feature_code.as_deref() == Some("PPL"))
                .filter_map(|m| {
                    Some((
                        usize::MAX,
                        LonLat {
                            lon: m.lon?,
                            lat: m.lat?,
                        },
                    ))
                }),
        );

        let anchors = Anchors::new(anchors);
        let mut replaced_already = vec![false; mentions.len()];
        for &(r, _, _) in &replaced {
            if let Some(flag) = replaced_already.get_mut(r) {
                *flag = true;
            }
        }

        // Names the gazetteer placed elsewhere, that are small places where the document is
        // and near its other places.
        for (i, m) in mentions.iter().enumerate() {
            if m.kind != EntityKind::Place
                || !matches!(m.method, Method::Exact | Method::Variant)
                || replaced_already[i]
                || is_division_or_more(m.feature_code.as_deref())
                || national_capital_of(m, &votes)
            {
                continue;
            }
            if area_of(m).is_some_and(|area| supported(&area, Some(m))) {
                continue;
            }
            let key = normalize(&m.surface);
            let near = |place: &Entity| place.point.is_some_and(|p| anchors.near(p, i));
            if let Some((place, count)) = self.best_small_place(&key, false, |area, place| {
                (supported(area, Some(m)) && near(place)).then(|| votes[area])
            }) {
                let why = format!(
                    "a place under 15,000 people in {}.{}, where the document is ({count} votes), over {}",
                    place.country_code.as_deref().unwrap_or("-"),
                    place.admin1_code.as_deref().unwrap_or("-"),
                    m.name
                );
                replaced.push((i, place.clone(), why));
            }
        }

        // Capitalised names the gazetteer lacks.
        // The spans added so far, by start, with the furthest end of each prefix: a span
        // overlaps one of them when the furthest end among those starting before its end
        // passes its start (one binary search, not a scan of them all per word).
        let mut added_spans: Vec<(usize, usize)> =
            added.iter().map(|m| (m.start_byte, m.end_byte)).collect();
        added_spans.sort_unstable();
        let furthest_end: Vec<usize> = added_spans
            .iter()
            .scan(0, |furthest, &(_, end)| {
                *furthest = end.max(*furthest);
                Some(*furthest)
            })
            .collect();
        let covered = |start: usize, end: usize| {
            let before_end = mentions.partition_point(|m| m.start_byte < end);
            let added_before_end = added_spans.partition_point(|&(s, _)| s < end);
            (before_end > 0 && mentions[before_end - 1].end_byte > start)
                || (added_before_end > 0 && furthest_end[added_before_end - 1] > start)
        };
        let words = document.words;
        let mut found: Vec<Mention> = Vec::new();
        let mut i = 0;
        while i < words.len() {
            if !words[i].capitalised()
                || is_function_word(document.surface(i))
                || (i > 0 && joined(text, words, i - 1) && continues_name(document, i - 1))
            {
                i += 1;
                continue;
            }
            let mut taken = 0;
            for n in (1..=MAX_NAME_WORDS).rev() {
                let last = i + n - 1;
                if last >= words.len()
                    || (i..last).any(|k| !words[k + 1].capitalised() || !joined(text, words, k))
                    || (last + 1 < words.len()
                        && joined(text, words, last)
                        && continues_name(document, last + 1))
                {
                    continue;
                }
                let (start, end) = (words[i].start(), words[last].end());
                if covered(start, end) {
                    continue;
                }
                let key = document.key_span(i, last);
                let Some((place, count)) = self.best_small_place(key, true, |area, _| {
                    supported(area, None).then(|| votes[area])
                }) else {
                    continue;
                };
                let why = format!(
                    "a place under 15,000 people in {}.{}, where the document is ({count} votes)",
                    place.country_code.as_deref().unwrap_or("-"),
                    place.admin1_code.as_deref().unwrap_or("-"),
                );
                found.push(small_place_mention(
                    place,
                    doc,
                    start,
                    end,
                    &text[start..end],
                    why,
                ));
                taken = n;
                break;
            }
            i += taken.max(1);
        }
        added.extend(found);
        merge(mentions, added, replaced);
    }

    /// The small place named `key` in `area`, the most populous if several.
    fn small_place_in(&self, key: &str, area: &Area) -> Option<&Entity> {
        let places = self.small_places();
        places
            .by_key
            .get(key)?
            .iter()
            .map(|&i| &places.places[i as usize])
            .filter(|p| {
                p.country_code.as_deref() == Some(area.0.as_str())
                    && p.admin1_code.as_deref() == Some(area.1.as_str())
            })
            .max_by_key(|p| p.population)
    }

    /// The small place named `key` in the area with the most votes that `votes` gives (`None`:
    /// not where the document is), then the most populous; with those votes. A `bare` name (no
    /// match, no state after it) is never one named like a word or a person ("Paris", "Sutton").
    fn best_small_place(
        &self,
        key: &str,
        bare: bool,
        votes: impl Fn(&Area, &Entity) -> Option<usize>,
    ) -> Option<(&Entity, usize)> {
        let places = self.small_places();
        places
            .by_key
            .get(key)?
            .iter()
            .filter(|&&i| !(bare && places.word_like[i as usize]))
            .filter_map(|&i| {
                let place = &places.places[i as usize];
                let area = (
                    place.country_code.clone().unwrap_or_default(),
                    place.admin1_code.clone().unwrap_or_default(),
                );
                votes(&area, place).map(|v| (place, v))
            })
            .max_by(|(a, va), (b, vb)| {
                va.cmp(vb)
                    .then(a.population.cmp(&b.population))
                    .then(b.id.cmp(&a.id))
            })
    }
}

/// Is `m` the capital of a country the document places itself in (by its divisions' votes)?
/// "Washington" in a New Jersey story is the nation's capital, not New Jersey's small
/// Washington; "Paris" in a Tennessee story is no capital of the story's country.
fn national_capital_of(m: &Mention, votes: &HashMap<Area, usize>) -> bool {
    m.feature_code.as_deref() == Some("PPLC")
        && m.country_code.as_deref().is_some_and(|cc| {
            votes
                .iter()
                .any(|((country, _), &v)| country == cc && v >= MIN_AREA_VOTES)
        })
}

/// The document's anchor points, grouped by point and sorted by latitude, so that "is a place
/// within [`NEAR_KM`] of an anchor other than mention `i`?" reads only the anchors in the
/// latitude band that can be that near: a long document asks it of every name, and a scan of
/// every anchor per name would grow with the square of its length.
struct Anchors {
    /// (point, the first mention that anchors there, how many do), by latitude.
    points: Vec<(LonLat, usize, usize)>,
}

impl Anchors {
    fn new(mut anchors: Vec<(usize, LonLat)>) -> Self {
        anchors.sort_by(|(i, a), (j, b)| {
            a.lat
                .total_cmp(&b.lat)
                .then(a.lon.total_cmp(&b.lon))
                .then(i.cmp(j))
        });
        let mut points: Vec<(LonLat, usize, usize)> = Vec::new();
        for (i, point) in anchors {
            match points.last_mut() {
                Some((p, _, count)) if p.lat == point.lat && p.lon == point.lon => *count += 1,
                _ => points.push((point, i, 1)),
            }
        }
        Anchors { points }
    }

    /// Is an anchor of a mention other than `mention` within [`NEAR_KM`] of `place`?
    fn near(&self, place: LonLat, mention: usize) -> bool {
        // Great-circle distance is at least the distance along the meridian, so anchors
        // further than this in latitude are too far whatever their longitude.
        let band = NEAR_KM / KM_PER_DEGREE_OF_LATITUDE + 0.01;
        let first = self
            .points
            .partition_point(|(p, _, _)| p.lat < place.lat - band);
        self.points[first..]
            .iter()
            .take_while(|(p, _, _)| p.lat <= place.lat + band)
            .any(|&(p, first_mention, count)| {
                (count > 1 || first_mention != mention) && distance_km(place, p) <= NEAR_KM
            })
    }
}

/// The shortest length of a degree of latitude on the spheres distances are measured on
/// (Haversine's mean Earth radius, 6,371 km): 111.19 km, rounded down.
const KM_PER_DEGREE_OF_LATITUDE: f64 = 111.0;

/// Great-circle distance in kilometres.
fn distance_km(a: LonLat, b: LonLat) -> f64 {
    Haversine::distance(Point::new(a.lon, a.lat), Point::new(b.lon, b.lat)) / 1000.0
}

/// A place resolved from a listed name with a clear lead: it votes for its division.
fn clear_place(m: &Mention) -> bool {
    m.kind == EntityKind::Place
        && matches!(m.method, Method::Exact | Method::Variant)
        && !m.ambiguous
}

/// Countries, first-order divisions, continents and regions are not small places' namesakes:
/// "Georgia" among Georgia's towns is still the state.
fn is_division_or_more(feature_code: Option<&str>) -> bool {
    feature_code
        .is_some_and(|c| c.starts_with("PCL") || matches!(c, "ADM1" | "CONT" | "RGN" | "ADM2"))
}

/// Does a word that starts with a capital letter end at byte `end` of `text`?
fn capitalised_word_ends_at(text: &str, end: usize) -> bool {
    let before = &text[..end];
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric())
        .last()
        .map(|(i, _)| i);
    start.is_some_and(|i| before[i..].starts_with(char::is_uppercase))
}

/// Are words `k` and `k + 1` separated by spaces only?
fn joined(text: &str, words: &[crate::document::Word], k: usize) -> bool {
    let between = &text[words[k].end()..words[k + 1].start()];
    !between.is_empty() && between.chars().all(|c| c == ' ')
}

/// Does word `k` carry a name on (capitalised, not a function word)? A small place's name is
/// not part of a longer one: "Franklin Road", "John Hinton".
fn continues_name(document: &Document, k: usize) -> bool {
    document.words[k].capitalised() && !is_function_word(document.surface(k))
}

/// The capitalised words (up to [`MAX_NAME_WORDS`]) that end right before byte `comma`, as a
/// byte span, when they do.
fn capitalised_name_before(document: &Document, comma: usize) -> Option<(usize, usize)> {
    let words = document.words;
    let last = words.partition_point(|w| w.end() <= comma).checked_sub(1)?;
    if words[last].end() != comma || !continues_name(document, last) {
        return None;
    }
    let mut first = last;
    while first > 0
        && last - first + 1 < MAX_NAME_WORDS
        && joined(document.original, words, first - 1)
        && continues_name(document, first - 1)
    {
        first -= 1;
    }
    Some((words[first].start(), comma))
}

fn small_place_mention(
    place: &Entity,
    doc: &str,
    start: usize,
    end: usize,
    surface: &str,
    why: String,
) -> Mention {
    let mut mention = Mention::of_entity(place, doc, start, end, surface, Method::Exact);
    mention.alias = Some(place.name.clone());
    mention.confidence = SMALL_PLACE_CONFIDENCE;
    mention.evidence = why;
    mention
}

/// Applies the replacements and adds the new mentions, in text order.
fn merge(mentions: &mut Vec<Mention>, added: Vec<Mention>, replaced: Vec<(usize, Entity, String)>) {
    for (i, place, why) in replaced {
        let old = &mentions[i];
        let displaced = old.entity_id.clone().map(|id| Candidate {
            entity_id: id,
            name: old.name.clone(),
            country_code: old.country_code.clone(),
            score: 0.0,
        });
        let mut mention = small_place_mention(
            &place,
            &old.doc,
            old.start_byte,
            old.end_byte,
            &old.surface,
            why,
        );
        mention.candidates = displaced.into_iter().collect();
        mentions[i] = mention;
    }
    if !added.is_empty() {
        mentions.extend(added);
        mentions.sort_by_key(|m| m.start_byte);
    }
}
