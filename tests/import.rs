//! `mentionmap gazetteer import` on small GeoNames-format fixtures written for these tests
//! (`tests/fixtures/geonames/`): well-formed dumps (a BOM, comment lines, a `.gz` file, a place
//! listed twice, noisy alternate names) and broken ones.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use mentionmap::{Gazetteer, GazetteerBuilder};
use predicates::prelude::*;

fn fixture(name: &str) -> PathBuf {
    super::root().join("tests/fixtures/geonames").join(name)
}

fn import(dir: &Path, places: &[&str]) -> assert_cmd::assert::Assert {
    import_with(dir, places, &[])
}

/// The gazetteer [`import`] wrote into `dir`.
fn imported(dir: &Path) -> Gazetteer {
    GazetteerBuilder::new()
        .add_path(dir.join("gaz"))
        .unwrap()
        .build()
        .unwrap()
}

/// The names `gazetteer` lists for the entity `id`, in its order.
fn aliases_of(gazetteer: &Gazetteer, id: &str) -> Vec<String> {
    let index = gazetteer.find(id).unwrap_or_else(|| panic!("{id} missing"));
    gazetteer
        .aliases()
        .iter()
        .filter(|a| a.entity == index)
        .map(|a| a.text.to_string())
        .collect()
}

/// One row of a GeoNames places dump (19 tab-separated columns) for a place the fixtures lack,
/// in the capital's division of `country` (AZ or AM).
fn town_row(
    id: &str,
    name: &str,
    alternates: &str,
    feature_code: &str,
    country: &str,
    population: &str,
) -> String {
    let (admin1, timezone) = if country == "AM" {
        ("11", "Asia/Yerevan")
    } else {
        ("09", "Asia/Baku")
    };
    [
        id,
        name,
        name,
        alternates,
        "40.5",
        "45.0",
        "P",
        feature_code,
        country,
        "",
        admin1,
        "",
        "",
        "",
        population,
        "",
        "",
        timezone,
        "2020-01-01",
    ]
    .join("\t")
}

/// Writes `rows` (GeoNames dump rows) to `towns.txt` in `dir`, for `--places`.
fn write_towns(dir: &Path, rows: &[String]) -> PathBuf {
    let path = dir.join("towns.txt");
    std::fs::write(&path, rows.join("\n") + "\n").unwrap();
    path
}

/// [`import`] with more options.
fn import_with(dir: &Path, places: &[&str], options: &[&OsStr]) -> assert_cmd::assert::Assert {
    let mut cmd = super::mentionmap(dir);
    cmd.args([
        "gazetteer",
        "import",
        "--out",
        "gaz",
        "--include",
        "AZ,AM:0",
        "--admin1-countries",
        "AZ,AM",
    ])
    .arg("--country-info")
    .arg(fixture("countryInfo.txt"))
    .arg("--admin1")
    .arg(fixture("admin1CodesASCII.txt"))
    .arg("--common-words")
    .arg(fixture("words.txt"));
    for p in places {
        cmd.arg("--places").arg(fixture(p));
    }
    cmd.args(options).assert()
}

#[test]
fn imports_well_formed_dumps_keeping_names_and_dropping_noise() {
    let dir = tempfile::tempdir().unwrap();
    import(dir.path(), &["places.txt", "places.txt.gz"])
        .success()
        .stderr(
            predicate::str::contains("GeoNames names dropped:")
                .and(predicate::str::contains("code")),
        );
    let gazetteer = imported(dir.path());
    let aliases_of = |id: &str| aliases_of(&gazetteer, id);
    // Names people write stay; codes, romanisation keys, links, ids and unspaced scripts go.
    assert_eq!(
        aliases_of("gn:147105"),
        ["Shusha", "Shushi", "Şuşa", "Шуша"]
    );
    // "Bakı" folds to the same key as "Baki": one spelling per key is kept.
    assert_eq!(aliases_of("gn:587084"), ["Baku", "Baki", "Баку"]);
    // Countries: the BOM and comment lines are skipped, a dissolved country without a geonameid
    // too; with no outline given, a country takes its capital's point.
    let azerbaijan = gazetteer.entity(gazetteer.find("gn:587116").unwrap());
    let point = azerbaijan.point.unwrap();
    assert_eq!((point.lon, point.lat), (49.89201, 40.37767));
    assert!(gazetteer
        .entities()
        .iter()
        .all(|e| e.name != "Serbia and Montenegro"));
    // A division named after its seat leaves the bare name to the town.
    let district = gazetteer.entity(gazetteer.find("gn:147163").unwrap());
    assert_eq!(district.name, "Shusha District");
    assert_eq!(district.feature_code.as_deref(), Some("ADM1"));
    // A first-order division is also named with "State" written out ("Benue State").
    assert!(aliases_of("gn:147163").contains(&"Shusha State".to_string()));
    // A minor place named by a common word is left out.
    assert!(
        gazetteer.find("gn:585103").is_none(),
        "the village 'Central' is not imported"
    );
}

