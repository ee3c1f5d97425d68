//! `mentionmap gazetteer import|check`.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use mentionmap::gazetteer::import::{self, ImportOptions, Include};
use mentionmap::output::{OutputSet, Overwrite};

#[derive(Debug, Subcommand)]
pub enum GazetteerCommand {
    /// Build the project's CSV gazetteer from GeoNames dumps, Natural Earth and a curated overlay.
    ///
    /// See data/README.md for the exact command that builds the embedded default.
    Import(Box<ImportArgs>),
    /// Lint a gazetteer: list every invalid row (with file and line) and fail if there is one;
    /// warn about names shared by many entities, names that are common words, names too short
    /// to be searched for, and suspicious points.
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// GeoNames countryInfo.txt.
    #[arg(long, value_name = "FILE")]
    country_info: PathBuf,
    /// GeoNames admin1CodesASCII.txt (first-order divisions).
    #[arg(long, value_name = "FILE")]
    admin1: Option<PathBuf>,
    /// GeoNames admin2Codes.txt (second-order divisions: counties). A county is kept when some
    /// place in the dumps names it (its point is the middle of those places).
    #[arg(long, value_name = "FILE")]
    admin2: Option<PathBuf>,
    /// Countries whose first- and second-order divisions are imported (ISO alpha-2,
    /// comma-separated; `*` for all).
    #[arg(long, value_name = "CC,CC", value_delimiter = ',')]
    admin1_countries: Vec<String>,
    /// GeoNames place dump in the 19-column geoname format (plain or .gz). Repeatable; for a
    /// place listed twice the first file's non-empty fields win.
    #[arg(long = "places", value_name = "FILE", required = true)]
    places: Vec<PathBuf>,
    /// GeoNames alternateNamesV2.txt (plain, .gz or .zip): names with language, historic and
    /// short flags for the imported entities. Repeatable.
    #[arg(long, value_name = "FILE")]
    alternate_names: Vec<PathBuf>,
    /// Which places to keep, as COUNTRIES:MIN_POPULATION (`AM,AZ:0`, `*:15000`). Repeatable; a
    /// place kept by any rule is kept. Capitals are always kept.
    #[arg(long, value_name = "RULE")]
    include: Vec<Include>,
    /// Further places to keep under their own name only, as COUNTRIES:MIN_POPULATION (`TR:0`):
    /// their alternate names (a village's old names, often words) are left out. Repeatable.
    #[arg(long, value_name = "RULE")]
    own_name_places: Vec<Include>,
    /// Natural Earth admin-0 countries GeoJSON (country points and English names).
    #[arg(long, value_name = "FILE")]
    countries_geojson: Option<PathBuf>,
    /// GeoNames' own records of countries, first-order divisions, continents and regions
    /// (tab-separated with the header geonameid, name, lat, lon, feature_code, country_code,
    /// admin1_code, population): countries and divisions take the record's point instead of a
    /// derived one, and curated entities may name a record's id (gn:6269133) to take its point.
    #[arg(long, value_name = "FILE")]
    top_level: Option<PathBuf>,
    /// Natural Earth's 1:10m physical layers (a directory with the marine, lakes, rivers and
    /// geography-regions GeoJSON files, .json or .json.gz): oceans, seas, lakes, rivers, peaks,
    /// ranges, islands, deserts and other named regions, with their GeoNames feature codes.
    #[arg(long, value_name = "DIR")]
    physical: Option<PathBuf>,
    /// The npm package us-atlas's directory (counties-10m.json and states-10m.json, the Census
    /// Bureau's boundaries): every US county as a second-order division of its state, with a
    /// point inside its polygon. Needs --admin1.
    #[arg(long, value_name = "DIR", requires = "admin1")]
    us_counties: Option<PathBuf>,
    /// Word list (one per line, e.g. /usr/share/dict/american-english from Debian's wamerican):
    /// single-word names of minor places that are common lower-case words are dropped.
    #[arg(long, value_name = "FILE")]
    common_words: Option<PathBuf>,
    /// Cities of at least this population keep a name that is a common word.
    #[arg(long, value_name = "N", default_value_t = import::COMMON_WORD_EXEMPT_POPULATION)]
    common_word_exempt_population: u64,
    /// List of common given names and surnames (one per line, `#` comments): minor places named
    /// by one are dropped ("David", "Evans"), and so are alternate names that are one.
    /// Repeatable.
    #[arg(long, value_name = "FILE")]
    person_names: Vec<PathBuf>,
    /// List of less common given names (one per line): towns and villages named by one are
    /// dropped ("Noma"), but not divisions, regional capitals or cities of
    /// --person-name-exempt-population or more; so are alternate names that are one ("Zara" for
    /// Zadar). Repeatable.
    #[arg(long, value_name = "FILE")]
    rare_person_names: Vec<PathBuf>,
    /// List of language names (one per line): alternate names that are one are dropped ("Igbo"
    /// for Igbo-Ukwu), since text that writes them means the language or its people; a place's
    /// own name stays (Cheyenne). Repeatable.
    #[arg(long, value_name = "FILE")]
    language_names: Vec<PathBuf>,
    /// Nationality words, `demonym:CC` per line (geotext's nationalities.txt format): they
    /// become demonym aliases of their countries, counted apart from place mentions.
    #[arg(long, value_name = "FILE")]
    demonyms: Option<PathBuf>,
    /// Cities and divisions of at least this population keep a name that is a person name
    /// (Austin, Dallas, Virginia).
    #[arg(long, value_name = "N", default_value_t = import::PERSON_NAME_EXEMPT_POPULATION)]
    person_name_exempt_population: u64,
    /// Directory with the curated entities.csv and aliases.csv.
    #[arg(long, value_name = "DIR")]
    curated: Option<PathBuf>,
    /// Countries whose GeoNames admin1 codes are their divisions' postal abbreviations (`US`):
    /// each becomes an abbreviation read after a town ("Springfield, IL").
    #[arg(long, value_name = "CC,CC", value_delimiter = ',')]
    postal_codes: Vec<String>,
    /// Places the gazetteer leaves out to keep as small places, as COUNTRIES:MIN_POPULATION
    /// (`US:500`): named only where a document places itself in their division. Repeatable.
    #[arg(long, value_name = "RULE")]
    small_places: Vec<Include>,
    /// Unicode CLDR JSON directory (territories/<lang>.json, timezone-names/<lang>.json): names
    /// of countries, continents, regions and time zones' cities in --name-languages.
    #[arg(long, value_name = "DIR")]
    cldr: Option<PathBuf>,
    /// Debian iso-codes directory (json/iso_3166-2.json, locale/<lang>/iso_3166-2.mo): names of
    /// countries and first-order divisions in --name-languages.
    #[arg(long, value_name = "DIR")]
    iso_codes: Option<PathBuf>,
    /// Languages whose names --cldr and --iso-codes add, each alias tagged with its language.
    #[arg(long, value_name = "LANG,LANG", value_delimiter = ',')]
    name_languages: Vec<String>,
    /// Names learned from annotated text, in the columns of the curated regional-names.csv
    /// (entity_id,alias,lang,type,source), filtered like the CLDR names. Repeatable.
    #[arg(long, value_name = "FILE")]
    learned_names: Vec<PathBuf>,
    /// Output directory.
    #[arg(long, default_value = "data/gazetteer", value_name = "DIR")]
    out: PathBuf,
    /// Replace existing output files.
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Gazetteer directory or CSV file; the embedded default when omitted.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// An extension to lint against the gazetteer it extends (the embedded default, or PATH):
    /// a directory or CSV of entities or aliases only. Repeatable.
    #[arg(long, value_name = "EXT")]
    extend: Vec<PathBuf>,
    /// Warn about names shared by at least this many entities.
    #[arg(long, value_name = "N", default_value_t = 10)]
    shared: usize,
    /// Word list (one per line, e.g. /usr/share/dict/words): warn about single-word names that
    /// are lower-case words in it.
    #[arg(long, value_name = "FILE")]
    common_words: Option<PathBuf>,
    /// A dictionary of a language with endings, as LANG:FILE (`tr:/usr/share/hunspell/tr_TR.dic`
    /// from Debian's hunspell-tr; Hunspell .dic or one word per line): warn about names that a
    /// word of that language reads as, whole or inflected ("Bir", "Valisi"). Repeatable.
    #[arg(long, value_name = "LANG:FILE")]
    dictionary: Vec<String>,
    /// With --dictionary: write those words to DIR/<lang>/words.txt, the list the scan reads
    /// to tell a language's words from names (data/languages/ in this repository).
    #[arg(long, value_name = "DIR", requires = "dictionary")]
    words_out: Option<PathBuf>,
    /// List the aliases by class (own name, listed variant, historic, abbreviation, phrase,
    /// shared with a higher-ranked entity, person's name, common word: the last only with
    /// --common-words), with counts, how many count only where a document supports them, and
    /// the most prominent places' examples.
    #[arg(long)]
    suspicious: bool,
    /// Exit with status 1 when there are warnings, not only errors.
    #[arg(long)]
    deny_warnings: bool,
}

