//! A reader of GNU gettext `.mo` catalogues: Debian iso-codes ships its translations of the ISO
//! 3166 names this way (`locale/ru/iso_3166-2.mo`: English msgid → Russian msgstr).
//!
//! The format (GNU gettext manual, "The Format of GNU MO Files") is a header of 32-bit words,
//! written in the byte order of the machine that made the file (the magic number says which):
//! magic `0x950412de`, revision, the number of strings N, the offset of the table of original
//! strings and the offset of the table of translations; each table holds N (length, offset)
//! pairs. Only what reading needs is read: the hash table is for lookups, and we read everything.

use super::*;

/// The magic number of a `.mo` file, read in the file's own byte order.
const MO_MAGIC: u32 = 0x9504_12de;

/// Reads a `.mo` catalogue: (msgid, msgstr) pairs in the file's order, without the header entry
/// (empty msgid) and without untranslated entries (empty msgstr). A plural entry gives its
/// singular forms; a context (`msgctxt`) is dropped from the msgid.
///
/// # Errors
/// An unreadable file, or one that is not a `.mo` catalogue (with the file and what is wrong).
pub(super) fn read_mo(path: &Path) -> Result<Vec<(String, String)>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    parse_mo(&bytes).map_err(|message| {
        Error::io(
            path,
            std::io::Error::new(std::io::ErrorKind::InvalidData, message),
        )
    })
}

/// Parses the bytes of a `.mo` catalogue (see [`read_mo`]); the error says what is wrong.
pub(super) fn parse_mo(bytes: &[u8]) -> std::result::Result<Vec<(String, String)>, String> {
    let word_at = |offset: usize, big_endian: bool| -> std::result::Result<u32, String> {
        let word: [u8; 4] = bytes
            .get(offset..offset + 4)
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| format!("the file ends at byte {} inside its tables", bytes.len()))?;
        Ok(if big_endian {
            u32::from_be_bytes(word)
        } else {
            u32::from_le_bytes(word)
        })
    };
    let big_endian = match word_at(0, false) {
        Ok(MO_MAGIC) => false,
        Ok(magic) if magic.swap_bytes() == MO_MAGIC => true,
        _ => return Err("not a gettext .mo catalogue (wrong magic number)".into()),
    };
    let word = |offset: usize| word_at(offset, big_endian).map(|w| w as usize);
    let revision = word(4)?;
    // Major revisions other than 0 and 1 may change the layout (the manual reserves them).
    if revision >> 16 > 1 {
        return Err(format!("unknown .mo major revision {}", revision >> 16));
    }
    let (count, originals, translations) = (word(8)?, word(12)?, word(16)?);
    let string = |table: usize, i: usize| -> std::result::Result<&str, String> {
        let length = word(table + 8 * i)?;
        let offset = word(table + 8 * i + 4)?;
        let raw = bytes
            .get(offset..offset + length)
            .ok_or_else(|| format!("string {i} lies outside the file (offset {offset})"))?;
        std::str::from_utf8(raw).map_err(|_| format!("string {i} is not UTF-8"))
    };
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let id = string(originals, i)?;
        let translation = string(translations, i)?;
        // "context\u{4}msgid"; plural forms are NUL-separated, the singular first.
        let id = id.rsplit('\u{4}').next().unwrap_or(id);
        let id = id.split('\0').next().unwrap_or(id);
        let translation = translation.split('\0').next().unwrap_or(translation);
        if !id.is_empty() && !translation.is_empty() {
            out.push((id.to_string(), translation.to_string()));
        }
    }
    Ok(out)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// Builds a `.mo` file by hand, as `msgfmt` lays it out: header, the two tables, then the
    /// strings, each NUL-terminated.
    pub(crate) fn mo_bytes(pairs: &[(&str, &str)], big_endian: bool) -> Vec<u8> {
        let n = pairs.len();
        let originals = 28;
        let translations = originals + 8 * n;
        let mut strings_at = translations + 8 * n;
        let mut header = vec![
            MO_MAGIC,
            0,
            n as u32,
            originals as u32,
            translations as u32,
            0,
            0,
        ];
        let mut tables = (Vec::new(), Vec::new());
        let mut strings = Vec::new();
        for (table, pick) in [(&mut tables.0, 0), (&mut tables.1, 1)] {
            for pair in pairs {
                let s = if pick == 0 { pair.0 } else { pair.1 };
                table.extend([s.len() as u32, strings_at as u32]);
                strings.extend_from_slice(s.as_bytes());
                strings.push(0);
                strings_at += s.len() + 1;
            }
        }
        header.extend(tables.0);
        header.extend(tables.1);
        let mut bytes: Vec<u8> = header
            .iter()
            .flat_map(|w| {
                if big_endian {
                    w.to_be_bytes()
                } else {
                    w.to_le_bytes()
                }
            })
            .collect();
        bytes.extend(strings);
        bytes
    }

    #[test]
    fn reads_catalogues_of_either_byte_order() {
        let pairs = [
            ("", "Content-Type: text/plain; charset=UTF-8\n"),
            ("Syunik'", "Сюникская область"),
            ("Untranslated", ""),
            ("ctx\u{4}Erevan", "Ереван"),
            ("Town\0Towns", "Город\0Города"),
        ];
        for big_endian in [false, true] {
            let read = parse_mo(&mo_bytes(&pairs, big_endian)).unwrap();
            assert_eq!(
                read,
                [
                    ("Syunik'".to_string(), "Сюникская область".to_string()),
                    ("Erevan".into(), "Ереван".into()),
                    ("Town".into(), "Город".into()),
                ],
                "big endian: {big_endian}"
            );
        }
    }

    #[test]
    fn rejects_what_is_not_a_catalogue() {
        assert!(parse_mo(b"msgid \"x\"\nmsgstr \"y\"\n")
            .unwrap_err()
            .contains("magic"));
        let mut cut = mo_bytes(&[("Ararat", "Арарат")], false);
        cut.truncate(32);
        assert!(parse_mo(&cut).unwrap_err().contains("ends at byte 32"));
        let mut outside = mo_bytes(&[("Ararat", "Арарат")], false);
        outside.truncate(outside.len() - 10);
        assert!(parse_mo(&outside).unwrap_err().contains("outside the file"));
    }
}
