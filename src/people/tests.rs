//! The person passes, on whole sentences through the scanner.

use super::names::is_romanised_syllable;
use super::*;
use crate::Scanner;

fn scanner() -> &'static Scanner {
    crate::scan::embedded_scanner()
}

fn people(text: &str) -> Vec<(String, String, Method)> {
    scanner()
        .scan("t", text)
        .into_iter()
        .filter(|m| m.kind == EntityKind::Person)
        .map(|m| (m.surface.into(), m.name.into(), m.method))
        .collect()
}

/// The surfaces of the people found in `text`, in order.
fn surfaces(text: &str) -> Vec<String> {
    people(text)
        .into_iter()
        .map(|(surface, _, _)| surface)
        .collect()
}

fn places(text: &str) -> Vec<String> {
    scanner()
        .scan("t", text)
        .into_iter()
        .filter(|m| m.kind == EntityKind::Place)
        .map(|m| m.surface.into())
        .collect()
}

#[test]
fn titled_names_the_gazetteer_lacks_are_unlinked_people() {
    let found = people("Deputy Prime Minister Mher Grigoryan met spokeswoman Anna Naghdalyan.");
    assert_eq!(
        found,
        [
            (
                "Mher Grigoryan".into(),
                "Mher Grigoryan".into(),
                Method::Unlinked
            ),
            (
                "Anna Naghdalyan".into(),
                "Anna Naghdalyan".into(),
                Method::Unlinked
            ),
        ]
    );
}

#[test]
fn a_given_name_and_a_surname_make_a_person_and_the_surname_then_corefers() {
    let found = people("The exhibit shows Andy Warhol prints. Warhol's portraits sold well.");
    assert_eq!(
        found,
        [
            ("Andy Warhol".into(), "Andy Warhol".into(), Method::Unlinked),
            ("Warhol".into(), "Andy Warhol".into(), Method::Coref),
        ]
    );
}

#[test]
fn places_inside_person_names_are_not_places() {
    assert_eq!(
        places("George Washington crossed the Delaware near Trenton."),
        ["Delaware", "Trenton"]
    );
    assert_eq!(places("Mr Kent spoke in Canterbury."), ["Canterbury"]);
    assert_eq!(places("Jordan Peterson visited Jordan."), ["Jordan"]);
}

#[test]
fn names_that_end_in_an_organisation_word_are_not_people() {
    assert!(people("The General Assembly met. Georgia Tech won.").is_empty());
    assert!(people("Kids toured the Johnson Space Center.").is_empty());
}

#[test]
fn a_surname_displaces_a_fuzzy_guess_even_before_the_full_name() {
    // "Chipeco" is one edit from Chapecó, a Brazilian city, and Brazil is in play.
    let text = "Chipeco praised the team. Brazil and Santa Catarina sent coaches to Curitiba. \
        Mayor Joaquin Chipeco spoke later.";
    let found = people(text);
    let surfaces: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(surfaces, ["Chipeco", "Joaquin Chipeco"]);
}

#[test]
fn a_given_name_corefers_when_one_person_bears_it() {
    let found = people("Daniel Montalvo spoke. Later Daniel left, and Montalvo stayed.");
    let surfaces: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(surfaces, ["Daniel Montalvo", "Daniel", "Montalvo"]);
    let found = people("Daniel Montalvo met Daniel Craig. Daniel left.");
    let surfaces: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(
        surfaces,
        ["Daniel Montalvo", "Daniel Craig"],
        "two Daniels: neither"
    );
    assert!(
        places("Daniel Montalvo spoke. Later Montalvo stayed.").is_empty(),
        "Montalvo the town is not meant"
    );
    // A given name outweighs a town of that name (Mary in Turkmenistan), not a country.
    let text = "Mary Magdalene went to the tomb; Mary wept.";
    assert!(places(text).is_empty(), "{:?}", places(text));
    let text = "Jordan Peterson spoke. Jordan closed its border.";
    assert_eq!(places(text), ["Jordan"]);
}

