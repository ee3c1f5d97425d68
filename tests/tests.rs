//! Integration tests: one binary, modules per area (see ripgrep's layout).

mod accuracy;
mod alias_quality;
mod audit;
mod cli;
mod contested;
mod disambiguation;
mod faults;
mod fuzz;
mod geojson_conventions;
mod hardening;
mod import;
mod languages;
mod map;
mod multilingual;
mod outputs;
mod people_languages;
mod physical;
mod resolve;
mod seeds;
mod serve;
mod spark;
mod stream;
mod variants;

use std::path::{Path, PathBuf};

/// The repository root (tests run with the package root as working directory).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The sample articles shipped in `data/articles/`.
pub fn articles() -> PathBuf {
    root().join("data/articles")
}

/// Reads a sample article by its number prefix (`"003"`).
pub fn article(prefix: &str) -> (String, String) {
    let dir = articles();
    let entry = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no article {prefix} in {}", dir.display()));
    let text = std::fs::read_to_string(&entry).unwrap();
    (name_of(&entry), text)
}

fn name_of(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// The `mentionmap` binary, run in `dir`.
pub fn mentionmap(dir: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("mentionmap").unwrap();
    cmd.current_dir(dir);
    cmd
}
