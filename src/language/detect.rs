//! Which language a text is written in, paragraph by paragraph, from its letters.
//!
//! Only the languages whose endings the matcher knows are told apart; anything else (English
//! among them) is "no language", and names there match whole words only, exactly as before.
//! The script says most of it: Armenian letters are Armenian, Cyrillic is Russian (unless the
//! letters only Ukrainian and Belarusian have are frequent). Latin text is Azerbaijani when `ə`
//! is frequent (about one letter in fifteen of Azerbaijani text; it is in no Turkish word), and
//! Turkish when `ı`, `ğ`, `ş` or `İ` are; English text that quotes "Şuşa" or "Xankəndi" has
//! far too few of them to pass.

use unicode_normalization::char::is_combining_mark;

use super::Lang;
use crate::normalize::is_word_char;

/// A paragraph with fewer letters than this (a headline, a dateline) takes the language of the
/// whole document rather than a guess from a few words.
const MIN_PARAGRAPH_LETTERS: usize = 24;

/// `ə` per Latin letter above which Latin text is Azerbaijani. Azerbaijani prose has ~7%
/// (a count over the project's test sentences and the examples gives 5-9%); an
/// English sentence quoting one name with `ə` in it ("Xankəndi") has 1-2%.
const AZ_SCHWA_SHARE: f64 = 0.03;

/// `ı ğ ş İ ç ö ü` per Latin letter, outside capitalised words, above which Latin text (without
/// `ə`, and with one of `ı ğ ş İ` at least, which French and German lack) is Turkish: together
/// about 10% of Turkish letters (`ı` alone ~5%); English has none outside names.
const TR_LETTER_SHARE: f64 = 0.035;

/// Ukrainian and Belarusian letters (`і ї є ґ ў`) per Cyrillic letter above which Cyrillic
/// text is not Russian: Russian has none, Ukrainian ~6%.
const NOT_RUSSIAN_SHARE: f64 = 0.01;

/// Letter counts of one stretch of text, by script.
#[derive(Debug, Default, Clone, Copy)]
struct Letters {
    latin: usize,
    cyrillic: usize,
    armenian: usize,
    schwa: usize,
    /// `ı ğ ş İ`: Turkish and Azerbaijani letters no other Latin alphabet here has.
    turkish: usize,
    /// `ç ö ü`: frequent in Turkish, shared with French and German.
    turkish_shared: usize,
    not_russian: usize,
}

impl Letters {
    /// Counts one letter; `in_name` when its word starts with a capital. The letters that tell
    /// Azerbaijani and Turkish are counted only outside such words: English text quoting
    /// "Erdoğan", "Kılıçdaroğlu" and "Şanlıurfa" is full of them, in names only.
    fn add(&mut self, c: char, in_name: bool) {
        match c {
            'a'..='z' | 'A'..='Z' => self.latin += 1,
            'ə' | 'Ə' => {
                self.latin += 1;
                self.schwa += usize::from(!in_name);
            }
            'ı' | 'ğ' | 'Ğ' | 'ş' | 'Ş' | 'İ' => {
                self.latin += 1;
                self.turkish += usize::from(!in_name);
            }
            'ç' | 'Ç' | 'ö' | 'Ö' | 'ü' | 'Ü' => {
                self.latin += 1;
                self.turkish_shared += usize::from(!in_name);
            }
            '\u{0400}'..='\u{04FF}' => {
                self.cyrillic += 1;
                if matches!(c, 'і' | 'І' | 'ї' | 'Ї' | 'є' | 'Є' | 'ґ' | 'Ґ' | 'ў' | 'Ў')
                {
                    self.not_russian += 1;
                }
            }
            '\u{0531}'..='\u{0587}' => self.armenian += 1,
            c if c.is_alphabetic() && c.is_ascii() => self.latin += 1,
            c if c.is_alphabetic() && (c as u32) < 0x0250 => self.latin += 1,
            _ => {}
        }
    }

    fn total(&self) -> usize {
        self.latin + self.cyrillic + self.armenian
    }

    /// The script most of the letters are in: 0 Latin, 1 Cyrillic, 2 Armenian.
    fn script(&self) -> u8 {
        if self.armenian > self.cyrillic && self.armenian > self.latin {
            2
        } else if self.cyrillic > self.latin {
            1
        } else {
            0
        }
    }