#[test]
fn a_name_ends_at_a_full_stop_unless_it_follows_an_initial() {
    let found = people("Comics by Nick Moreau. The show opened. George W. Bush came.");
    let surfaces: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(surfaces, ["Nick Moreau", "George W. Bush"]);
    // "The" never became a surname, so it corefers with nobody.
    assert!(people("Nick Moreau. The end. The start.").len() == 1);
}

#[test]
fn given_names_of_many_countries_start_names() {
    let found = people("Coach Hernan Dario Gomez praised Thibaut Courtois and Ahmed Mohamed.");
    let surfaces: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(
        surfaces,
        ["Hernan Dario Gomez", "Thibaut Courtois", "Ahmed Mohamed"]
    );
}

#[test]
fn a_hyphenated_given_name_is_one_when_each_part_is() {
    let found = people("Lin-Manuel Miranda wrote it; later Miranda sang.");
    let surfaces: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(surfaces, ["Lin-Manuel Miranda", "Miranda"]);
    assert!(places("Lin-Manuel Miranda wrote it; later Miranda sang.").is_empty());
}

#[test]
fn a_rarer_given_name_that_is_a_place_needs_a_surname_after_it() {
    // "Houston" is a given name too; the Texans are a team.
    assert!(people("The Houston Texans won in Houston.").is_empty());
    assert_eq!(places("The Houston Texans won in Houston.").len(), 2);
    let found = people("Fans cheered Houston Smith.");
    assert_eq!(found[0].0, "Houston Smith");
    // A word inside a longer place name starts no person ("Los Angeles Sheriff").
    assert!(people("The Los Angeles Sheriff spoke.").is_empty());
}

#[test]
fn acronyms_are_not_given_names_and_titles_start_new_names() {
    assert!(people("IRENA Director spoke. LONDON Police said.").is_empty());
    let found = people("Verkhovna Rada Chairman Andriy Parubiy proposed it.");
    let surfaces: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(surfaces, ["Andriy Parubiy"]);
}

#[test]
fn chinese_and_korean_names_written_surname_first_are_people() {
    let text = "Lau Siu-lai and councillor Wu Chi-wai met Hwang Hee-Chan in a Hong Kong-based \
        Coca-Cola office.";
    let found = people(text);
    let surfaces: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(surfaces, ["Lau Siu-lai", "Wu Chi-wai", "Hwang Hee-Chan"]);
    // "Park" also ends names ("Gorky Park"); before a hyphenated given name it is a surname.
    let found = people("President Park Geun-hye met Park Chung-hee's old aides.");
    let surfaces: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(surfaces, ["Park Geun-hye", "Park Chung-hee"]);
    for syllable in ["leung", "siu", "hwang", "park", "kwok", "jae", "in"] {
        assert!(is_romanised_syllable(syllable), "{syllable}");
    }
    for word in ["based", "coca", "the", "street", "pro"] {
        assert!(!is_romanised_syllable(word), "{word}");
    }
}

#[test]
fn a_surname_ending_of_the_region_makes_a_name() {
    let text = "CNN's Aren Melikyan reported. Then Hovik Arsenyants and Elena Shevchenko spoke.";
    let found = people(text);
    let surfaces: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(
        surfaces,
        ["Aren Melikyan", "Hovik Arsenyants", "Elena Shevchenko"]
    );
    assert!(people("The Molotov cocktail hit Lake Sevan in Rostov.").is_empty());
}

#[test]
fn kin_words_are_titles_and_only_abbreviations_take_a_full_stop() {
    // "Tyler" alone is a city in Texas; after "brother" it is the brother.
    let found = people("He left with a group that did not include his brother Tyler.");
    assert_eq!(found[0].0, "Tyler");
    // "husband." ends a sentence; "Dr." does not.
    let found = people("She met her husband. Emboldened, Dr. Jane Smith spoke.");
    let surfaces: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(surfaces, ["Jane Smith"]);
}

