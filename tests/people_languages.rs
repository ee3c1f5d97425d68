//! People in Russian, Armenian, Azerbaijani and Turkish news: declined names, titles in the
//! language, given names, patronymics, initials, lone surnames and coreference across cases.
//!
//! The sentences are written for these tests. Each checks who a reader marks as a person, the
//! name it counts under (its dictionary form), and the traps: a surname that is also a place, a
//! title followed by a place, a feminine and a masculine surname of one stem, a word at a
//! sentence start shaped like a surname.

use mentionmap::gazetteer::EntityKind;
use mentionmap::{Gazetteer, Method, Scanner};

fn scanner() -> &'static Scanner {
    static SCANNER: std::sync::OnceLock<Scanner> = std::sync::OnceLock::new();
    SCANNER.get_or_init(|| {
        Scanner::new(Gazetteer::embedded().expect("embedded gazetteer")).expect("scanner")
    })
}

/// A person mention: (surface, name counted, spelling counted, method).
type Person = (String, String, String, Method);

/// The people of `text`, each with the spelling the counts give it (the alias of an inflected
/// or unlinked mention that has one, else the surface).
fn people(text: &str) -> Vec<Person> {
    scanner()
        .scan("t", text)
        .into_iter()
        .filter(|m| m.kind == EntityKind::Person)
        .map(|m| {
            assert_eq!(
                &text[m.start_byte..m.end_byte],
                m.surface,
                "span slices the text"
            );
            let spelling = match (&m.alias, m.method, &m.entity_id) {
                (Some(a), Method::Inflected, _) => a.to_string(),
                (Some(a), Method::Unlinked | Method::Coref, None) => a.to_string(),
                _ => m.surface.to_string(),
            };
            (
                m.surface.to_string(),
                m.name.to_string(),
                spelling,
                m.method,
            )
        })
        .collect()
}

/// The surfaces of the place mentions of `text`.
fn places(text: &str) -> Vec<String> {
    scanner()
        .scan("t", text)
        .into_iter()
        .filter(|m| m.kind == EntityKind::Place)
        .map(|m| m.surface.to_string())
        .collect()
}

#[track_caller]
fn has(found: &[Person], surface: &str, name: &str, spelling: &str) {
    assert!(
        found
            .iter()
            .any(|(s, n, sp, _)| s == surface && n == name && sp == spelling),
        "{surface} -> {name} ({spelling}) not among {found:?}"
    );
}

#[track_caller]
fn lacks(found: &[Person], surface: &str) {
    assert!(
        found.iter().all(|(s, ..)| !s.contains(surface)),
        "{surface} should be no person: {found:?}"
    );
}

#[test]
fn russian_titles_given_names_and_surnames_in_their_cases() {
    let text = "Министр Лавров встретился с Мирзояном в Москве. Глава МИД России Сергей Лавров \
                заявил, что переговоры продолжатся. Позже Лаврову ответили в Ереване. \
                Сергей Викторович Лавров и С. Лавров. Вчера Пашинян заявил, что встреча с \
                Алиевым состоится.";
    let found = people(text);
    // A title before a surname; a lone surname of the language's shape, counted as its
    // dictionary form.
    has(&found, "Лавров", "Лавров", "Лавров");
    has(&found, "Мирзояном", "Мирзоян", "Мирзоян");
    // A title, its complement (an abbreviation, a place in a case form), then the name: the
    // gazetteer's Sergey Lavrov.
    has(&found, "Сергей Лавров", "Sergey Lavrov", "Сергей Лавров");
    // A later case form of his surname is him, counted under the dictionary form.
    has(&found, "Лаврову", "Sergey Lavrov", "Лавров");
    // A patronymic and initials.
    has(
        &found,
        "Сергей Викторович Лавров",
        "Сергей Викторович Лавров",
        "Сергей Викторович Лавров",
    );
    assert!(
        found.iter().any(|(s, ..)| s.starts_with("С.") || s == "С"),
        "{found:?}"
    );
    // An adverb at a sentence start is not a given name.
    has(&found, "Пашинян", "Пашинян", "Пашинян");
    has(&found, "Алиевым", "Алиев", "Алиев");
    lacks(&found, "Позже");
    lacks(&found, "Вчера");
    // The places stay places.
    let places = places(text);
    for place in ["Москве", "России", "Ереване"] {
        assert!(places.iter().any(|p| p == place), "{place}: {places:?}");
    }
}

