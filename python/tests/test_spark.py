"""scripts/spark_count.py in both modes, RDD.pipe through the binary and the package in
mapPartitions, each equal to one `count` of the same feed. Needs pyspark and Java 17 (.ci/run
installs pyspark in the test environment)."""

import json
import shutil
import subprocess
import sys

import pytest


@pytest.fixture(scope="module")
def feed(tmp_path_factory, articles):
    try:
        import pyspark  # noqa: F401
    except ImportError:
        from conftest import missing

        missing("pyspark (pip install pyspark==3.5.3)")
    if shutil.which("java") is None:
        from conftest import missing

        missing("Java 17 (apt-get install openjdk-17-jre-headless)")
    directory = tmp_path_factory.mktemp("spark")
    lines = [json.dumps({"id": doc_id.split("/")[-1], "text": text}) for doc_id, text in articles]
    # Twice over, with distinct ids, so that four partitions have work.
    lines += [json.dumps({"id": f"again-{i}", "text": text}) for i, (_, text) in enumerate(articles)]
    (directory / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory


@pytest.mark.parametrize("mode", ["pipe", "package"])
def test_spark_modes_equal_one_count(cli, root, feed, mode):
    done = subprocess.run(
        [
            sys.executable,
            str(root / "scripts" / "spark_count.py"),
            "--mode",
            mode,
            "--binary",
            cli.binary,
            "--master",
            "local[2]",
            "--partitions",
            "4",
            "-o",
            "spark.json",
            "feed.jsonl",
        ],
        cwd=feed,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    report = next(l for l in done.stderr.splitlines() if l.startswith("spark_count: "))
    partitions = int(report.split()[1])
    assert partitions >= 3 and report.endswith(f"{partitions} counts lines"), report
    whole = cli("count", str(feed / "feed.jsonl"))
    merged = (feed / "spark.json").read_text(encoding="utf-8")
    assert json.loads(merged)["documents"] == 10
    assert json.loads(merged) == json.loads(whole)