#[test]
fn a_row_with_missing_columns_is_reported_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    import(dir.path(), &["broken-columns.txt"]).code(1).stderr(predicate::str::contains(
        "broken-columns.txt: line 2: expected 19 tab-separated columns (GeoNames geoname format), found 3",
    ));
    assert!(
        !dir.path().join("gaz/entities.csv").exists(),
        "nothing is written on failure"
    );
}

#[test]
fn a_bad_number_is_reported_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    import(dir.path(), &["broken-latitude.txt"])
        .code(1)
        .stderr(predicate::str::contains(
            "broken-latitude.txt: line 1: latitude \"north\" is not a number",
        ));
}

#[test]
fn an_empty_dump_says_nothing_was_imported() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    // `fixture` joins onto the fixtures folder; an absolute path replaces it.
    import(dir.path(), &[empty.to_str().unwrap()])
        .code(1)
        .stderr(predicate::str::contains("the import produced no entities"));
}

#[test]
fn a_missing_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    import(dir.path(), &["no-such-dump.txt"])
        .code(1)
        .stderr(predicate::str::contains("no-such-dump.txt"));
}

#[test]
fn alternate_names_bring_languages_and_history_and_skip_codes() {
    let dir = tempfile::tempdir().unwrap();
    let alternate_names = fixture("alternateNamesV2.txt");
    import_with(
        dir.path(),
        &["places.zip"],
        &["--alternate-names".as_ref(), alternate_names.as_os_str()],
    )
    .success();
    let aliases = std::fs::read_to_string(dir.path().join("gaz/aliases.csv")).unwrap();
    // From the .zip dump's first .txt entry, and the alternate names with their languages.
    assert!(
        aliases.contains("gn:147105,Şuşa,az,variant")
            || aliases.contains("gn:147105,Şuşa,,variant"),
        "{aliases}"
    );
    assert!(aliases.contains("gn:147105,Շուշի,hy,variant"), "{aliases}");
    assert!(aliases.contains("gn:616052,Erivan,,historic"), "{aliases}");
    // Codes, links and Wikidata ids of pseudo-languages never become names.
    for code in ["GYD", "Q1142", "wikipedia"] {
        assert!(!aliases.contains(code), "{code} leaked into {aliases}");
    }
}

#[test]
fn a_malformed_alternate_names_row_is_reported_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = super::mentionmap(dir.path());
    cmd.args(["gazetteer", "import", "--out", "gaz", "--include", "AZ:0"])
        .arg("--country-info")
        .arg(fixture("countryInfo.txt"))
        .arg("--places")
        .arg(fixture("places.txt"))
        .arg("--alternate-names")
        .arg(fixture("broken-alternateNames.txt"));
    cmd.assert().code(1).stderr(predicate::str::contains(
        "broken-alternateNames.txt: line 1: expected 10 tab-separated columns (GeoNames alternateNamesV2), found 3",
    ));
}

#[test]
fn counties_with_places_are_imported_at_the_middle_of_their_places() {
    let dir = tempfile::tempdir().unwrap();
    let admin2 = fixture("admin2Codes.txt");
    import_with(
        dir.path(),
        &["places.txt"],
        &["--admin2".as_ref(), admin2.as_os_str()],
    )
    .success();
    let gazetteer = imported(dir.path());
    let county = gazetteer.entity(gazetteer.find("gn:999001").expect("Sabail Rayon"));
    assert_eq!(county.feature_code.as_deref(), Some("ADM2"));
    assert_eq!(
        county.admin1_code.as_deref(),
        Some("09"),
        "its state, for containers"
    );
    let point = county.point.unwrap();
    assert_eq!((point.lon, point.lat), (47.0, 40.0));
    // No place names the second county: it has no point and is left out. The third shares its
    // geonameid with the city of Baku, which stands for both.
    assert!(gazetteer.find("gn:999002").is_none());
    let baku = gazetteer.entity(gazetteer.find("gn:587084").unwrap());
    assert_eq!(baku.feature_code.as_deref(), Some("PPLC"));
}

