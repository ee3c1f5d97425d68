//! Contested names and their counterparts: a name one side of a dispute uses (`Khankendi`)
//! means something to a report only beside the other side's name for the same place in the
//! same script (`Stepanakert`). `gazetteer check` lists the contested names that lack one.

use super::{Alias, AliasType, Gazetteer};

/// The writing system of a name, by the Unicode block of its first letter: enough to tell
/// which names a writer could choose between (a Russian text chooses among Cyrillic names).
pub fn script(text: &str) -> &'static str {
    let Some(c) = text.chars().find(|c| c.is_alphabetic()) else {
        return "none";
    };
    match u32::from(c) {
        0..=0x024F | 0x1E00..=0x1EFF => "Latin",
        0x0370..=0x03FF | 0x1F00..=0x1FFF => "Greek",
        0x0400..=0x052F => "Cyrillic",
        0x0530..=0x058F => "Armenian",
        0x0590..=0x05FF => "Hebrew",
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            "Arabic"
        }
        0x10A0..=0x10FF | 0x2D00..=0x2D2F => "Georgian",
        _ => "other",
    }
}

/// The language of a BCP 47 tag without its script or region (`hy` of `hy-Latn`).
fn base_language(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or(tag)
}

impl Gazetteer {
    /// The contested aliases with no counterpart: no other contested alias of the same entity,
    /// in the same script, of another language. Without a language a contested name has no
    /// side, so it has no counterpart either. In load order.
    pub fn contested_without_counterpart(&self) -> Vec<&Alias> {
        let contested: Vec<&Alias> = self
            .aliases()
            .iter()
            .filter(|a| a.alias_type == AliasType::Contested && !a.generated)
            .collect();
        // Contested aliases are few (tens in the default gazetteer): a scan per alias is fine,
        // grouped by entity through a sort.
        let mut by_entity: Vec<&Alias> = contested.clone();
        by_entity.sort_by_key(|a| a.entity);
        contested
            .into_iter()
            .filter(|a| {
                let Some(lang) = a.lang.as_deref() else {
                    return true;
                };
                let start = by_entity.partition_point(|b| b.entity < a.entity);
                !by_entity[start..]
                    .iter()
                    .take_while(|b| b.entity == a.entity)
                    .any(|b| {
                        b.lang.as_deref().is_some_and(|other| {
                            base_language(other) != base_language(lang)
                                && script(&b.text) == script(&a.text)
                        })
                    })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::GazetteerBuilder;

    #[test]
    fn contested_names_without_the_other_sides_name_in_their_script_are_listed() {
        let entities =
            "entity_id,kind,name,latitude,longitude,country_code,feature_code,population\n\
                        t:x,place,Stepanakert,39.8,46.75,AZ,PPLA,50000\n\
                        t:m,place,Murovdag,40.3,46.3,AZ,MT,0\n";
        let aliases = "entity_id,alias,lang,type\n\
                       t:x,Khankendi,az,contested\n\
                       t:x,Stepanakert City,hy-Latn,contested\n\
                       t:x,Степанакерт,ru,contested\n\
                       t:x,Ханкенди,az-Cyrl,contested\n\
                       t:x,Ստեփանակերտ,hy,contested\n\
                       t:m,Mrav,hy-Latn,contested\n\
                       t:m,Murov,,contested\n";
        let g = GazetteerBuilder::new()
            .add_csv("entities.csv", entities.as_bytes().to_vec())
            .unwrap()
            .add_csv("aliases.csv", aliases.as_bytes().to_vec())
            .unwrap()
            .build()
            .unwrap();
        let listed: Vec<&str> = g
            .contested_without_counterpart()
            .iter()
            .map(|a| a.text.as_str())
            .collect();
        assert_eq!(listed, ["Ստեփանակերտ", "Mrav", "Murov"]);
        assert_eq!(script("Şuşa"), "Latin");
        assert_eq!(script("«Шуша»"), "Cyrillic");
    }
}