pub fn run(command: GazetteerCommand) -> Result<()> {
    match command {
        GazetteerCommand::Import(args) => {
            let options = ImportOptions {
                country_info: args.country_info,
                admin1: args.admin1,
                admin2: args.admin2,
                admin1_countries: args
                    .admin1_countries
                    .iter()
                    .map(|c| c.trim().to_ascii_uppercase())
                    .collect::<HashSet<_>>(),
                places: args.places,
                alternate_names: args.alternate_names,
                include: args.include,
                own_name_places: args.own_name_places,
                countries_geojson: args.countries_geojson,
                top_level: args.top_level,
                physical: args.physical,
                us_counties: args.us_counties,
                common_words: args.common_words,
                common_word_exempt_population: args.common_word_exempt_population,
                person_names: args.person_names,
                rare_person_names: args.rare_person_names,
                language_names: args.language_names,
                demonyms: args.demonyms,
                person_name_exempt_population: args.person_name_exempt_population,
                curated: args.curated,
                postal_code_countries: args
                    .postal_codes
                    .iter()
                    .map(|c| c.trim().to_ascii_uppercase())
                    .collect(),
                small_places: args.small_places,
                cldr: args.cldr,
                iso_codes: args.iso_codes,
                name_languages: args
                    .name_languages
                    .iter()
                    .map(|l| l.trim().to_string())
                    .collect(),
                learned_names: args.learned_names,
            };
            let overwrite = if args.force {
                Overwrite::Allow
            } else {
                Overwrite::Never
            };
            // Checked before the dumps are read: an import takes minutes.
            let mut outputs = OutputSet::in_dir(&args.out, import::OUTPUTS, overwrite)?;
            let imported = import::import(&options).context("import failed")?;
            import::write(&mut outputs, &args.out, &imported)?;
            outputs.commit()?;
            import::summarize(&mut std::io::stderr(), &imported)?;
            eprintln!("wrote {}", args.out.display());
            Ok(())
        }
        GazetteerCommand::Check(args) => check(args),
    }
}

