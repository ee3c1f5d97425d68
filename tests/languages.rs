//! Names in Russian, Armenian, Azerbaijani and Turkish news, as they are written: inflected.
//!
//! The sentences are written for these tests. Each lists what a reader marks as a place, the
//! name it counts under, and the traps: a common word that looks like an inflected name, a name
//! in lower case, English text that must match as it always has.

use mentionmap::gazetteer::EntityKind;
use mentionmap::{Gazetteer, Mention, Method, Scanner};

fn scanner() -> &'static Scanner {
    static SCANNER: std::sync::OnceLock<Scanner> = std::sync::OnceLock::new();
    SCANNER.get_or_init(|| {
        Scanner::new(Gazetteer::embedded().expect("embedded gazetteer")).expect("scanner")
    })
}

/// (surface, entity name, alias counted, method) of each place mention.
fn places(text: &str) -> Vec<(String, String, String, Method)> {
    scanner()
        .scan("t", text)
        .into_iter()
        .filter(|m| m.kind == EntityKind::Place)
        .map(|m: Mention| {
            assert_eq!(
                &text[m.start_byte..m.end_byte],
                m.surface,
                "span slices the text"
            );
            (
                m.surface.to_string(),
                m.name.to_string(),
                m.alias.map(|a| a.to_string()).unwrap_or_default(),
                m.method,
            )
        })
        .collect()
}

fn has(found: &[(String, String, String, Method)], surface: &str, name: &str, alias: &str) {
    assert!(
        found
            .iter()
            .any(|(s, n, a, _)| s == surface && n == name && a == alias),
        "{surface} -> {name} ({alias}) not among {found:?}"
    );
}

#[test]
fn russian_case_forms_count_under_their_name() {
    let text = "Азербайджанские войска вошли в Шушу. В Шуше и Степанакерте слышны взрывы. \
                Делегация России прибыла в Москву; переговоры о Нагорном Карабахе прошли в Москве. \
                Посол Китая заявил о поддержке. Президент Бразилии прилетел в Самаре.";
    let found = places(text);
    has(&found, "Шушу", "Shusha", "Шуша");
    has(&found, "Шуше", "Shusha", "Шуша");
    has(&found, "Степанакерте", "Stepanakert", "Степанакерт");
    has(&found, "России", "Russia", "Россия");
    has(&found, "Москву", "Moscow", "Москва");
    has(&found, "Москве", "Moscow", "Москва");
    has(
        &found,
        "Нагорном Карабахе",
        "Nagorno-Karabakh",
        "Нагорный Карабах",
    );
    // A name whose last letter folds (й to и) still has its stem (Китай -> Кита|я).
    has(&found, "Китая", "China", "Китай");
    // Two stems end in the same word (Бразил|ии for Бразилия, Бразили|и for Brasília's
    // Бразилиа): both are weighed, and the country wins.
    has(&found, "Бразилии", "Brazil", "Бразилия");
    // GeoNames lists the case form Самаре as a variant of Samara: it counts as Самара.
    has(&found, "Самаре", "Samara", "Самара");
    assert!(found
        .iter()
        .filter(|(s, ..)| s != "Шуши")
        .all(|(_, _, _, method)| *method == Method::Inflected));
}

#[test]
fn armenian_case_endings_and_stem_changes() {
    let text = "Ստեփանակերտում պայթյուններ են։ Ալիևը Բաքվում հայտարարեց, որ Հայաստանի \
                իշխանությունները և Արցախի ղեկավարությունը պատասխանատու են։";
    let found = places(text);
    has(&found, "Ստեփանակերտում", "Stepanakert", "Ստեփանակերտ");
    has(&found, "Բաքվում", "Baku", "Բաքու");
    has(&found, "Հայաստանի", "Armenia", "Հայաստան");
    has(&found, "Արցախի", "Nagorno-Karabakh", "Արցախ");
}

#[test]
fn azerbaijani_and_turkish_suffixes() {
    let found =
        places("Azərbaycan Ordusu Xankəndidə və Ağdamda. Əsgərlər Şuşaya çatdı, Şuşanın küçələri.");
    has(&found, "Xankəndidə", "Stepanakert", "Xankəndi");
    has(&found, "Şuşaya", "Shusha", "Şuşa");
    has(&found, "Şuşanın", "Shusha", "Şuşa");
    let found =
        places("Heyet İstanbul'da toplandı; Türkiye'nin ve İran'ın temsilcileri Ankara'ya döndü.");
    has(&found, "İstanbul'da", "Istanbul", "İstanbul");
    has(&found, "Türkiye'nin", "Turkey", "Türkiye");
    has(&found, "İran'ın", "Iran", "İran");
    has(&found, "Ankara'ya", "Ankara", "Ankara");
}

