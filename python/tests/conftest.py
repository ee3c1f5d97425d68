"""Shared fixtures: the repository, the sample articles, the CLI to compare with.

A tool a test needs (the CLI binary, pandas, pyspark and Java) that is missing skips the test
with a message on a developer's machine and fails it in CI (where `CI` is set), as the Rust
tests do: CI must not pass by skipping.
"""

import os
import pathlib
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
ARTICLES = sorted((ROOT / "data" / "articles").glob("*.txt"))


def missing(what):
    """Skips the calling test for lack of `what`, or fails it in CI."""
    message = f"this test needs {what}"
    if os.environ.get("CI"):
        pytest.fail(f"{message}, and CI must run it (.ci/run installs it)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def articles():
    """(id, text) of the sample articles, the id as the CLI names them from the repository."""
    assert len(ARTICLES) == 5
    return [(f"data/articles/{p.name}", p.read_text(encoding="utf-8")) for p in ARTICLES]


@pytest.fixture(scope="session")
def scanner():
    import mentionmap

    return mentionmap.Scanner()


@pytest.fixture(scope="session")
def cli():
    """Runs the mentionmap binary (MENTIONMAP_BIN, else target/release or target/debug) in the
    repository and returns its stdout."""
    candidates = [os.environ.get("MENTIONMAP_BIN")] + [
        str(ROOT / "target" / profile / "mentionmap") for profile in ("release", "debug")
    ]
    binary = next((c for c in candidates if c and shutil.which(c)), None)
    if binary is None:
        missing("the mentionmap binary (cargo build, or MENTIONMAP_BIN)")

    def run(*args, input=None):
        done = subprocess.run(
            [binary, *args], cwd=ROOT, input=input, capture_output=True, text=True
        )
        assert done.returncode == 0, f"mentionmap {' '.join(args)} failed: {done.stderr}"
        return done.stdout

    run.binary = binary
    return run