/// The FILE of a LANG:FILE option.
fn path_of(spec: &str) -> &str {
    spec.split_once(':').map_or(spec, |(_, path)| path)
}

/// The words of the dictionary `spec` (LANG:FILE) that the folded `names` read as (see
/// `mentionmap::language::dictionary`).
fn language_words(spec: &str, names: &[String]) -> Result<std::collections::BTreeSet<String>> {
    use mentionmap::language::{dictionary, Lang, Languages};
    let (lang, path) = spec.split_once(':').with_context(|| {
        format!("--dictionary {spec:?} is not LANG:FILE (tr:/usr/share/hunspell/tr_TR.dic)")
    })?;
    let lang = Lang::from_tag(lang).with_context(|| {
        format!("--dictionary {spec:?}: {lang:?} is not a language with endings (ru, hy, az, tr)")
    })?;
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?;
    let words = dictionary::read_dictionary(&text);
    Ok(dictionary::words_read_as_names(
        &words,
        names.iter().map(String::as_str),
        Languages::embedded().endings(lang),
    ))
}

fn check(args: CheckArgs) -> Result<()> {
    use mentionmap::gazetteer::EntityKind;
    use mentionmap::matcher::{PatternId, MIN_ALIAS_CHARS};
    use mentionmap::normalize::normalize;

    // Every problem is listed, not only the first: rows are skipped and collected.
    let mut builder = mentionmap::GazetteerBuilder::new().skip_bad_rows(true);
    if args.paths.is_empty() {
        builder = builder.with_embedded();
    }
    let mut errors: Vec<String> = Vec::new();
    for path in args.paths.iter().chain(&args.extend) {
        match builder.clone().add_path(path) {
            Ok(more) => builder = more,
            Err(error) => errors.push(error.to_string()),
        }
    }
    let gazetteer = builder.build()?;
    errors.extend(gazetteer.skipped().iter().map(|p| p.to_string()));
    let scanner = mentionmap::Scanner::new(gazetteer)?;
    let (g, matcher) = (scanner.gazetteer(), scanner.matcher());
    let mut stdout = std::io::stdout().lock();
    for error in &errors {
        writeln!(stdout, "error: {error}")?;
    }
    writeln!(
        stdout,
        "{}: {} entities, {} aliases ({} generated variants), {} distinct search keys, checksum {}",
        if errors.is_empty() { "ok" } else { "loaded" },
        g.entities().len(),
        g.aliases().len(),
        g.aliases().iter().filter(|a| a.generated).count(),
        matcher.pattern_count(),
        g.checksum()
    )?;
    let mut warnings = Vec::new();
    let mut warn = |line: String| warnings.push(format!("warning: {line}"));
    // Names shared by many entities: each is a disambiguation burden.
    let mut shared: Vec<(usize, &str)> = (0..matcher.pattern_count() as u32)
        .map(PatternId)
        .map(|p| {
            let mut entities: Vec<_> = matcher
                .aliases(p)
                .iter()
                .map(|&a| g.alias(a).entity)
                .collect();
            entities.sort();
            entities.dedup();
            (entities.len(), matcher.pattern(p))
        })
        .filter(|(n, _)| *n >= args.shared)
        .collect();
    shared.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    if !shared.is_empty() {
        let top: Vec<String> = shared
            .iter()
            .take(15)
            .map(|(n, k)| format!("{k:?} ({n})"))
            .collect();
        warn(format!(
            "{} names are shared by {}+ entities; most shared: {}",
            shared.len(),
            args.shared,
            top.join(", ")
        ));
    }
    if let Some(path) = &args.common_words {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let words: HashSet<String> = text
            .lines()
            .map(str::trim)
            .filter(|w| !w.is_empty() && w.chars().all(char::is_lowercase))
            .map(normalize)
            .collect();
        let hits: Vec<&str> = g
            .aliases()
            .iter()
            .filter(|a| !a.text.contains(' ') && words.contains(&normalize(&a.text)))
            .map(|a| a.text.as_str())
            .collect();
        if !hits.is_empty() {
            let sample: Vec<&str> = hits.iter().take(20).copied().collect();
            warn(format!(
                "{} names are common words (a text's \"{}\" may be the word): {}",
                hits.len(),
                sample[0],
                sample.join(", ")
            ));
        }
    }
    for spec in &args.dictionary {
        let found = language_words(
            spec,
            &g.aliases()
                .iter()
                .map(|a| normalize(&a.text))
                .collect::<Vec<_>>(),
        )?;
        let (lang, path) = spec.split_once(':').expect("checked by language_words");
        if !found.is_empty() {
            let sample: Vec<&str> = found.iter().take(20).map(String::as_str).collect();
            warn(format!(
                "{} words of {lang} (by {path}) read as names, whole or inflected; in its text they are taken for the word unless the place is a country, a capital or a city: {}",
                found.len(),
                sample.join(", ")
            ));
        }
        if let Some(dir) = &args.words_out {
            let path = dir.join(lang).join("words.txt");
            let source = Path::new(path_of(spec))
                .file_name()
                .map_or_else(|| spec.clone(), |f| f.to_string_lossy().into_owned());
            let mut text = format!(
                "# Words of {lang} that the gazetteer's names read as, whole or inflected: in a\n\
                 # paragraph of {lang}, a minor place found under one is taken for the word.\n\
                 # Written by `mentionmap gazetteer check --dictionary {lang}:FILE --words-out DIR`\n\
                 # (data/build-gazetteer.sh) from {source}; see data/languages/README.md.\n"
            );
            for word in &found {
                text.push_str(word);
                text.push('\n');
            }
            std::fs::write(&path, text)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("wrote {} ({} words)", path.display(), found.len());
        }
    }
    let null_island: Vec<&str> = g
        .entities()
        .iter()
        .filter(|e| e.point.is_some_and(|p| p.lon == 0.0 && p.lat == 0.0))
        .map(|e| e.id.0.as_str())
        .collect();
    if !null_island.is_empty() {
        warn(format!(
            "{} places sit at exactly (0, 0), usually a missing point: {}",
            null_island.len(),
            null_island.join(", ")
        ));
    }
    let searchable: HashSet<u32> = (0..matcher.pattern_count() as u32)
        .flat_map(|p| {
            matcher
                .aliases(PatternId(p))
                .iter()
                .map(|&a| g.alias(a).entity.0)
        })
        .collect();
    let unsearchable: Vec<&str> = g
        .entities()
        .iter()
        .enumerate()
        .filter(|(i, e)| e.kind != EntityKind::Person && !searchable.contains(&(*i as u32)))
        .map(|(_, e)| e.id.0.as_str())
        .collect();
    if !unsearchable.is_empty() {
        warn(format!(
            "{} entities have no name long enough to search for: {}",
            unsearchable.len(),
            unsearchable.join(", ")
        ));
    }
    let too_short: Vec<&str> = g
        .aliases()
        .iter()
        .filter(|a| !a.generated && normalize(&a.text).chars().count() < MIN_ALIAS_CHARS)
        .map(|a| a.text.as_str())
        .collect();
    if !too_short.is_empty() {
        let sample: Vec<String> = too_short
            .iter()
            .take(20)
            .map(|a| format!("{a:?}"))
            .collect();
        warn(format!(
            "{} aliases are shorter than {MIN_ALIAS_CHARS} characters and are never searched for: {}",
            too_short.len(),
            sample.join(", ")
        ));
    }
    for line in &warnings {
        writeln!(stdout, "{line}")?;
    }
    contested_notes(&mut stdout, g)?;
    if args.suspicious {
        let words = match &args.common_words {
            Some(path) => mentionmap::gazetteer::alias_class::common_words(
                &std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read {}", path.display()))?,
            ),
            None => HashSet::new(),
        };
        super::alias_report::write(&mut stdout, g, &words)?;
    }
    std::mem::forget(scanner);
    if !errors.is_empty() {
        let n = errors.len();
        anyhow::bail!("{n} error{} (listed above)", if n == 1 { "" } else { "s" });
    }
    if !warnings.is_empty() && args.deny_warnings {
        anyhow::bail!("{} warnings (--deny-warnings)", warnings.len());
    }
    Ok(())
}

/// Lists the contested names without a counterpart (see
/// [`Gazetteer::contested_without_counterpart`](mentionmap::Gazetteer)): notes for the curator,
/// not warnings, as the default gazetteer has some by design of its sources.
fn contested_notes(out: &mut dyn Write, g: &mentionmap::Gazetteer) -> Result<()> {
    let lonely = g.contested_without_counterpart();
    if lonely.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "note: {} contested names have no counterpart (a name of the same entity on another \
         side, in sides.csv), so `audit --spellings` cannot set one side's name against the \
         other's:",
        lonely.len()
    )?;
    for (alias, why) in lonely {
        writeln!(
            out,
            "note:   {} ({}, {}, {}): {}",
            alias.text,
            g.entity(alias.entity).id,
            alias.lang.as_deref().unwrap_or("no language"),
            mentionmap::gazetteer::script(&alias.text),
            match why {
                mentionmap::gazetteer::Lonely::NoSide => "no side",
                mentionmap::gazetteer::Lonely::OneSide => "no other side's name",
            }
        )?;
    }
    Ok(())
}