#[test]
fn rarer_given_names_drop_towns_and_alternate_names_but_not_regional_capitals() {
    let dir = tempfile::tempdir().unwrap();
    // A village of 3,000 people named like a person, beside the fixture's places.
    let towns = write_towns(
        dir.path(),
        &[town_row("999100", "Noma", "", "PPL", "AZ", "3000")],
    );
    let rare = dir.path().join("rare.txt");
    std::fs::write(&rare, "# test list\nNoma\nShusha\nErevan\n").unwrap();
    import_with(
        dir.path(),
        &["places.txt", towns.to_str().unwrap()],
        &[OsStr::new("--rare-person-names"), rare.as_os_str()],
    )
    .success();
    let gazetteer = imported(dir.path());
    assert!(
        gazetteer.find("gn:999100").is_none(),
        "the village gives way"
    );
    assert!(
        gazetteer.find("gn:147105").is_some(),
        "a regional capital keeps its name"
    );
    let aliases = aliases_of(&gazetteer, "gn:616052");
    assert!(
        aliases.contains(&"Yerevan".to_string()) && !aliases.contains(&"Erevan".to_string()),
        "{aliases:?}"
    );
}

#[test]
fn three_letter_alternate_names_are_kept_only_for_major_places() {
    let dir = tempfile::tempdir().unwrap();
    let rows = [
        town_row("999200", "Vazashen", "Lal,Vazasen", "PPL", "AM", "3000"),
        town_row("999201", "Bigcity", "Big,Bigstadt", "PPLA", "AM", "500000"),
    ];
    let towns = write_towns(dir.path(), &rows);
    import(dir.path(), &[towns.to_str().unwrap()]).success();
    let gazetteer = imported(dir.path());
    let aliases_of = |id: &str| aliases_of(&gazetteer, id);
    assert_eq!(aliases_of("gn:999200"), ["Vazashen", "Vazasen"]);
    assert_eq!(aliases_of("gn:999201"), ["Bigcity", "Big", "Bigstadt"]);
}

#[test]
fn a_county_named_like_a_person_stays_when_its_towns_hold_many_people() {
    let dir = tempfile::tempdir().unwrap();
    let admin2 = dir.path().join("admin2.txt");
    std::fs::write(
        &admin2,
        "AZ.09.K1\tKent\tKent\t999301\nAZ.09.K2\tEvans\tEvans\t999302\n",
    )
    .unwrap();
    // Each county's towns, filed under its admin2 code (column 12 of the dump).
    let in_county = |row: String, admin2: &str| {
        let mut columns: Vec<&str> = row.split('\t').collect();
        columns[11] = admin2;
        columns.join("\t")
    };
    let rows = [
        in_county(
            town_row("999310", "Maidtown", "", "PPLA2", "AZ", "150000"),
            "K1",
        ),
        in_county(town_row("999311", "Hamlet", "", "PPL", "AZ", "3000"), "K2"),
    ];
    let towns = write_towns(dir.path(), &rows);
    let names = dir.path().join("names.txt");
    std::fs::write(&names, "Kent\nEvans\n").unwrap();
    import_with(
        dir.path(),
        &["places.txt", towns.to_str().unwrap()],
        &[
            OsStr::new("--admin2"),
            admin2.as_os_str(),
            OsStr::new("--person-names"),
            names.as_os_str(),
        ],
    )
    .success();
    let gazetteer = imported(dir.path());
    assert!(
        gazetteer.find("gn:999301").is_some(),
        "150,000 people: kept"
    );
    assert!(
        gazetteer.find("gn:999302").is_none(),
        "3,000 people: a minor place named like a person"
    );
}