#[test]
fn russian_feminine_and_masculine_surnames_are_different_people() {
    let text = "Официальный представитель МИД Мария Захарова заявила о встрече. Захаровой \
                ответил депутат Олег Захаров. Захаров сказал, что Захаровым недоволен.";
    let found = people(text);
    has(&found, "Мария Захарова", "Мария Захарова", "Мария Захарова");
    has(&found, "Олег Захаров", "Олег Захаров", "Олег Захаров");
    // -ой is only the feminine's; -ым only the masculine's.
    has(&found, "Захаровой", "Мария Захарова", "Захарова");
    has(&found, "Захаровым", "Олег Захаров", "Захаров");
    has(&found, "Захаров", "Олег Захаров", "Захаров");
}

#[test]
fn russian_surnames_that_are_places_and_titles_before_places() {
    let text = "Лучший арбитр России — Валентин Иванов. Президент США Барак Обама прилетел в \
                Берлин. Обама заявил, что Обаму ждут. Президент России прилетел в Баку. \
                Однако никто не пришёл.";
    let found = people(text);
    // Иванов is also Ivanovo, Обама a town in Japan: after a given name they are surnames,
    // and a later Обама is the person, never the place.
    has(
        &found,
        "Валентин Иванов",
        "Валентин Иванов",
        "Валентин Иванов",
    );
    has(&found, "Барак Обама", "Барак Обама", "Барак Обама");
    has(&found, "Обама", "Барак Обама", "Обама");
    has(&found, "Обаму", "Барак Обама", "Обама");
    // A title followed by a place names no one; a sentence-start word ending like a surname
    // (-ко) is not one.
    lacks(&found, "России");
    lacks(&found, "Однако");
    let places = places(text);
    assert!(
        places.iter().all(|p| p != "Обама" && p != "Иванов"),
        "{places:?}"
    );
    assert!(places.iter().any(|p| p == "России"), "{places:?}");
}

#[test]
fn armenian_articles_and_case_endings_on_names() {
    let text = "ՀՀ վարչապետ Նիկոլ Փաշինյանը հանդիպեց Ռուսաստանի նախագահ Վլադիմիր Պուտինին։ \
                Փաշինյանի խոսքով՝ Նիկոլը համաձայն է։ Արցախյան պատերազմից հետո արցախյան հարցը \
                մնում է։ Երեկ Մնացականյանը հայտարարեց։ Հ. Թ.-ն ձերբակալվել է։ Ռուսաստանի \
                նախագահը Մոսկվայում է։";
    let found = people(text);
    // The gazetteer's Nikol Pashinyan, then his surname and his given name in case forms.
    has(
        &found,
        "Նիկոլ Փաշինյանը",
        "Nikol Pashinyan",
        "Նիկոլ Փաշինյան",
    );
    has(&found, "Փաշինյանի", "Nikol Pashinyan", "Փաշինյան");
    has(&found, "Նիկոլը", "Nikol Pashinyan", "Նիկոլ");
    // A title after a place in a case form, then a given name and a declined surname.
    has(
        &found,
        "Վլադիմիր Պուտինին",
        "Վլադիմիր Պուտին",
        "Վլադիմիր Պուտին",
    );
    // A lone surname in -յան; initials.
    has(&found, "Մնացականյանը", "Մնացականյան", "Մնացականյան");
    assert!(
        found.iter().any(|(s, ..)| s.starts_with("Հ. Թ")),
        "{found:?}"
    );
    // An adjective in -յան that the text also writes in lower case is no one; a title
    // followed by a place names no one.
    lacks(&found, "Արցախյան");
    lacks(&found, "Մոսկվայում");
    assert!(places(text).iter().any(|p| p == "Մոսկվայում"));
}