    fn language(&self) -> Option<Lang> {
        let share = |n: usize, of: usize| n as f64 / of.max(1) as f64;
        if self.armenian > self.cyrillic && self.armenian > self.latin {
            Some(Lang::Hy)
        } else if self.cyrillic > self.latin {
            (share(self.not_russian, self.cyrillic) < NOT_RUSSIAN_SHARE).then_some(Lang::Ru)
        } else if self.schwa >= 2 && share(self.schwa, self.latin) > AZ_SCHWA_SHARE {
            Some(Lang::Az)
        } else if self.turkish >= 1
            && share(self.turkish + self.turkish_shared, self.latin) > TR_LETTER_SHARE
        {
            // Azerbaijani writes `ı ğ ş İ` too, and a paragraph of capitalised names with
            // endings has few `ə` outside them ("Azərbaycan Ordusu Şuşa şəhərini azad etdi.
            // Xankəndidə və Ağdamda. Prezident İlham Əliyev Bakıda çıxış etdi."); no Turkish
            // word has one.
            Some(if self.schwa >= 2 { Lang::Az } else { Lang::Tr })
        } else {
            None
        }
    }
}

/// Does `text` hold a letter that only these languages' texts have much of (Cyrillic, Armenian,
/// `ə ı ğ ş İ`)? Without one, every paragraph is in none of them. ASCII is passed over in runs,
/// and only the other characters are decoded.
fn has_any_language_letter(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(k) = bytes[at..].iter().position(|b| !b.is_ascii()) {
        at += k;
        let c = text[at..]
            .chars()
            .next()
            .expect("a char starts at a non-ASCII byte after ASCII");
        if matches!(c, '\u{0400}'..='\u{04FF}' | '\u{0531}'..='\u{0587}' | 'ə' | 'Ə' | 'ı' | 'ğ' | 'Ğ' | 'ş' | 'Ş' | 'İ')
        {
            return true;
        }
        at += c.len_utf8();
    }
    false
}

/// The languages of one document's paragraphs: where each starts (a byte of the original
/// text) and its language, in text order. Reused across documents, like the scan's other
/// buffers.
#[derive(Debug, Default, Clone)]
pub struct LanguageSpans {
    /// (start byte, language), sorted by start; the first starts at 0.
    spans: Vec<(usize, Option<Lang>)>,
}

impl LanguageSpans {
    /// An empty value; [`LanguageSpans::detect`] fills it.
    pub fn new() -> Self {
        Self::default()
    }

    /// Every paragraph of `text` in one language: for tests and callers that know it.
    pub fn whole(lang: Option<Lang>) -> Self {
        LanguageSpans {
            spans: vec![(0, lang)],
        }
    }

    /// Reads the languages of `text`'s paragraphs (lines). One pass over the text; text in
    /// plain ASCII (most English news) is passed over a byte at a time without decoding.
    pub fn detect(&mut self, text: &str) {
        self.spans.clear();
        if !has_any_language_letter(text) {
            // Most English news: no letter any of these languages needs, so no count to make.
            self.spans.push((0, None));
            return;
        }
        let mut whole = Letters::default();
        // (start, letters) of each paragraph.
        let mut paragraphs: Vec<(usize, Letters)> = Vec::new();
        let mut current = Letters::default();
        let mut start = 0;
        let bytes = text.as_bytes();
        let mut at = 0;
        // Inside a word, and whether that word starts with a capital.
        let (mut in_word, mut in_name) = (false, false);
        while at < bytes.len() {
            let b = bytes[at];
            if b.is_ascii() {
                if b == b'\n' {
                    paragraphs.push((start, current));
                    current = Letters::default();
                    start = at + 1;
                }
                if b.is_ascii_alphabetic() {
                    current.latin += 1;
                    if !in_word {
                        in_name = b.is_ascii_uppercase();
                    }
                    in_word = true;
                } else {
                    in_word = b.is_ascii_digit() && in_word;
                }
                at += 1;
                continue;
            }
            let c = text[at..].chars().next().expect("at is a char boundary");
            if is_word_char(c) {
                if !in_word {
                    in_name = c.is_uppercase();
                }
                in_word = true;
            } else if !is_combining_mark(c) {
                in_word = false;
            }
            current.add(c, in_name && in_word);
            at += c.len_utf8();
        }
        paragraphs.push((start, current));
        for (_, letters) in &paragraphs {
            whole.latin += letters.latin;
            whole.cyrillic += letters.cyrillic;
            whole.armenian += letters.armenian;
            whole.schwa += letters.schwa;
            whole.turkish += letters.turkish;
            whole.turkish_shared += letters.turkish_shared;
            whole.not_russian += letters.not_russian;
        }
        let document = whole.language();
        for (start, letters) in paragraphs {
            // A paragraph too short to judge, or one in the document's script that shows no
            // language of its own (a Turkish sentence without ı, ğ or ş), is in the
            // document's language; one in another script (an English quotation in a Russian
            // article) is not.
            let own = letters.language();
            let judged = letters.total() >= MIN_PARAGRAPH_LETTERS;
            let lang = if judged && (own.is_some() || letters.script() != whole.script()) {
                own
            } else {
                document
            };
            if self.spans.last().is_none_or(|&(_, last)| last != lang) {
                self.spans.push((start, lang));
            }
        }
    }