#[test]
fn an_azerbaijani_news_paragraph_reads_every_district() {
    // The example whole: `ı ş İ` outnumber `ə` outside the names, and the paragraph
    // was read as Turkish, where Şuşa is the word "susa" and was dropped.
    let found = places(
        "Azərbaycan Ordusu Şuşa şəhərini azad etdi. Xankəndidə və Ağdamda. Prezident İlham \
         Əliyev Bakıda çıxış etdi. Şuşaya, Şuşanın.",
    );
    has(&found, "Şuşa", "Shusha", "Şuşa");
    has(&found, "Şuşaya", "Shusha", "Şuşa");
    has(&found, "Şuşanın", "Shusha", "Şuşa");
    has(&found, "Bakıda", "Baku", "Bakı");
    // Small towns with a suffix and no apostrophe count when the name is written in the
    // language: Zangilan's "Zəngilan" (tagged az) folds like its untagged variant "Zengilan".
    let found = places(
        "Zəngilanın kəndlərində minalar təmizlənir, Qubadlıya yol çəkilir, Laçında isə hava \
         limanı tikilir. Xocalıya və Xocavəndə gedən yol bağlanıb, Kəlbəcərin dağlarında qar \
         yağıb.",
    );
    has(&found, "Zəngilanın", "Zangilan", "Zəngilan");
    has(&found, "Qubadlıya", "Qubadlı", "Qubadlı");
    has(&found, "Xocalıya", "Khojaly", "Xocalı");
    has(&found, "Xocavəndə", "Khojavend", "Xocavənd");
    has(&found, "Kəlbəcərin", "Kalbajar", "Kəlbəcər");
}

