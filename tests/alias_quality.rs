//! Names that are not what they seem (issue 31): a risky alias counts only where the document
//! supports its entity; `gazetteer check --suspicious` and `eval --surfaces` report them.

use mentionmap::gazetteer::EntityKind;
use mentionmap::{Gazetteer, Scanner};
use predicates::prelude::*;

fn scanner() -> &'static Scanner {
    static SCANNER: std::sync::OnceLock<Scanner> = std::sync::OnceLock::new();
    SCANNER.get_or_init(|| {
        Scanner::new(Gazetteer::embedded().expect("embedded gazetteer")).expect("scanner")
    })
}

/// The (surface, entity name) of every place found in `text`.
fn places(text: &str) -> Vec<(String, String)> {
    scanner()
        .scan("t", text)
        .into_iter()
        .filter(|m| m.kind == EntityKind::Place)
        .map(|m| (m.surface.to_string(), m.name.to_string()))
        .collect()
}

fn has(found: &[(String, String)], surface: &str, name: &str) -> bool {
    found.iter().any(|(s, n)| s == surface && n == name)
}

#[test]
fn a_minor_places_alternate_name_needs_its_country_in_the_document() {
    // GeoNames lists "Chopin" for Chopinzinho, a town in Paraná, Brazil.
    let alone = places("Pianists from Warsaw and Tokyo entered the Chopin competition this year.");
    assert!(!alone.iter().any(|(s, _)| s == "Chopin"), "{alone:?}");
    let supported = places("Farmers near Chopin, in Paraná, Brazil, lost their harvest to frost.");
    assert!(has(&supported, "Chopin", "Chopinzinho"), "{supported:?}");
}

#[test]
fn a_phrase_alias_needs_its_country_in_the_document() {
    // "The Mission" is listed for San Francisco's Mission District.
    let alone = places("Critics said The Mission was the best film shown in Berlin.");
    assert!(!alone.iter().any(|(s, _)| s == "The Mission"), "{alone:?}");
    let supported = places(
        "Rents in The Mission rose again, the San Francisco housing office in California said.",
    );
    assert!(
        has(&supported, "The Mission", "Mission District"),
        "{supported:?}"
    );
}

#[test]
fn own_names_and_major_places_alternates_need_no_support() {
    let found = places("Bombay and Peking are old names; Clacton is by the sea.");
    assert!(has(&found, "Bombay", "Mumbai"), "{found:?}");
    assert!(has(&found, "Peking", "Beijing"), "{found:?}");
    // A short form of the own name ("Clacton" of Clacton-on-Sea) is the own name.
    assert!(has(&found, "Clacton", "Clacton-on-Sea"), "{found:?}");
}

#[test]
fn an_own_name_abbreviated_needs_no_support() {
    // "St. Paul" is Saint Paul's own name abbreviated, not the river in Liberia.
    let found = places("The mayor of St. Paul spoke on Monday.");
    assert!(has(&found, "St. Paul", "Saint Paul"), "{found:?}");
}

#[test]
fn a_russian_name_of_a_small_town_abroad_needs_support_a_home_town_none() {
    // GeoNames lists "Кан" (untagged) for Caen, France (110,000 people): here it is Naoto Kan.
    let abroad = places("Премьер-министр Японии Н. Кан заявил, что Токио не уступит.");
    assert!(!abroad.iter().any(|(_, n)| n == "Caen"), "{abroad:?}");
    // A big city abroad and a small town at home still need none.
    let known = places("Выставка открылась в Дюссельдорфе, а потом переехала в Ступино.");
    assert!(has(&known, "Дюссельдорфе", "Düsseldorf"), "{known:?}");
    assert!(known.iter().any(|(_, n)| n == "Stupino"), "{known:?}");
}

#[test]
fn a_state_named_like_its_seat_keeps_the_bare_name() {
    // Oklahoma City is listed as "Oklahoma" too; the bare name is the state's (issue 31 item 2).
    let found = places("Oklahoma lawmakers met in Oklahoma City on Friday.");
    assert!(has(&found, "Oklahoma", "Oklahoma"), "{found:?}");
    assert!(has(&found, "Oklahoma City", "Oklahoma City"), "{found:?}");
}

#[test]
fn a_spelling_made_from_a_minor_places_alternate_needs_support_too() {
    // The variant rules make "Tex" from "Tekh", an alternate of Tegh, an Armenian village:
    // here it is a pilot.
    let found = places("It is a replica of the Flying Tiger Tex Hill's plane, shown in Texas.");
    assert!(!found.iter().any(|(_, n)| n == "Tegh"), "{found:?}");
}

#[test]
fn a_spelling_made_from_a_curated_name_needs_none() {
    // "Khankendi" is made from the curated "Xankəndi" of Stepanakert: no support asked.
    let found = places("Talks in Khankendi.");
    assert!(has(&found, "Khankendi", "Stepanakert"), "{found:?}");
}

