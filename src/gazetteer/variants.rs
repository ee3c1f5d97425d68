//! Spelling variants generated from aliases by transliteration rules.
//!
//! News writes the same name many ways: Azerbaijani Latin `Şuşa`/`Shusha`, `Ceyhun`/`Jeyhun`;
//! Armenian romanisations `Stepanyan`/`Stepanian`; Russian `Sergey`/`Sergei`, `Hajiyev`/`Hajiev`.
//! The rules are data (`data/curated/variant-rules.tsv`): each rewrites every occurrence of a
//! string, at any position, at a word's start or at its end, in the names of one language's
//! countries. A variant applies at most two rules. The generated spellings are aliases like any
//! other, flagged `generated`, so a match reports `method: variant`; the matcher drops a
//! generated spelling whose key a listed alias already has, so generation never adds ambiguity.

use rayon::prelude::*;

use super::{Alias, AliasType, CaseRule, Entity, EntityKind};

/// Where in a word a rule may rewrite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    Any,
    Start,
    End,
}

/// One rewrite rule.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    /// ISO alpha-2 codes of the countries whose names it applies to; `None` for all.
    countries: Option<Vec<String>>,
    from: String,
    to: String,
    at: At,
}

/// A table of rewrite rules.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VariantRules {
    rules: Vec<Rule>,
}

/// Variants of one alias stop here: a long alias with many rule sites would otherwise explode.
pub const MAX_VARIANTS_PER_ALIAS: usize = 16;

impl VariantRules {
    /// The rules shipped in `data/curated/variant-rules.tsv`.
    pub fn embedded() -> Self {
        Self::parse(include_str!("../../data/curated/variant-rules.tsv"))
            .expect("the shipped rules are valid")
    }

    /// Parses a rules table: tab-separated `lang countries from to at`, a header line, `#` comments.
    ///
    /// # Errors
    /// A message naming the bad line.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut rules = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') || line.starts_with("lang\t") {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let [_, countries, from, to, at] = fields[..] else {
                return Err(format!(
                    "line {}: expected 5 tab-separated fields, found {}",
                    i + 1,
                    fields.len()
                ));
            };
            let at = match at.trim() {
                "any" => At::Any,
                "start" => At::Start,
                "end" => At::End,
                other => {
                    return Err(format!(
                        "line {}: position {other:?} is not any, start or end",
                        i + 1
                    ))
                }
            };
            if from.is_empty() {
                return Err(format!("line {}: empty pattern", i + 1));
            }
            let countries = match countries.trim() {
                "*" => None,
                list => Some(
                    list.split(',')
                        .map(|c| c.trim().to_ascii_uppercase())
                        .collect(),
                ),
            };
            rules.push(Rule {
                countries,
                from: from.to_lowercase(),
                to: to.to_lowercase(),
                at,
            });
        }
        Ok(VariantRules { rules })
    }

    /// Generated aliases for the aliases of `entities` (one entity's aliases are those whose
    /// `entity` points at it). People and organisations without a country take every rule.
    /// A spelling the entity already has, listed or generated, is not repeated.
    pub fn generate(&self, entities: &[Entity], aliases: &[Alias]) -> Vec<Alias> {
        // Most entities are in countries without rules: find the few that have some first, so
        // the rest cost nothing on the start-up path. Both steps run in parallel (every start-up
        // runs them); the output is collected in entity order whatever the threads.
        let rules_of: Vec<Vec<&Rule>> = entities
            .par_iter()
            .map(|e| self.rules.iter().filter(|r| applies(r, e)).collect())
            .collect();
        let mut by_entity: std::collections::HashMap<u32, Vec<&Alias>> =
            std::collections::HashMap::new();
        for alias in aliases
            .iter()
            .filter(|a| !rules_of[a.entity.0 as usize].is_empty())
        {
            by_entity.entry(alias.entity.0).or_default().push(alias);
        }
        let mut entity_ids: Vec<u32> = by_entity.keys().copied().collect();
        entity_ids.sort_unstable();
        entity_ids
            .par_iter()
            .flat_map_iter(|id| {
                let listed = &by_entity[id];
                let mut seen: std::collections::HashSet<String> = listed
                    .iter()
                    .map(|a| a.text.as_str().to_lowercase())
                    .collect();
                let mut out = Vec::new();
                let own_name = entities[*id as usize].name.to_lowercase();
                for alias in listed {
                    // The risk of the name a spelling is made from goes with it (see
                    // `Alias::from_alternate`); the entity's own name is none.
                    let from_alternate = matches!(
                        alias.alias_type,
                        AliasType::Variant | AliasType::Transliteration
                    ) && alias.text.to_lowercase() != own_name;
                    for text in variants_of(&alias.text, &rules_of[*id as usize]) {
                        if seen.insert(text.to_lowercase()) {
                            out.push(Alias {
                                entity: alias.entity,
                                case_rule: CaseRule::of(&text, AliasType::Variant),
                                text: text.into(),
                                lang: None,
                                alias_type: AliasType::Variant,
                                generated: true,
                                from_alternate,
                            });
                        }
                    }
                }
                out
            })
            .collect()
    }
}

fn applies(rule: &Rule, entity: &Entity) -> bool {
    let Some(countries) = &rule.countries else {
        return true;
    };
    match entity.country_code.as_deref() {
        Some(cc) => countries.iter().any(|c| c == cc),
        None => entity.kind != EntityKind::Place,
    }
}

