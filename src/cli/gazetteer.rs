//! `mentionmap gazetteer import|check`.

use std::collections::HashSet;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use mentionmap::export::Overwrite;
use mentionmap::gazetteer::import::{self, ImportOptions, Include};

#[derive(Debug, Subcommand)]
pub enum GazetteerCommand {
    /// Build the project's CSV gazetteer from GeoNames dumps, Natural Earth and a curated overlay.
    ///
    /// See data/README.md for the exact command that builds the embedded default.
    Import(Box<ImportArgs>),
    /// Load a gazetteer, report its size, and fail on the first invalid row.
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
    /// Countries whose first-order divisions are imported (ISO alpha-2, comma-separated; `*` for
    /// all).
    #[arg(long, value_name = "CC,CC", value_delimiter = ',')]
    admin1_countries: Vec<String>,
    /// GeoNames place dump in the 19-column geoname format (plain or .gz). Repeatable; for a
    /// place listed twice the first file's non-empty fields win.
    #[arg(long = "places", value_name = "FILE", required = true)]
    places: Vec<PathBuf>,
    /// Which places to keep, as COUNTRIES:MIN_POPULATION (`AM,AZ:0`, `*:15000`). Repeatable; a
    /// place kept by any rule is kept. Capitals are always kept.
    #[arg(long, value_name = "RULE")]
    include: Vec<Include>,
    /// Natural Earth admin-0 countries GeoJSON (country points and English names).
    #[arg(long, value_name = "FILE")]
    countries_geojson: Option<PathBuf>,
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
    /// Cities and divisions of at least this population keep a name that is a person name
    /// (Austin, Dallas, Virginia).
    #[arg(long, value_name = "N", default_value_t = import::PERSON_NAME_EXEMPT_POPULATION)]
    person_name_exempt_population: u64,
    /// Directory with the curated entities.csv and aliases.csv.
    #[arg(long, value_name = "DIR")]
    curated: Option<PathBuf>,
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
}

pub fn run(command: GazetteerCommand) -> Result<()> {
    match command {
        GazetteerCommand::Import(args) => {
            let options = ImportOptions {
                country_info: args.country_info,
                admin1: args.admin1,
                admin1_countries: args
                    .admin1_countries
                    .iter()
                    .map(|c| c.trim().to_ascii_uppercase())
                    .collect::<HashSet<_>>(),
                places: args.places,
                include: args.include,
                countries_geojson: args.countries_geojson,
                common_words: args.common_words,
                common_word_exempt_population: args.common_word_exempt_population,
                person_names: args.person_names,
                person_name_exempt_population: args.person_name_exempt_population,
                curated: args.curated,
            };
            let imported = import::import(&options).context("import failed")?;
            let overwrite = if args.force {
                Overwrite::Allow
            } else {
                Overwrite::Never
            };
            import::write(&args.out, &imported, overwrite)?;
            import::summarize(&mut std::io::stderr(), &imported)?;
            eprintln!("wrote {}", args.out.display());
            Ok(())
        }
        GazetteerCommand::Check(args) => {
            let mut builder = mentionmap::GazetteerBuilder::new();
            if args.paths.is_empty() {
                builder = builder.with_embedded();
            }
            for path in &args.paths {
                builder = builder.add_path(path)?;
            }
            let gazetteer = builder.build()?;
            let scanner = mentionmap::Scanner::new(gazetteer)?;
            let g = scanner.gazetteer();
            println!(
                "ok: {} entities, {} aliases, {} distinct search keys, checksum {}",
                g.entities().len(),
                g.aliases().len(),
                scanner.matcher().pattern_count(),
                g.checksum()
            );
            Ok(())
        }
    }
}
