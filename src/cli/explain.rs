//! `mentionmap explain`: why each name in a text resolved the way it did.

use std::io::{Read, Write};

use anyhow::{Context, Result};
use clap::Args;
use mentionmap::Mention;

use super::GazetteerArgs;

/// Options of `explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The text to explain; read from stdin when omitted or `-`.
    #[arg(value_name = "TEXT")]
    text: Option<String>,
    /// Explain the text as a story of an outlet whose home is this place (an entity id such as
    /// gn:4717560, or a name of one place), as `--home-places` gives it to `scan`.
    #[arg(long, value_name = "PLACE")]
    home: Option<String>,
    #[command(flatten)]
    gazetteer: GazetteerArgs,
}

pub fn run(args: ExplainArgs) -> Result<()> {
    let text = match args.text.as_deref() {
        None | Some("-") => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .context("cannot read stdin")?;
            text
        }
        Some(text) => text.to_string(),
    };
    let scanner = args.gazetteer.scanner(true)?;
    let home = match &args.home {
        Some(place) => Some(
            mentionmap::outlet::home_named(scanner.gazetteer(), place)
                .map_err(|e| anyhow::anyhow!("--home: {e}"))?,
        ),
        None => None,
    };
    let mentions = scanner.scan_at_home("explain", &text, home.as_ref());
    let mut out = std::io::stdout().lock();
    if mentions.is_empty() {
        writeln!(out, "no names found")?;
    }
    for m in &mentions {
        explain(&mut out, m)?;
    }
    std::mem::forget(scanner);
    Ok(())
}

fn explain(out: &mut dyn Write, m: &Mention) -> std::io::Result<()> {
    let id = m
        .entity_id
        .as_ref()
        .map_or("unlinked".to_string(), |id| id.to_string());
    let mut what = vec![m.kind.as_str().to_string()];
    what.extend(m.country_code.as_deref().map(str::to_string));
    what.extend(m.feature_code.as_deref().map(str::to_string));
    writeln!(
        out,
        "{:?} [chars {}..{}] -> {} ({id}; {})",
        m.surface,
        m.start_char,
        m.end_char,
        m.name,
        what.join(", ")
    )?;
    let alias = m
        .alias
        .as_deref()
        .map(|a| format!(" via alias {a:?}"))
        .unwrap_or_default();
    let flag = if m.ambiguous {
        "; AMBIGUOUS: check the runner-up"
    } else {
        ""
    };
    writeln!(
        out,
        "    method {:?}{alias}; confidence {:.3}{flag}",
        m.method, m.confidence
    )?;
    if !m.evidence.is_empty() {
        writeln!(out, "    evidence: {}", m.evidence)?;
    }
    for c in &m.candidates {
        writeln!(
            out,
            "    runner-up: {} ({}, {}) score {:.3}",
            c.name,
            c.entity_id,
            c.country_code.as_deref().unwrap_or("-"),
            c.score
        )?;
    }
    Ok(())
}