#[test]
fn a_lone_given_name_used_repeatedly_is_a_person() {
    let text = "The parents of their child, Gloria, were charged. Doctors saw Gloria twice.";
    let found = people(text);
    let surfaces: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(surfaces, ["Gloria", "Gloria"]);
    // Once is not enough; English words (Grace) and months (April) never qualify.
    assert!(people("The parents of their child, Gloria, were charged.").is_empty());
    assert!(people("They sang of Grace, and Grace alone, in April and April again.").is_empty());
}

#[test]
fn a_given_name_before_an_organisation_word_is_not_a_person() {
    assert!(people("Will Congress act? May Day parades filled Moscow.").is_empty());
}

#[test]
fn a_capital_s_foreign_spelling_does_not_end_a_name_but_its_own_name_does() {
    // GeoNames spells Moroni "Maroni" too; "US" is the United States by its acronym.
    assert_eq!(
        surfaces("The president of the region, Roberto Maroni, has reacted."),
        ["Roberto Maroni"]
    );
    assert_eq!(
        surfaces("By Henry Lazenby US-based producers signed."),
        ["Henry Lazenby"]
    );
    // Called by its own name, a capital is what it is.
    assert_eq!(places("Talks with Daniel Moroni."), ["Moroni"]);
}

#[test]
fn names_listed_beside_a_person_are_people() {
    // "Yannick" is a given name; the list makes the other two people, and then their
    // surnames corefer.
    assert_eq!(
        surfaces(
            "It began with Romelu Lukaku, Yannick Carrasco, and Dries Mertens attacking. \
             Lukaku scored."
        ),
        [
            "Romelu Lukaku",
            "Yannick Carrasco",
            "Dries Mertens",
            "Lukaku"
        ]
    );
    // Two names across a comma are a name and its description, not a list; "of" makes an
    // affiliation; a determiner a description.
    assert_eq!(
        surfaces("The prize went to Maria Lopez, Head Chef at Nobu."),
        ["Maria Lopez"]
    );
    assert_eq!(
        surfaces("Raymond Chan of People Power, and Mary Jones were elected."),
        ["Raymond Chan", "Mary Jones"]
    );
    assert_eq!(
        surfaces("It won in a Digital Drama Series, and Victoria Rowell was nominated."),
        ["Victoria Rowell"]
    );
    // A name in apposition to a title, closed by a comma or a full stop.
    assert_eq!(
        surfaces("The team's coach, Alireza Mehraban, said so."),
        ["Alireza Mehraban"]
    );
    assert!(surfaces("The coach, Alireza Mehraban of Kabul said so.").is_empty());
}

/// Issue 12: the person passes are linear in the document. One document of `n` paragraphs
/// looks at about `n` times the mentions one paragraph does (times the log of a binary search),
/// never `n²`: counted, not timed. Scanning the mention list per word made a 20 MB document
/// take a minute.
#[test]
fn one_long_document_costs_what_its_paragraphs_cost_apart() {
    let paragraph = "Foreign Minister Jeyhun Bayramov met Sergei Lavrov in Moscow. Lavrov said \
        Armenia and Azerbaijan agreed. It began with Romelu Lukaku, Yannick Carrasco, and Dries \
        Mertens attacking. The parents of their child, Gloria, were charged; Gloria was fine. \
        Houston Smith drove to Los Angeles. Daniel Montalvo spoke, then Daniel left.\n\n";
    let probes = |text: &str| {
        super::index::PROBES.with(|p| p.set(0));
        let found = scanner().scan("t", text).len();
        (found, super::index::PROBES.with(|p| p.get()))
    };
    let (found_one, one) = probes(paragraph);
    assert!(
        found_one >= 10 && one > 0,
        "{found_one} mentions, {one} probes"
    );
    let n = 500;
    let (found_many, many) = probes(&paragraph.repeat(n));
    assert!(found_many >= found_one * n, "{found_many} mentions");
    assert!(
        many <= one * n as u64 * 12,
        "{many} probes for {n} paragraphs against {one} for one"
    );
}

