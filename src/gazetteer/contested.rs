//! Contested names and their counterparts: a name one side of a dispute uses (`Khankendi`)
//! means something to a report only beside another side's name for the same place
//! (`Stepanakert`). Sides are the gazetteer's (`sides.csv`, see [`Gazetteer::side`]), not the
//! names' languages: a Russian text writes Степанакерт or Ханкенди, an English one Shushi or
//! Shusha. `gazetteer check` lists the contested names that lack a counterpart.

use super::{Alias, AliasIndex, AliasType, Gazetteer};

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

/// Why a contested name has no counterpart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lonely {
    /// The sides file gives it no side.
    NoSide,
    /// No other name of its entity is on another side.
    OneSide,
}

impl Gazetteer {
    /// The contested aliases with no counterpart, in load order: those without a side, and those
    /// whose entity has no name (of any type: Shusha, the own name, is the other side's for
    /// Shushi) on another side. Any script counts: a script one side never writes (the
    /// Azerbaijani side has no name in Armenian letters) cannot hold a counterpart, and the
    /// report compares the sides whatever script an outlet writes.
    pub fn contested_without_counterpart(&self) -> Vec<(&Alias, Lonely)> {
        // Sided aliases are few (tens in the default gazetteer): sorted by entity, each
        // contested name looks its entity's up by binary search.
        let mut sided: Vec<(super::EntityIndex, &str)> = self
            .sided_aliases()
            .map(|(a, side)| (self.alias(a).entity, side))
            .collect();
        sided.sort_unstable();
        self.aliases()
            .iter()
            .enumerate()
            .filter(|(_, a)| a.alias_type == AliasType::Contested && !a.generated)
            .filter_map(|(i, a)| {
                let Some(side) = self.side(AliasIndex(i as u32)) else {
                    return Some((a, Lonely::NoSide));
                };
                let start = sided.partition_point(|(e, _)| *e < a.entity);
                let other_side = sided[start..]
                    .iter()
                    .take_while(|(e, _)| *e == a.entity)
                    .any(|(_, s)| *s != side);
                (!other_side).then_some((a, Lonely::OneSide))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::GazetteerBuilder;

    #[test]
    fn contested_names_need_a_side_and_another_side_of_their_entity() {
        let entities =
            "entity_id,kind,name,latitude,longitude,country_code,feature_code,population\n\
                        t:x,place,Stepanakert,39.8,46.75,AZ,PPLA,50000\n\
                        t:s,place,Shusha,39.76,46.75,AZ,PPLA,4000\n\
                        t:m,place,Murovdag,40.3,46.3,AZ,MT,0\n";
        let aliases = "entity_id,alias,lang,type\n\
                       t:x,Stepanakert,hy-Latn,contested\n\
                       t:x,Khankendi,az,contested\n\
                       t:x,Степанакерт,ru,contested\n\
                       t:x,Ханкенди,ru,contested\n\
                       t:x,Ստեփանակերտ,hy,contested\n\
                       t:s,Shushi,hy-Latn,contested\n\
                       t:m,Mrav,hy-Latn,contested\n\
                       t:m,Murov,,contested\n";
        // Two Russian names on two sides; Ստեփանակերտ has no Armenian-letter counterpart but
        // its entity has another side; Shushi's counterpart is the own name, not contested.
        let sides = "entity_id,alias,side\n\
                     t:x,Stepanakert,armenian\n\
                     t:x,Khankendi,azerbaijani\n\
                     t:x,Степанакерт,armenian\n\
                     t:x,Ханкенди,azerbaijani\n\
                     t:x,Ստեփանակերտ,armenian\n\
                     t:s,Shushi,armenian\n\
                     t:s,Shusha,azerbaijani\n\
                     t:m,Mrav,armenian\n";
        let g = GazetteerBuilder::new()
            .add_csv("entities.csv", entities.as_bytes().to_vec())
            .unwrap()
            .add_csv("aliases.csv", aliases.as_bytes().to_vec())
            .unwrap()
            .add_csv("sides.csv", sides.as_bytes().to_vec())
            .unwrap()
            .build()
            .unwrap();
        let listed: Vec<(&str, Lonely)> = g
            .contested_without_counterpart()
            .iter()
            .map(|(a, why)| (a.text.as_str(), *why))
            .collect();
        assert_eq!(
            listed,
            [("Mrav", Lonely::OneSide), ("Murov", Lonely::NoSide)]
        );
        let khankendi = g
            .aliases()
            .iter()
            .position(|a| a.text == "Ханкенди")
            .unwrap();
        assert_eq!(g.side(AliasIndex(khankendi as u32)), Some("azerbaijani"));
        assert_eq!(script("Şuşa"), "Latin");
        assert_eq!(script("«Шуша»"), "Cyrillic");
    }

    #[test]
    fn a_side_of_a_name_the_gazetteer_lacks_is_a_bad_row() {
        let entities =
            "entity_id,kind,name,latitude,longitude,country_code,feature_code,population\n\
                        t:x,place,Stepanakert,39.8,46.75,AZ,PPLA,50000\n";
        let build = |sides: &str| {
            GazetteerBuilder::new()
                .add_csv("entities.csv", entities.as_bytes().to_vec())
                .unwrap()
                .add_csv("sides.csv", sides.as_bytes().to_vec())
                .unwrap()
                .build()
        };
        let error =
            build("entity_id,alias,side\nt:x,Stepanakert,armenian\nt:x,Khankendi,azerbaijani\n")
                .unwrap_err()
                .to_string();
        assert!(
            error.starts_with("sides.csv: line 3: side of \"Khankendi\": t:x has no alias"),
            "{error}"
        );
        let error = build("entity_id,alias,side\nt:y,Shusha,azerbaijani\n")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("line 2: side of \"Shusha\" names unknown entity t:y"),
            "{error}"
        );
    }
}