#[test]
fn alternate_names_that_are_languages_are_dropped_but_own_names_stay() {
    let dir = tempfile::tempdir().unwrap();
    let rows = [
        town_row("999400", "Igbotown", "Igbo,Igbotaun", "PPL", "AZ", "20000"),
        town_row("999401", "Kikuyu", "", "PPL", "AZ", "20000"),
    ];
    let towns = write_towns(dir.path(), &rows);
    let languages = dir.path().join("languages.txt");
    std::fs::write(&languages, "Igbo\nKikuyu\n").unwrap();
    import_with(
        dir.path(),
        &[towns.to_str().unwrap()],
        &[OsStr::new("--language-names"), languages.as_os_str()],
    )
    .success()
    .stderr(predicate::str::contains("language name 1"));
    let gazetteer = imported(dir.path());
    assert_eq!(
        aliases_of(&gazetteer, "gn:999400"),
        ["Igbotown", "Igbotaun"]
    );
    assert_eq!(
        aliases_of(&gazetteer, "gn:999401")[0],
        "Kikuyu",
        "a place's own name stays"
    );
}

/// Writes a top-level records file (GeoNames' own countries, divisions and regions) into `dir`.
fn write_top_level(dir: &Path, rows: &[&str]) -> PathBuf {
    let path = dir.join("top-level-records.tsv");
    let header = "geonameid\tname\tlat\tlon\tfeature_code\tcountry_code\tadmin1_code\tpopulation";
    std::fs::write(
        &path,
        [header]
            .iter()
            .chain(rows)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
            + "\n",
    )
    .unwrap();
    path
}

#[test]
fn countries_divisions_and_curated_regions_take_geonames_own_points() {
    let dir = tempfile::tempdir().unwrap();
    // Points GeoNames gives: Azerbaijan at 40.5 N 47.5 E, the Shusha division at 39.75 N 46.67 E,
    // the Caucasus region at 42 N 45 E. The fixture's Baki division has no record.
    let records = write_top_level(
        dir.path(),
        &[
            "587116\tRepublic of Azerbaijan\t40.5\t47.5\tPCLI\tAZ\t00\t9942334",
            "147163\tShusha Rayon\t39.75\t46.66667\tADM1\tAZ\t55\t",
            "615318\tCaucasus Region\t42\t45\tRGN\t\t\t15900000",
        ],
    );
    let curated = dir.path().join("curated");
    std::fs::create_dir(&curated).unwrap();
    std::fs::write(
        curated.join("entities.csv"),
        "entity_id,kind,name,country_code,feature_code,population,point_from,note\n\
         gn:615318,place,Caucasus,,RGN,,,GeoNames' record\n",
    )
    .unwrap();
    std::fs::write(curated.join("aliases.csv"), "entity_id,alias,lang,type\n").unwrap();
    import_with(
        dir.path(),
        &["places.txt"],
        &[
            OsStr::new("--top-level"),
            records.as_os_str(),
            OsStr::new("--curated"),
            curated.as_os_str(),
        ],
    )
    .success()
    .stderr(predicate::str::contains(
        "GeoNames' own points: 2 countries and divisions, 1 curated continents and regions",
    ));
    let gazetteer = imported(dir.path());
    let point_of = |id: &str| {
        let point = gazetteer.entity(gazetteer.find(id).unwrap()).point.unwrap();
        (point.lon, point.lat)
    };
    assert_eq!(
        point_of("gn:587116"),
        (47.5, 40.5),
        "lon first, as GeoNames' record says"
    );
    assert_eq!(point_of("gn:147163"), (46.66667, 39.75));
    assert_eq!(point_of("gn:615318"), (45.0, 42.0));
    // Without a record, a division keeps the middle of its places in the fixture's dumps.
    assert_eq!(point_of("gn:587081"), (48.446005, 40.188835));
    // The record's formal name is a country's variant; the curated name stays canonical.
    assert!(aliases_of(&gazetteer, "gn:587116").contains(&"Republic of Azerbaijan".to_string()));
    let caucasus = gazetteer.entity(gazetteer.find("gn:615318").unwrap());
    assert_eq!(caucasus.name, "Caucasus");
    assert_eq!(caucasus.population, 15_900_000);
    // A division's record name is not added: it may be its seat's, which the division gave up.
    assert!(!aliases_of(&gazetteer, "gn:147163").contains(&"Shusha Rayon".to_string()));
}