/// A word's class, found once by the scan, answers as the lists themselves do: the name lists
/// for every capitalised word of the sample articles, the titles for every word.
#[test]
fn word_classes_answer_as_the_lists_do() {
    use crate::document::{tokenize_into, WordClasses};
    use crate::normalize::NormalizedText;
    let lexicon = PersonLexicon::embedded();
    let mut classes = WordClasses::default();
    lexicon.add_classes(&mut classes);
    let classes = classes.finish();
    let mut texts: Vec<String> = std::fs::read_dir("data/articles")
        .expect("sample articles")
        .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("article"))
        .collect();
    // Hyphenated given names, whose parts are asked one by one.
    texts.push("Lin-Manuel and Jean-Claude met Anne-Marie, not Coca-Cola.".into());
    let (mut normalized, mut words, mut found) = (NormalizedText::new(), Vec::new(), Vec::new());
    let mut given = 0;
    for text in &texts {
        normalized.normalize(text);
        tokenize_into(text, &normalized, &mut words);
        classes.classify_into(&normalized, &words, &mut found);
        let document = Document::new(text, &normalized, &words).with_classes(&found);
        for (i, word) in words.iter().enumerate() {
            let (key, class) = (document.key(i), document.class(i));
            assert_eq!(
                class.starts_title(),
                !lexicon.titles_starting_with(key).is_empty()
            );
            assert_eq!(
                class.title_word(),
                lexicon.title_words.contains(key),
                "{key}"
            );
            if !word.capitalised() {
                continue;
            }
            assert_eq!(class.given(), lexicon.is_given(key), "{key}");
            assert_eq!(class.common_given(), lexicon.common_given.contains(key));
            assert_eq!(class.wordless_given(), lexicon.wordless_given.contains(key));
            assert_eq!(class.surname(), lexicon.surnames.contains(key), "{key}");
            assert_eq!(class.stop(), lexicon.stops.contains(key), "{key}");
            given += usize::from(class.given());
        }
    }
    assert!(given > 50, "the articles name people: {given} given names");
}

/// Issue 31, item 3: a given name, a surname and a possessive make a person even where the
/// given name is a small town's (Nigel, South Africa; "Tex", a spelling of Tegh) and the surname
/// a word that ends place names ("Hill").
#[test]
fn a_possessive_after_a_given_name_and_a_surname_makes_a_person() {
    let text =
        "It was a replication of the Flying Tiger Tex Hill’s plane. Nigel Clough's side won.";
    assert_eq!(surfaces(text), ["Tex Hill", "Nigel Clough"]);
    assert!(places(text).is_empty());
    // No possessive, no person: the pair stays as the other passes read it.
    assert!(surfaces("They drove to Nigel Clough today.").is_empty());
}

/// Issue 31, item 3: a surname read alone as a person ("С Гагариным") is that person in its
/// other case forms too, not Gagarin the town ("полёта Гагарина").
#[test]
fn a_lone_surname_takes_its_other_case_forms_from_a_small_town() {
    let text = "Все дружно отметили 45-летие полёта Гагарина. С Гагариным всё уже давно ясно.";
    let found = people(text);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found.iter().all(|(_, name, _)| name == "Гагарин"),
        "{found:?}"
    );
    assert!(places(text).is_empty());
}

/// Issue 31, item 3: a foreign given name transliterated into Russian, which no list has, before
/// a small town's name is a person's ("Вишванатан Ананд", not Anand in Gujarat); a longer place
/// name whose first word is an adjective is not.
#[test]
fn a_transliterated_given_name_before_a_small_town_makes_a_person() {
    let text = "Будут играть шахматисты, как Вишванатан Ананд (Индия) и Василий Иванчук (Украина).";
    let found = surfaces(text);
    assert_eq!(found, ["Вишванатан Ананд", "Василий Иванчук"]);
    assert_eq!(places(text), ["Индия", "Украина"]);
}
