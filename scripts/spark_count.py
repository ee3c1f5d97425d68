#!/usr/bin/env python3
"""Count mentions on Apache Spark: `mentionmap count` per partition, then `merge`.

Two modes give the same counts:

- `--mode pipe` (the default): each partition of the JSONL input is piped through
  `mentionmap count --jsonl` on an executor (RDD.pipe), which writes one line of counts; the
  driver merges the lines with `mentionmap merge`.
- `--mode package`: each partition is counted in the executor's Python worker by the
  `mentionmap` Python package (`pip install mentionmap` on the executors), in mapPartitions,
  with one Scanner per worker process (`mentionmap.shared_scanner`: the gazetteer is loaded
  once, not per task); the driver adds the Counts. No binary, no pipes.

Either way the result is the exact counts of the whole input (counts are a commutative
monoid, whatever the split).

The binary is shipped to the executors with the job (by spark-submit --files, or else by
SparkContext.addFile from --binary), so they need nothing installed; the driver runs it too, for
the merge. Give every document an id (--id-field): a document
without one is named after its line in its partition, which changes with the split.

Local mode (pyspark from PyPI and Java 17):

    python3 scripts/spark_count.py --binary target/release/mentionmap --partitions 4 feed.jsonl
    python3 scripts/spark_count.py --mode package --partitions 4 feed.jsonl

On a cluster (the binary must be built for the executors' platform):

    spark-submit --master yarn --files target/release/mentionmap \\
        scripts/spark_count.py --binary target/release/mentionmap -o counts.json \\
        'hdfs:///news/*.jsonl'
    mentionmap export counts.json --out exports
"""

import argparse
import json
import os
import shlex
import subprocess
import sys

from pyspark import SparkConf, SparkContext, SparkFiles


def package_options(count_args):
    """The `count` options of --count-args that package mode reads: (scanner options, JSONL
    fields). Any other option is refused rather than ignored."""
    parser = argparse.ArgumentParser(prog="--count-args", add_help=False)
    parser.add_argument("--jsonl", action="store_true")
    parser.add_argument("--text-field", default="text")
    parser.add_argument("--id-field", default="id")
    parser.add_argument("--date-field")
    parser.add_argument("--source-field")
    parser.add_argument("--gazetteer", action="append", default=[])
    parser.add_argument("--extend", action="append", default=[])
    parser.add_argument("--country")
    parser.add_argument("--bbox")
    parser.add_argument("--no-fuzzy", action="store_true")
    parser.add_argument("--no-variants", action="store_true")
    parser.add_argument("--skip-bad-rows", action="store_true")
    args, unknown = parser.parse_known_args(shlex.split(count_args))
    if unknown:
        sys.exit(f"spark_count: --mode package does not take {' '.join(unknown)}")
    scanner = {
        "gazetteer": args.gazetteer or None,
        "extend": args.extend,
        "country": args.country,
        "bbox": args.bbox,
        "fuzzy": not args.no_fuzzy,
        "variants": not args.no_variants,
        "skip_bad_rows": args.skip_bad_rows,
    }
    fields = (args.text_field, args.id_field, args.date_field, args.source_field)
    return scanner, fields