#[test]
fn azerbaijani_and_turkish_suffixes_on_names() {
    let text = "Prezident İlham Əliyev Bakıda çıxış etdi. Əliyevin sözlərinə görə, hər şey \
                yaxşıdır.\n\nCumhurbaşkanı Recep Tayyip Erdoğan Ankara'da konuştu. \
                Erdoğan'ın açıklamasına göre toplantı sürüyor.";
    let found = people(text);
    has(&found, "İlham Əliyev", "Ilham Aliyev", "İlham Əliyev");
    has(&found, "Əliyevin", "Ilham Aliyev", "Əliyev");
    has(&found, "Erdoğan'ın", "Recep Tayyip Erdoğan", "Erdoğan");
}

#[test]
fn english_text_is_read_as_before() {
    // The languages' lists apply only in their paragraphs: an English sentence with the same
    // people keeps its English reading.
    let found = people("Foreign Minister Sergei Lavrov met Ararat Mirzoyan. Lavrov said so.");
    has(&found, "Sergei Lavrov", "Sergey Lavrov", "Sergei Lavrov");
    has(&found, "Lavrov", "Sergey Lavrov", "Lavrov");
}

#[test]
fn turkish_names_alone_by_learned_counts_and_words_that_are_no_names() {
    // Names standing alone that the Turkish counts know as people's, one with its ending after
    // the apostrophe (counted whole: Vivaldi, not "Vivald" with an ending); surnames of the
    // shapes Turkish text gives them; a given name before an unknown surname.
    let text = "Vivaldi'nin konçertoları Venedik'te çalındı. Einstein bu kuramı 1905 yılında \
                yayımladı. Toplantıya Papazov da katıldı ve Hatipoğlu ile görüştü. Şarkıcı \
                Ebru Gündeş konser verdi. Kalayoğlu'nun makaleleri yayımlandı. Eski ismi \
                Karakol, Stalin tarafından 1935 yılında verildi.";
    let found = people(text);
    // A surname shape opening a sentence; a name the counts know over a town once named so.
    has(&found, "Kalayoğlu", "Kalayoğlu", "Kalayoğlu");
    has(&found, "Stalin", "Stalin", "Stalin");
    assert!(places(text).iter().any(|p| p == "Karakol"));
    has(&found, "Vivaldi", "Vivaldi", "Vivaldi");
    has(&found, "Einstein", "Einstein", "Einstein");
    has(&found, "Papazov", "Papazov", "Papazov");
    has(&found, "Hatipoğlu", "Hatipoğlu", "Hatipoğlu");
    has(&found, "Ebru Gündeş", "Ebru Gündeş", "Ebru Gündeş");
    assert!(places(text).iter().any(|p| p == "Venedik'te"));
    // Traps: given names that are mostly words in Turkish ("world", "south"), and a given name
    // (Alp) that opens a place's name (the Alps).
    // A given name before a word that makes it a place's (Asi Irmağı, the Orontes).
    let text = "İkinci Dünya Savaşı'ndan sonra Güney Kore'ye gitti. Bölge adını Alp \
                Dağları'ndan alır. Köprü, Asi Irmağı kenarındadır.";
    let found = people(text);
    lacks(&found, "Dünya");
    lacks(&found, "Güney");
    lacks(&found, "Alp");
    lacks(&found, "Asi");
    let found = places(text);
    assert!(found.iter().any(|p| p == "Güney Kore'ye"), "{found:?}");
    assert!(found.iter().any(|p| p == "Alp Dağları'ndan"), "{found:?}");
}
