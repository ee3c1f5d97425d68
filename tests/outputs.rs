//! Outputs (issue 13): every destination checked before the scan, the files of a run put in place
//! together, special files written through, and no temporary file left by an interrupted run.

use std::path::Path;

use predicates::prelude::*;

/// A one-place gazetteer, so that each run loads in milliseconds.
fn gazetteer(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("g.csv");
    std::fs::write(
        &path,
        "entity_id,kind,name,latitude,longitude,country_code,feature_code,population\n\
         gn:587084,place,Baku,40.37767,49.89201,AZ,PPLC,2300000\n",
    )
    .unwrap();
    path
}

/// The names in `dir` that are mentionmap's temporary files.
fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".mentionmap-"))
        .collect()
}

#[test]
fn a_wrong_destination_is_refused_before_any_input_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let g = gazetteer(dir.path());
    std::fs::write(dir.path().join("taken.txt"), "not a directory").unwrap();
    std::fs::create_dir(dir.path().join("folder")).unwrap();
    // The input does not exist: a run that read it before checking its outputs would report
    // that instead.
    let cases: [(&[&str], &str); 4] = [
        (&["map", "--out", "taken.txt"], "is a file, not a directory"),
        (
            &["audit", "--out", "taken.txt"],
            "is a file, not a directory",
        ),
        (&["scan", "-o", "folder"], "folder: is a directory"),
        (&["scan", "-o", "taken.txt"], "taken.txt: already exists"),
    ];
    for (args, message) in cases {
        super::mentionmap(dir.path())
            .args(args)
            .arg("--gazetteer")
            .arg(&g)
            .arg("no-such-input.txt")
            .assert()
            .code(1)
            .stderr(
                predicate::str::contains(message)
                    .and(predicate::str::contains("no-such-input").not()),
            );
    }
    // An existing optional output (here map.svg) is found before anything is written.
    std::fs::write(dir.path().join("folder/map.svg"), "mine").unwrap();
    super::mentionmap(dir.path())
        .args(["map", "--svg", "--out", "folder", "--gazetteer"])
        .arg(&g)
        .write_stdin("Baku.")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("map.svg: already exists"));
    assert_eq!(
        std::fs::read_dir(dir.path().join("folder"))
            .unwrap()
            .count(),
        1,
        "nothing was written before the refusal"
    );
}

#[cfg(unix)]
#[test]
fn a_run_that_fails_leaves_the_previous_outputs_whole() {
    let dir = tempfile::tempdir().unwrap();
    let g = gazetteer(dir.path());
    std::fs::write(dir.path().join("a.txt"), "Shelling hit Baku.").unwrap();
    super::mentionmap(dir.path())
        .args(["map", "--gazetteer"])
        .arg(&g)
        .arg("a.txt")
        .assert()
        .success();
    let out = dir.path().join("exports");
    let before: Vec<(String, Vec<u8>)> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    assert!(before.len() >= 8, "{before:?}");
    // A second, forced run stops at a bad document after the first was scanned and written.
    std::fs::write(dir.path().join("b.txt"), b"Baku again \xff.").unwrap();
    super::mentionmap(dir.path())
        .args(["map", "--force", "--strict", "--gazetteer"])
        .arg(&g)
        .args(["a.txt", "b.txt"])
        .assert()
        .code(1);
    for (name, bytes) in &before {
        assert_eq!(
            &std::fs::read(out.join(name)).unwrap(),
            bytes,
            "{name} was changed by a failed run"
        );
    }
    assert_eq!(temporaries(&out), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn special_files_are_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let g = gazetteer(dir.path());
    let fifo = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo (coreutils) runs");
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    // No --force: writing into a pipe replaces nothing.
    super::mentionmap(dir.path())
        .args(["scan", "-o", "pipe", "--gazetteer"])
        .arg(&g)
        .write_stdin("Shelling hit Baku.")
        .assert()
        .success();
    let read = reader.join().unwrap();
    assert!(read.contains("\"surface\":\"Baku\""), "{read}");
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());
    assert_eq!(temporaries(dir.path()), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn an_interrupted_run_removes_its_temporary_files() {
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let g = gazetteer(dir.path());
    let out = dir.path().join("exports");
    // Standard input stays open, so the run waits inside its scan, mentions.jsonl half-written.
    let mut child = Command::new(env!("CARGO_BIN_EXE_mentionmap"))
        .current_dir(dir.path())
        .args(["map", "-q", "--gazetteer"])
        .arg(&g)
        .arg("-")
        .stdin(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut waited = 0;
    while !out.exists() || temporaries(&out).is_empty() {
        assert!(waited < 600, "no temporary file appeared in a minute");
        std::thread::sleep(std::time::Duration::from_millis(100));
        waited += 1;
    }
    // Held open until the run has ended, so that it cannot finish on end of input instead.
    let stdin = child.stdin.take();
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    drop(stdin);
    assert_eq!(status.code(), Some(130), "{status:?}");
    assert_eq!(temporaries(&out), Vec::<String>::new());
    assert!(!out.join("mentions.jsonl").exists());
}