def count_partitions(options, fields, threads):
    """The mapPartitions function of package mode: one counts line per partition."""
    text_field, id_field, date_field, source_field = fields

    def documents(lines):
        # The documents of a partition's JSONL lines, named as `count --jsonl` names them.
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            record = json.loads(line)
            doc_id = record.get(id_field)
            if isinstance(doc_id, bool) or not isinstance(doc_id, (str, int, float)):
                doc_id = f"<stdin>:{number}"
            text = record.get(text_field)
            if not isinstance(text, str):
                raise ValueError(f"line {number}: no string field {text_field!r} (set --text-field)")
            date = record.get(date_field) if date_field else None
            source = record.get(source_field) if source_field else None
            if source is not None and not isinstance(source, str):
                source = json.dumps(source)
            yield (doc_id, text, date, source)

    def count(lines):
        import mentionmap

        scanner = mentionmap.shared_scanner(**options)
        yield scanner.count(documents(lines), threads=threads).to_json()

    return count


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="+", help="JSONL files or globs Spark can read")
    parser.add_argument(
        "--mode",
        choices=["pipe", "package"],
        default="pipe",
        help="pipe: RDD.pipe through the binary; package: the mentionmap Python package in mapPartitions",
    )
    parser.add_argument(
        "--binary",
        default="mentionmap",
        help="the mentionmap binary: a path on the driver, shipped to the executors",
    )
    parser.add_argument("--partitions", type=int, default=None, help="at least this many partitions")
    parser.add_argument(
        "--count-args",
        default="",
        help="more options for `mentionmap count`, e.g. '--text-field body --id-field url'",
    )
    parser.add_argument(
        "--threads-per-task",
        type=int,
        default=1,
        help="scanning threads of each count process (Spark already runs a task per core)",
    )
    parser.add_argument("-o", "--output", help="write the merged counts here (default: stdout)")
    parser.add_argument("--master", help="Spark master (default: spark-submit's, or local[*])")
    args = parser.parse_args()

    name = os.path.basename(args.binary)
    conf = SparkConf().setAppName("mentionmap count")
    # stderr is for this script's report; Spark's console progress bar would bury it.
    conf.setIfMissing("spark.ui.showConsoleProgress", "false")
    if args.master:
        conf.setMaster(args.master)
    elif not conf.contains("spark.master"):
        conf.setMaster("local[*]")
    if args.mode == "package":
        # Fail on the driver, before Spark starts, when the package is missing.
        import mentionmap

        options, fields = package_options(args.count_args)
    if conf.get("spark.master", "").startswith("local"):
        # Local executors run Python workers on this machine: the driver's Python (a virtual
        # environment's, with the package) unless PYSPARK_PYTHON says otherwise.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    sc = SparkContext(conf=conf)
    sc.setLogLevel("WARN")
    if args.mode == "package":
        try:
            lines = sc.textFile(",".join(args.inputs), minPartitions=args.partitions)
            counting = count_partitions(options, fields, args.threads_per_task)
            parts = lines.mapPartitions(counting).collect()
            print(
                f"spark_count: {lines.getNumPartitions()} partitions, {len(parts)} counts lines",
                file=sys.stderr,
            )
        finally:
            sc.stop()
        total = sum((mentionmap.Counts.from_json(part) for part in parts), mentionmap.Counts())
        write(args.output, total.to_json() + "\n")
        return
    try:
        shipped = [os.path.basename(f) for f in conf.get("spark.files", "").split(",") if f]
        if name not in shipped:
            # Not shipped with spark-submit --files: ship it from the driver.
            sc.addFile(os.path.abspath(args.binary))
        # Executors find shipped files in their working directory; local executors share the
        # driver's copy.
        on_executor = SparkFiles.get(name) if sc.master.startswith("local") else "./" + name
        command = [on_executor, "count", "--jsonl", "--threads", str(args.threads_per_task)]
        command += shlex.split(args.count_args)
        lines = sc.textFile(",".join(args.inputs), minPartitions=args.partitions)
        # RDD.pipe writes each line to the process's stdin and returns its stdout lines; with
        # checkCode a failing count fails the task (and the job), never a silent partial count.
        parts = lines.pipe(" ".join(shlex.quote(c) for c in command), checkCode=True).collect()
        print(
            f"spark_count: {lines.getNumPartitions()} partitions, {len(parts)} counts lines",
            file=sys.stderr,
        )
    finally:
        sc.stop()

    merged = subprocess.run(
        [os.path.abspath(args.binary), "merge", "-"],
        input="\n".join(parts) + "\n",
        capture_output=True,
        text=True,
    )
    if merged.returncode != 0:
        sys.exit(f"spark_count: mentionmap merge failed: {merged.stderr.strip()}")
    write(args.output, merged.stdout)


def write(path, text):
    """The merged counts to `path`, or stdout."""
    if path:
        with open(path, "w", encoding="utf-8") as out:
            out.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