#[test]
fn a_malformed_top_level_record_is_reported_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    // Longitude and latitude swapped: 147 is no latitude.
    let records = write_top_level(
        dir.path(),
        &[
            "615318\tCaucasus Region\t42\t45\tRGN\t\t\t15900000",
            "147163\tShusha Rayon\t146.66667\t39.75\tADM1\tAZ\t55\t",
        ],
    );
    import_with(
        dir.path(),
        &["places.txt"],
        &[OsStr::new("--top-level"), records.as_os_str()],
    )
    .failure()
    .stderr(predicate::str::contains(
        "top-level-records.tsv: line 3: latitude 146.66667 is out of range [-90, 90]",
    ));
    std::fs::write(&records, "id\tname\n1\tX\n").unwrap();
    import_with(
        dir.path(),
        &["places.txt"],
        &[OsStr::new("--top-level"), records.as_os_str()],
    )
    .failure()
    .stderr(predicate::str::contains(
        "top-level-records.tsv: line 1: expected the header",
    ));
}

#[test]
fn own_name_places_keep_their_own_name_for_their_language_alone() {
    // Turkey's villages (`--own-name-places TR:0`) come under their own name only, kept to
    // Turkish and Azerbaijani paragraphs: their alternates are old names, often words, and their
    // own names are English words or surnames as often ("Meydan", "Bünyan"). A town the
    // `--include` rules keep is imported as before.
    let dir = tempfile::tempdir().unwrap();
    let rows = [
        town_row("999300", "Kuyucak", "Kayancuk,Aynı", "PPL", "TR", "7000"),
        town_row("999301", "Bigkent", "Bigstadt", "PPLA", "TR", "500000"),
    ];
    let towns = write_towns(dir.path(), &rows);
    let options: [&OsStr; 4] = [
        "--include".as_ref(),
        "TR:15000".as_ref(),
        "--own-name-places".as_ref(),
        "TR:0".as_ref(),
    ];
    import_with(dir.path(), &[towns.to_str().unwrap()], &options).success();
    let gazetteer = imported(dir.path());
    let langs = |id: &str| {
        let index = gazetteer.find(id).unwrap();
        gazetteer
            .aliases()
            .iter()
            .filter(|a| a.entity == index)
            .map(|a| (a.text.to_string(), a.lang.as_deref().map(str::to_string)))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        langs("gn:999300"),
        [("Kuyucak".to_string(), Some("tr-x-only".to_string()))]
    );
    assert_eq!(
        langs("gn:999301"),
        [
            ("Bigkent".to_string(), None),
            ("Bigstadt".to_string(), None)
        ]
    );
}

#[test]
fn learned_names_are_kept_to_their_language_and_never_restrict_a_listed_one() {
    // A learned name is added for its language's text; one the entity lists already stays
    // searched for everywhere; one of an entity the gazetteer no longer has is dropped.
    let dir = tempfile::tempdir().unwrap();
    let rows = [town_row(
        "999301", "Bigkent", "Bigstadt", "PPLA", "AZ", "500000",
    )];
    let towns = write_towns(dir.path(), &rows);
    let learned = dir.path().join("learned.csv");
    std::fs::write(
        &learned,
        "entity_id,alias,lang,type,source\n\
         gn:999301,Bigşehir,tr-x-only,variant,test\n\
         gn:999301,Bigstadt,tr-x-only,variant,test\n\
         gn:1,Yokkent,tr-x-only,variant,test\n",
    )
    .unwrap();
    let options: [&OsStr; 2] = ["--learned-names".as_ref(), learned.as_os_str()];
    import_with(dir.path(), &[towns.to_str().unwrap()], &options)
        .success()
        .stderr(predicate::str::contains(
            "names in tr-x-only from learned: 1 added",
        ));
    let gazetteer = imported(dir.path());
    let index = gazetteer.find("gn:999301").unwrap();
    let lang_of = |text: &str| {
        gazetteer
            .aliases()
            .iter()
            .find(|a| a.entity == index && a.text.as_str() == text)
            .map(|a| a.lang.as_deref().map(str::to_string))
    };
    assert_eq!(lang_of("Bigşehir"), Some(Some("tr-x-only".to_string())));
    assert_eq!(lang_of("Bigstadt"), Some(None));
}
