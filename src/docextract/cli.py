"""The command line (contract §3, §5, §6): verify, extract, batch; and eval for engineers."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from fnmatch import fnmatch
from pathlib import Path

from docextract import __version__
from docextract.api import atomic_write, extract_file, verify_submission, write_report
from docextract.batch import NoProgress, RichProgress, choose_runner, run_batch, summary_to_table
from docextract.config import load_pipeline
from docextract.evaluate import (
    default_workers,
    format_run,
    load_baseline,
    restrict,
    run_eval,
    run_to_json,
)
from docextract.exceptions import DocextractError, ExitCode, UsageError

log = logging.getLogger("docextract")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="docextract", description=__doc__)
    parser.add_argument("--version", action="version", version=f"docextract {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-v", "--verbose", action="store_true", help="debug logging, and tracebacks on errors"
    )
    common.add_argument(
        "--pipeline",
        type=Path,
        metavar="FILE",
        help="pipeline file (stages and thresholds); default pipelines/default.toml",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    verify = sub.add_parser("verify", parents=[common], help="verify one submission folder")
    verify.add_argument("submission", type=Path, metavar="SUBMISSION")
    verify.add_argument("--json", action="store_true", help="print the report JSON on stdout")
    verify.add_argument(
        "--out", type=Path, metavar="DIR", help="also write DIR/<id>.json and .html"
    )
    verify.add_argument(
        "--lang", choices=("ja", "en"), default="ja", help="language of customer messages"
    )
    verify.add_argument(
        "--keep-temp",
        type=Path,
        metavar="DIR",
        help="keep preprocessed page images under DIR for inspection",
    )

    extract = sub.add_parser("extract", parents=[common], help="read documents without a profile")
    extract.add_argument("files", type=Path, nargs="+", metavar="FILE")
    extract.add_argument("--json", action="store_true", help="JSON Lines output (the default)")

    batch = sub.add_parser("batch", parents=[common], help="verify every submission in a folder")
    batch.add_argument("inbox", type=Path, metavar="INBOX")
    batch.add_argument("--out", type=Path, metavar="DIR", required=True)
    batch.add_argument("--lang", choices=("ja", "en"), default="ja")
    batch.add_argument("--no-progress", action="store_true", help="no progress bar or lines")
    batch.add_argument(
        "--workers",
        type=int,
        default=default_workers(),
        help="parallel worker processes (default: %(default)s)",
    )
    batch.add_argument(
        "--executor",
        choices=("local", "dask"),
        default="local",
        help="local processes, or a Dask distributed cluster (needs --scheduler)",
    )
    batch.add_argument(
        "--scheduler",
        metavar="tcp://HOST:PORT",
        help="address of the Dask scheduler, for --executor dask",
    )

    ev = sub.add_parser(
        "eval", parents=[common], help="score extraction and verdicts against ground truth"
    )
    ev.add_argument(
        "corpus",
        type=Path,
        metavar="DIR",
        help="documents with X.json truth beside them, and submission folders with expected.json",
    )
    ev.add_argument(
        "--baseline",
        type=Path,
        metavar="FILE",
        help="mark each figure better/same/worse against this saved run",
    )
    ev.add_argument(
        "--save",
        type=Path,
        metavar="FILE",
        help="save this run (outcomes per document and slot) as JSON",
    )
    ev.add_argument(
        "--workers",
        type=int,
        default=default_workers(),
        help="parallel processes (default: %(default)s)",
    )
    ev.add_argument(
        "--only",
        metavar="GLOB",
        action="append",
        help="score only paths (relative to DIR) matching GLOB; repeatable",
    )
    return parser


def cmd_verify(args: argparse.Namespace) -> int:
    verification = verify_submission(
        args.submission,
        config=load_pipeline(args.pipeline),
        lang=args.lang,
        keep_temp=args.keep_temp,
    )
    report = verification.report
    if args.out:
        path = write_report(verification, args.out)
        print(f"report written to {path} and {path.with_suffix('.html')}", file=sys.stderr)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(f"{report['submission_id']}: {report['overall']}")
        for slot, data in report["slots"].items():
            reasons = ", ".join(data["reasons"])
            print(f"  {slot:<17} {data['status']:<14} {data['document_type']:<22} {reasons}")
    return ExitCode.ok


def cmd_extract(args: argparse.Namespace) -> int:
    config = load_pipeline(args.pipeline)
    for path in args.files:
        print(json.dumps(extract_file(path, config=config), ensure_ascii=False), flush=True)
    return ExitCode.ok


def cmd_batch(args: argparse.Namespace) -> int:
    summary = run_batch(
        args.inbox,
        args.out,
        config=load_pipeline(args.pipeline),
        lang=args.lang,
        runner=choose_runner(args.executor, args.workers, args.scheduler),
        progress=NoProgress() if args.no_progress else RichProgress(),
    )
    print(summary_to_table(summary, args.out))
    return ExitCode.batch_failures if summary.failed else ExitCode.ok


def cmd_eval(args: argparse.Namespace) -> int:
    if not args.corpus.is_dir():
        raise UsageError(f"{args.corpus} is not a folder")
    baseline = load_baseline(args.baseline) if args.baseline else None
    patterns = args.only or []
    run = run_eval(
        args.corpus,
        pipeline=args.pipeline,
        workers=args.workers,
        only=(lambda rel: any(fnmatch(rel, p) for p in patterns)) if patterns else None,
        progress=lambda done, total: print(f"\r{done}/{total}", end="", file=sys.stderr),
    )
    print(file=sys.stderr)
    if not run.documents and not run.slots:
        raise UsageError(f"no documents with ground truth and no submissions under {args.corpus}")
    if baseline is not None:
        baseline = restrict(
            baseline, {d.rel for d in run.documents}, {s.submission for s in run.slots}
        )
    print(format_run(run, baseline))
    if args.save:
        atomic_write(args.save, json.dumps(run_to_json(run), ensure_ascii=False, indent=1) + "\n")
        print(f"saved to {args.save}", file=sys.stderr)
    return ExitCode.ok


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "verify": cmd_verify,
    "extract": cmd_extract,
    "batch": cmd_batch,
    "eval": cmd_eval,
}


def cli_exception_handler(
    func: Callable[[argparse.Namespace], int], args: argparse.Namespace
) -> int:
    """The one place errors become messages and exit codes; tracebacks only with -v."""
    try:
        return func(args)
    except DocextractError as e:
        if args.verbose:
            log.exception("traceback")
        print(f"docextract: error: {e.message}", file=sys.stderr)
        return int(e.exit_code)
    except KeyboardInterrupt:
        print("docextract: interrupted", file=sys.stderr)
        return 130
    except Exception as e:
        if args.verbose:
            log.exception("internal error")
        print(
            f"docextract: internal error: {type(e).__name__}: {e} "
            "(run again with -v for the traceback, and please report it)",
            file=sys.stderr,
        )
        return int(ExitCode.internal)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    return cli_exception_handler(COMMANDS[args.command], args)


if __name__ == "__main__":
    sys.exit(main())