#[test]
fn a_state_university_is_the_state_embedded_in_its_name() {
    let team = places(
        "Most of the Mississippi State team ended up in the hotel. Mississippi State started \
         the game strongly. The Mississippi State Police closed the road.",
    );
    // The team twice under the state's own name, the police under "Mississippi State".
    let bare = team
        .iter()
        .filter(|(s, n)| s == "Mississippi" && n == "Mississippi");
    assert_eq!(bare.count(), 2, "{team:?}");
    assert!(has(&team, "Mississippi State", "Mississippi"), "{team:?}");
    let state = places("Floods hit Mississippi State, officials said.");
    assert!(has(&state, "Mississippi State", "Mississippi"), "{state:?}");
}

#[test]
fn a_combining_form_is_not_the_place() {
    let found = places("The National Bio- and Agro-defense Facility will open in Manhattan, Kan.");
    assert!(!found.iter().any(|(_, n)| n == "Agra"), "{found:?}");
}

#[test]
fn a_town_and_its_state_written_after_it_are_the_state() {
    // GeoNames lists "Pará" among Belém's names; the state keeps its own.
    let found = places("Fishermen unloaded their catch in the river port of Santarem, Para.");
    assert!(has(&found, "Santarem", "Santarém"), "{found:?}");
    assert!(has(&found, "Para", "Pará"), "{found:?}");
    let capital = places("Protests in Belem, the capital of Para state.");
    assert!(has(&capital, "Para", "Pará"), "{capital:?}");
}

#[test]
fn a_neighbour_supports_only_when_near_or_the_division_itself() {
    // "Rogersville" is listed for Chicago's Rogers Park; Springfield, Illinois is 290 km away.
    let far = places("Pupils from Rogersville joined a choir in Springfield last week.");
    assert!(!has(&far, "Rogersville", "Rogers Park"), "{far:?}");
    let near = places("Pupils from Rogersville joined a choir in Evanston last week.");
    assert!(has(&near, "Rogersville", "Rogers Park"), "{near:?}");
}

#[test]
fn a_name_many_places_go_by_needs_its_division_named() {
    // "Old Town" is listed for Baltimore, Winchester, Las Vegas and Staré Mesto: Washington,
    // 56 km from Baltimore, does not tell them apart; Maryland named does.
    let near = places("Shops in Old Town opened late, officials in Washington said.");
    assert!(!has(&near, "Old Town", "Baltimore"), "{near:?}");
    let division = places("Shops in Old Town opened late, officials in Maryland said.");
    assert!(has(&division, "Old Town", "Baltimore"), "{division:?}");
}

#[test]
fn a_major_citys_name_with_a_foreign_ending_needs_support() {
    // "Adena" is listed for Aden (Yemen): here it is the Adena culture of Ohio.
    let found = places("The mound center in Ohio focuses on the Adena culture.");
    assert!(!found.iter().any(|(_, n)| n == "Aden"), "{found:?}");
}

#[test]
fn gazetteer_check_lists_aliases_by_class() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("g.csv"),
        "entity_id,kind,name,latitude,longitude,country_code,feature_code,population,aliases\n\
         gn:1,place,Guatemala,15.5,-90.25,GT,PCLI,14000000,\n\
         gn:2,place,Guatemala City,14.64,-90.51,GT,PPLC,994938,Guatemala|Ciudad de Guatemala\n\
         gn:3,place,Valleyton,10,10,AI,PPL,2000,The Valley|Mary|Valle\n\
         x:4,place,Hilltown,10,10,AI,PPL,2000,The Hill|Mary|Hillo\n",
    )
    .unwrap();
    super::mentionmap(dir.path())
        .args(["gazetteer", "check", "g.csv", "--suspicious"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("phrase: 2 (1 risky): \"The Valley\" (Valleyton, AI)")
                .and(predicate::str::contains(
                    "shared with a higher-ranked entity: 1 (1 risky): \"Guatemala\" (Guatemala City, GT)",
                ))
                // The same names of an entity that does not come from GeoNames (a user's own
                // row, `x:4`) are classed alike but trusted.
                .and(predicate::str::contains("person's name: 2 (1 risky): \"Mary\""))
                .and(predicate::str::contains("listed variant: 3 (1 risky)")),
        );
}

#[test]
fn eval_surfaces_lists_names_that_are_not_the_entitys_own() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("news")).unwrap();
    std::fs::write(
        dir.path().join("news/a.txt"),
        "Britain voted. Ministers in Britain met.\n\nThe Chopin competition opened in Warsaw.",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("news/b.txt"),
        "Britain and France signed it in Paris.",
    )
    .unwrap();
    super::mentionmap(dir.path())
        .args(["eval", "--surfaces", "news", "--top-surfaces", "5"])
        .assert()
        .success()
        .stdout(
            predicate::str::starts_with("count\tsurface\tentity_id\tname\t")
                .and(predicate::str::contains(
                    "3\tBritain\tgn:2635167\tUnited Kingdom\tplace\tGB\tPCLI\t",
                ))
                .and(predicate::str::contains("[[Britain]] voted."))
                .and(predicate::str::contains("Chopin").not())
                .and(predicate::str::contains("\tParis\t").not()),
        );
}
