#!/usr/bin/env python3
"""Count mentions on Apache Spark: `mentionmap count` as an RDD.pipe stage, then `merge`.

Each partition of the JSONL input is piped through `mentionmap count --jsonl` on an executor,
which writes one line of counts; the driver merges the lines with `mentionmap merge` into the
exact counts of the whole input (counts are a commutative monoid, whatever the split).

The binary is shipped to the executors with the job (by spark-submit --files, or else by
SparkContext.addFile from --binary), so they need nothing installed; the driver runs it too, for
the merge. Give every document an id (--id-field): a document
without one is named after its line in its partition, which changes with the split.

Local mode (pyspark from PyPI and Java 17):

    python3 scripts/spark_count.py --binary target/release/mentionmap --partitions 4 feed.jsonl

On a cluster (the binary must be built for the executors' platform):

    spark-submit --master yarn --files target/release/mentionmap \\
        scripts/spark_count.py --binary target/release/mentionmap -o counts.json \\
        'hdfs:///news/*.jsonl'
    mentionmap export counts.json --out exports
"""

import argparse
import os
import shlex
import subprocess
import sys

from pyspark import SparkConf, SparkContext, SparkFiles


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="+", help="JSONL files or globs Spark can read")
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
    sc = SparkContext(conf=conf)
    sc.setLogLevel("WARN")
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
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            out.write(merged.stdout)
    else:
        sys.stdout.write(merged.stdout)


if __name__ == "__main__":
    main()