    /// The language at byte `at` of the text, looked up from `hint` (an index into the spans
    /// that only grows as a scan moves forward, so a document's look-ups cost one pass in all).
    pub fn at(&self, at: usize, hint: &mut usize) -> Option<Lang> {
        if self.spans.is_empty() {
            return None;
        }
        if *hint >= self.spans.len() || self.spans[*hint].0 > at {
            *hint = 0;
        }
        while *hint + 1 < self.spans.len() && self.spans[*hint + 1].0 <= at {
            *hint += 1;
        }
        self.spans[*hint].1
    }

    /// The language at byte `at` of the text, by binary search (for passes that do not move
    /// forward through the text).
    pub fn lookup(&self, at: usize) -> Option<Lang> {
        let k = self.spans.partition_point(|&(start, _)| start <= at);
        k.checked_sub(1).and_then(|k| self.spans[k].1)
    }

    /// Is any paragraph in a language with endings? When not, the matcher runs as for English.
    pub fn any(&self) -> bool {
        self.spans.iter().any(|(_, lang)| lang.is_some())
    }

    /// The language most of the document is written in (that of its longest stretch).
    pub fn main(&self, text_len: usize) -> Option<Lang> {
        let mut best: (usize, Option<Lang>) = (0, None);
        for (i, &(start, lang)) in self.spans.iter().enumerate() {
            let end = self.spans.get(i + 1).map_or(text_len, |s| s.0);
            if end - start > best.0 {
                best = (end - start, lang);
            }
        }
        best.1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(text: &str) -> Option<Lang> {
        let mut spans = LanguageSpans::new();
        spans.detect(text);
        spans.main(text.len())
    }

    #[test]
    fn each_language_by_its_letters() {
        let table = [
            (
                "Азербайджанские войска вошли в Шушу. В Шуше и Степанакерте слышны взрывы.",
                Some(Lang::Ru),
            ),
            (
                "Ադրբեջանական զորքերը մտան Շուշի։ Ստեփանակերտում պայթյուններ են։",
                Some(Lang::Hy),
            ),
            (
                "Azərbaycan Ordusu Şuşa şəhərini azad etdi. Xankəndidə və Ağdamda.",
                Some(Lang::Az),
            ),
            // The example: `ı ş İ` outnumber `ə` outside the names, which Turkish
            // never writes (Şuşa was read as Turkish "susa", "if it's silent", and dropped).
            (
                "Azərbaycan Ordusu Şuşa şəhərini azad etdi. Xankəndidə və Ağdamda. Prezident \
                 İlham Əliyev Bakıda çıxış etdi. Şuşaya, Şuşanın.",
                Some(Lang::Az),
            ),
            (
                "Türkiye'nin başkenti Ankara'dır; İstanbul ise en büyük şehridir.",
                Some(Lang::Tr),
            ),
            (
                "Shelling hit Şuşa and Xankəndi overnight, officials in Baku and Yerevan said.",
                None,
            ),
            (
                "President Erdoğan met Kılıçdaroğlu in Şanlıurfa and Diyarbakır; Israeli and \
                 Pakistani officials flew in.",
                None,
            ),
            (
                "Збройні сили України звільнили Херсон і ще кілька сіл на півдні.",
                None,
            ),
        ];
        for (text, expected) in table {
            assert_eq!(detect(text), expected, "{text}");
        }
    }

    #[test]
    fn paragraphs_keep_their_own_language() {
        let text = "Officials in Baku and Yerevan traded accusations on Tuesday evening.\n\
                    В Шуше и Степанакерте слышны взрывы, сообщают местные жители.\nBaku\n";
        let mut spans = LanguageSpans::new();
        spans.detect(text);
        let mut hint = 0;
        assert_eq!(spans.at(0, &mut hint), None);
        let ru = text.find('В').unwrap();
        assert_eq!(spans.at(ru + 2, &mut hint), Some(Lang::Ru), "{spans:?}");
        // The short last line is too short to judge: it takes the document's language, which
        // has more Latin letters than Cyrillic ones.
        let last = text.rfind("Baku").unwrap();
        assert_eq!(spans.at(last, &mut hint), None);
        let russian_after = format!("{text}{}", "Москва и Ереван. ".repeat(8));
        spans.detect(&russian_after);
        assert_eq!(spans.at(last, &mut hint), Some(Lang::Ru), "{spans:?}");
        // Looked up backwards, the hint starts over.
        assert_eq!(spans.at(0, &mut hint), None);
    }
}