/// The spellings one or two rules make of `alias`, with the alias's capitalisation.
fn variants_of(alias: &str, rules: &[&Rule]) -> Vec<String> {
    let lower = alias.to_lowercase();
    let mut found: Vec<String> = Vec::new();
    let push = |s: String, found: &mut Vec<String>| {
        if s != lower && !found.contains(&s) && found.len() < MAX_VARIANTS_PER_ALIAS {
            found.push(s);
        }
    };
    for (i, first) in rules.iter().enumerate() {
        let Some(once) = rewrite(&lower, first) else {
            continue;
        };
        push(once.clone(), &mut found);
        for second in &rules[i + 1..] {
            if let Some(twice) = rewrite(&once, second) {
                push(twice, &mut found);
            }
        }
    }
    found.into_iter().map(|v| recase(alias, &v)).collect()
}

/// Rewrites every occurrence of the rule's pattern that sits where the rule allows.
fn rewrite(text: &str, rule: &Rule) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 4);
    let mut last = 0;
    let mut changed = false;
    for (at, _) in text.match_indices(&rule.from) {
        if at < last {
            continue;
        }
        let end = at + rule.from.len();
        let starts_word = !text[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        let ends_word = !text[end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric);
        let allowed = match rule.at {
            At::Any => true,
            At::Start => starts_word,
            At::End => ends_word,
        };
        if allowed {
            out.push_str(&text[last..at]);
            out.push_str(&rule.to);
            last = end;
            changed = true;
        }
    }
    out.push_str(&text[last..]);
    changed.then_some(out)
}

/// Gives each word of `variant` the capital its word in `original` had.
fn recase(original: &str, variant: &str) -> String {
    let capitals: Vec<bool> = original
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().next().is_some_and(char::is_uppercase))
        .collect();
    let mut out = String::with_capacity(variant.len());
    let mut word = 0;
    let mut at_word_start = true;
    for ch in variant.chars() {
        if ch.is_whitespace() || ch == '-' {
            if !at_word_start {
                word += 1;
            }
            at_word_start = true;
            out.push(ch);
            continue;
        }
        if at_word_start && capitals.get(word).copied().unwrap_or(false) {
            out.extend(ch.to_uppercase());
        } else {
            out.push(ch);
        }
        at_word_start = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> VariantRules {
        VariantRules::embedded()
    }

    fn of(alias: &str, cc: &str) -> Vec<String> {
        let applicable: Vec<&Rule> = rules()
            .rules
            .iter()
            .filter(|r| {
                r.countries
                    .as_ref()
                    .is_none_or(|c| c.iter().any(|c| c == cc))
            })
            .cloned()
            .collect::<Vec<_>>()
            .leak()
            .iter()
            .collect();
        variants_of(alias, &applicable)
    }

    #[test]
    fn each_rule_table_produces_the_spellings_news_uses() {
        let table: &[(&str, &str, &str)] = &[
            ("Şuşa", "AZ", "Shusha"),
            ("Ceyhun Bayramov", "AZ", "Jeyhun Bayramov"),
            ("Ağdam", "AZ", "Aghdam"),
            ("Qəbələ", "AZ", "Gabala"),
            ("Xankəndi", "AZ", "Khankəndi"),
            ("Shushan Stepanyan", "AM", "Shushan Stepanian"),
            ("Zohrab Mnatsakanyan", "AM", "Zohrab Mnatsakanian"),
            ("Arayik Harutyunyan", "AM", "Arayik Harutiunian"),
            ("Sergey Lavrov", "RU", "Sergei Lavrov"),
            ("Hikmet Hajiyev", "AZ", "Hikmet Hajiev"),
            ("Al-Hasakah", "SY", "El-Hasakah"),
        ];
        for (alias, cc, expected) in table {
            let found = of(alias, cc);
            assert!(
                found.iter().any(|v| v == expected),
                "{alias} ({cc}) gave {found:?}, not {expected}"
            );
        }
    }

    #[test]
    fn rules_respect_their_position_in_the_word() {
        let rule = |from: &str, to: &str, at| Rule {
            countries: None,
            from: from.into(),
            to: to.into(),
            at,
        };
        let at_end = rule("yan", "ian", At::End);
        assert_eq!(rewrite("stepanyan", &at_end).as_deref(), Some("stepanian"));
        assert_eq!(rewrite("yanikh", &at_end), None, "not at the word's end");
        let at_start = rule("kh", "h", At::Start);
        assert_eq!(
            rewrite("khasan khan", &at_start).as_deref(),
            Some("hasan han")
        );
        assert_eq!(
            rewrite("akhmed", &at_start),
            None,
            "not at the word's start"
        );
        let anywhere = rule("ş", "sh", At::Any);
        assert_eq!(rewrite("şuşa", &anywhere).as_deref(), Some("shusha"));
    }

    #[test]
    fn a_bad_table_names_the_line() {
        assert_eq!(
            VariantRules::parse("az\tAZ\tş\tsh").unwrap_err(),
            "line 1: expected 5 tab-separated fields, found 4"
        );
        assert_eq!(
            VariantRules::parse("az\tAZ\tş\tsh\tmiddle").unwrap_err(),
            "line 1: position \"middle\" is not any, start or end"
        );
    }
}