#[test]
fn a_turkish_name_and_a_word_of_its_kind_are_a_place() {
    // No gazetteer has the Porsuk or Beykoz's old district, but the kind word says what they
    // are: unlinked places, counted under the compound's dictionary form.
    let found = places(
        "Şehir, Porsuk Çayı'nın kıyısında kuruldu; köy eskiden Beykoz Kazası'na bağlıydı ve \
         Osmanlı Devleti döneminde gelişti.",
    );
    has(&found, "Porsuk Çayı'nın", "Porsuk Çayı", "Porsuk Çayı");
    has(&found, "Beykoz Kazası'na", "Beykoz Kazası", "Beykoz Kazası");
    has(
        &found,
        "Osmanlı Devleti",
        "Osmanlı Devleti",
        "Osmanlı Devleti",
    );
    assert!(
        found
            .iter()
            .filter(|(s, ..)| s.starts_with("Porsuk"))
            .all(|(.., m)| *m == Method::Unlinked),
        "{found:?}"
    );
    // English text is read as before.
    let found = places("Fishermen on the Porsuk Cayi said the Beykoz Kazasi records were lost.");
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn a_citys_name_in_the_language_beats_a_smaller_place_of_that_spelling() {
    // CLDR's Turkish name of Jerusalem folds onto the own name of Kudus, a town in Java.
    let found = places("Heyet dün Kudüs'e gitti ve Kudüs'ün eski şehrini gezdi.");
    has(&found, "Kudüs'e", "Jerusalem", "Kudüs");
    has(&found, "Kudüs'ün", "Jerusalem", "Kudüs");
    // In English text the name is the town's, as before.
    let found = places("Floods hit Kudus, a town in Central Java, on Monday.");
    has(&found, "Kudus", "Kudus", "Kudus");
}

#[test]
fn endings_apply_only_in_their_own_language() {
    // English: "Moscowe" is no English form, and a name ends on a word boundary, as before.
    let found = places("Officials in Moscowe and Armenian troops near Stepanakertum said nothing.");
    assert!(
        found
            .iter()
            .all(|(s, ..)| s != "Moscowe" && s != "Stepanakertum"),
        "{found:?}"
    );
    // English text that quotes Azerbaijani names is still English: Şuşaya is not taken apart.
    let found =
        places("The city of Şuşa, which Azerbaijanis call Şuşa and Armenians Shushi, fell.");
    assert!(
        found.iter().all(|(.., m)| *m != Method::Inflected),
        "{found:?}"
    );
}

#[test]
fn lower_case_words_and_non_endings_are_not_names() {
    // "того" is a word ("of that"), spelled as Того (Togo): only a capitalised form is a name.
    // "москвичи" (Muscovites) is not Москва with an ending.
    let found =
        places("После того москвичи вышли на улицы. Шушинские ковры и Ереванский университет.");
    assert!(found.is_empty(), "{found:?}");
    // A Turkish word is easily a village's name and a suffix ("Kitabın": Kitab, Uzbekistan, +
    // ın): without an apostrophe, a suffix counts only after a name of the language or a place
    // a reader knows by name.
    let found =
        places("Kitabın kapağı yırtılmıştı. Dizinin yıldızı parladı. Malatyada ve Bakıda yağmur.");
    assert!(
        found.iter().all(|(s, ..)| s != "Kitabın" && s != "Dizinin"),
        "{found:?}"
    );
    has(&found, "Malatyada", "Malatya", "Malatya");
    has(&found, "Bakıda", "Baku", "Bakı");
    // Turkish -lı and -ca derive other words: Ankaralı is a person from Ankara, Rusça a language.
    let found = places("Ankaralı bir öğretmen Rusça ve Almanca dersleri veriyor, dedi yetkililer.");
    assert!(
        found.iter().all(|(s, ..)| s != "Ankaralı" && s != "Rusça"),
        "{found:?}"
    );
}

#[test]
fn a_place_name_before_a_surname_is_a_given_name() {
    // Ararat, Narek and Vladimir are places and given names; before a surname (inflected or
    // not) they are people. The republic (Հանրապետության ends like a surname) stays a place.
    let text = "Նախարար Արարատ Միրզոյանը հանդիպեց Նարեկ Սահակյանի հետ Հայաստանի Հանրապետության \
                մայրաքաղաքում։ Владимир Путин встретился с Мирзояном.";
    let mentions = scanner().scan("t", text);
    let kind_of = |surface: &str| {
        mentions
            .iter()
            .find(|m| m.surface.starts_with(surface))
            .map(|m| m.kind)
            .unwrap_or_else(|| panic!("{surface} not found"))
    };
    assert_eq!(kind_of("Արարատ"), EntityKind::Person);
    assert_eq!(kind_of("Նարեկ"), EntityKind::Person);
    assert_eq!(kind_of("Владимир"), EntityKind::Person);
    assert_eq!(kind_of("Հայաստանի"), EntityKind::Place);
}

#[test]
fn a_capitalised_word_the_document_writes_in_lower_case_is_that_word() {
    // Turkish "Bir" ("one") is also a village; at a sentence start it is the word the same text
    // writes in lower case. Month names are never places (5 Aralık; Aralık is also a town).
    // A real name at a sentence start stays (Ankara is nowhere in lower case).
    let text = "Bir gün köyden bir haber geldi. Ankara bu konuda bir açıklama yapmadı. \
                Toplantı 5 Aralık 2010 tarihinde yapıldı.";
    let found = places(text);
    assert!(
        found.iter().all(|(s, ..)| s != "Bir" && s != "Aralık"),
        "{found:?}"
    );
    has(&found, "Ankara", "Ankara", "Ankara");
}

/// The three sample articles in the region's languages (`data/articles-region/`, written for
/// the project) through the main job: every place a reader marks, counted by the name each
/// writer chose, whatever its case.
#[test]
fn the_regions_articles_map_with_counts_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    super::mentionmap(dir.path())
        .arg("map")
        .arg(super::root().join("data/articles-region"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let places = std::fs::read_to_string(out.join("places.csv")).unwrap();
    let mut rows = csv::Reader::from_reader(places.as_bytes());
    let spellings: std::collections::HashMap<String, (u64, String)> = rows
        .deserialize::<std::collections::HashMap<String, String>>()
        .map(|r| {
            let r = r.unwrap();
            (
                r["name"].clone(),
                (r["mentions"].parse().unwrap(), r["spellings"].clone()),
            )
        })
        .collect();
    let expect = [
        ("Shusha", 8, "Şuşa (3); Шуша (3); Շուշի (2)"),
        (
            "Stepanakert",
            4,
            "Ստեփանակերտ (2); Xankəndi (1); Степанакерт (1)",
        ),
        ("Baku", 4, "Bakı (2); Баку (1); Բաքու (1)"),
        (
            "Nagorno-Karabakh",
            4,
            "Нагорный Карабах (2); Qarabağ (1); Արցախ (1)",
        ),
        ("United States", 3, "ABŞ (1); США (1); ԱՄՆ (1)"),
        ("Armenia", 5, "Армения (3); Հայաստան (2)"),
        ("Gyumri", 1, "Գյումրի (1)"),
        ("Ganja", 1, "Gəncə (1)"),
    ];
    for (name, mentions, written) in expect {
        let (m, s) = spellings
            .get(name)
            .unwrap_or_else(|| panic!("{name} not in places.csv:\n{places}"));
        assert_eq!((*m, s.as_str()), (mentions, written), "{name}");
    }
}

#[test]
fn a_word_of_the_paragraphs_language_is_not_a_minor_place() {
    // Valisi ("its governor") reads as The Valley's alternate name Valis with an ending,
    // Sarayın ("of the palace") as Saray, an Istanbul district's alternate name, Güney ("south")
    // as a province's Turkish name: the dictionary's words with their endings. Sicilya splits
    // into a word and an ending too ("sicil|ya") but is a name whole; Ordu is a word ("army")
    // and a city's own name; Kanada'da has a name's apostrophe.
    let text = "İstanbul Valisi açıklama yaptı. Sarayın kapısı açıldı. Güney rüzgârı esti. \
                Sicilya ve Kanada'da tatil yaptı; Ordu merkezinde toplandılar.";
    let found = places(text);
    for word in ["Valisi", "Sarayın", "Güney"] {
        assert!(
            found.iter().all(|(s, ..)| s != word),
            "{word} is a word here: {found:?}"
        );
    }
    has(&found, "Sicilya", "Sicily", "Sicilya");
    has(&found, "Kanada'da", "Canada", "Kanada");
    assert!(found.iter().any(|(s, ..)| s == "Ordu"), "{found:?}");
    // The same alternate names in English text are untouched by the Turkish dictionary.
    let english = places("The Valley is the capital of Anguilla.");
    has(&english, "The Valley", "The Valley", "The Valley");
}

#[test]
fn a_name_that_is_an_english_word_counts_in_its_own_languages_text_only() {
    // "Roma" (Rome in Turkish and Azerbaijani) is also a given name and the Romani people in
    // English, "Bağdat" and "Şam" fold to English words: the importer keeps them for Turkish
    // and Azerbaijani paragraphs (lang tr-x-only).
    let turkish = places("Papa Roma'da konuştu. Heyet Bağdat ve Şam üzerinden Roma'ya döndü.");
    has(&turkish, "Roma'da", "Rome", "Roma");
    has(&turkish, "Bağdat", "Baghdad", "Bağdat");
    has(&turkish, "Şam", "Damascus", "Şam");
    let english = places("Roma families were evicted, Sam said.");
    assert!(
        english
            .iter()
            .all(|(_, n, ..)| n != "Rome" && n != "Damascus"),
        "{english:?}"
    );
}

#[test]
fn turkeys_towns_and_villages_count_in_turkish_text_only() {
    // Places of Turkey under 15,000 people are named under their own names in Turkish and
    // Azerbaijani paragraphs only (Kuyucak and Buharkent in Aydın; Gökçeada, an island
    // district); in English text "Bunyan" is a surname (Bünyan, Kayseri). A village named by a
    // Turkish word is the word: "Toplu" ("collective", "mass") and "Başak" ("ear of wheat").
    let turkish = places(
        "Kuyucak ile Buharkent arasındaki yol onarıldı; Gökçeada'ya feribot seferleri başladı. \
         Toplu taşıma ücretsiz oldu. Başak tarlaları sarardı.",
    );
    for (surface, name) in [
        ("Kuyucak", "Kuyucak"),
        ("Buharkent", "Buharkent"),
        ("Gökçeada'ya", "Gökçeada"),
    ] {
        assert!(
            turkish.iter().any(|(s, n, ..)| s == surface && n == name),
            "{surface}: {turkish:?}"
        );
    }
    for word in ["Toplu", "Başak"] {
        assert!(
            turkish.iter().all(|(s, ..)| s != word),
            "{word} is a word here: {turkish:?}"
        );
    }
    let english = places("John Bunyan wrote in Bedford; Kuyucak was never mentioned.");
    assert!(
        english.iter().all(|(_, n, ..)| n != "Bünyan"),
        "{english:?}"
    );
}

#[test]
fn turkish_names_learned_from_annotated_text() {
    // Learned from the train split of Turkish-Wiki-NER (data/languages/tr/learned-places.csv):
    // Saksonya is Saxony, Karelya Karelia, Konstantinopolis Istanbul.
    // (A paragraph must read as Turkish: these names count in Turkish and Azerbaijani only.)
    let turkish = places(
        "Kış başında ordu Saksonya'dan Karelya'ya kadar ilerledi; elçi ise \
         Konstantinopolis'e dönüş yolunda kışı geçirdi.",
    );
    has(&turkish, "Saksonya'dan", "Saxony", "Saksonya");
    has(&turkish, "Karelya'ya", "Karelia", "Karelya");
    has(
        &turkish,
        "Konstantinopolis'e",
        "Istanbul",
        "Konstantinopolis",
    );
}
