"""The `training-impacts` command line."""

from __future__ import annotations

import argparse
import sys


def _build(args: argparse.Namespace) -> int:
    from training_impacts.build import run_build, summary

    result = run_build(extra_args=args.dbt_args)
    print(summary(result))
    if result.ok:
        return 0
    return result.returncode if result.returncode >= 128 else 1  # 128 + signal: interrupted


def _fetch(args: argparse.Namespace) -> int:
    from training_impacts.fetch import FetchError, fetch_all

    try:
        manifest = fetch_all(from_dir=args.from_dir)
    except FetchError as error:
        print(f"fetch failed: {error}", file=sys.stderr)
        return 1
    for entry in manifest["files"]:
        print(f"  {entry['name']:<22} {entry['records']:>7,} records  {entry['path']}  (from {entry['origin']})")
    print(f"  manifest: {manifest['manifest_path']}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from training_impacts.report import write_report
    from training_impacts.warehouse import resolve_in_project, warehouse_path

    result = write_report(warehouse_path(), resolve_in_project(args.out_dir))
    print(f"report: {result['report_html']}")
    print(f"        {result['report_md']}  ({len(result['figures'])} figure files)")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from training_impacts.quality import run_validate  # great-expectations takes seconds to import

    return run_validate(args.warehouse, args.data_docs_dir, args.epoch_csv)


def _info(args: argparse.Namespace) -> int:
    from training_impacts.warehouse import project_root, row_counts, warehouse_path

    print(f"project:   {project_root()}")
    print(f"warehouse: {warehouse_path()}")
    for name, count in row_counts().items():
        print(f"  {name:<28} {count:>7,} rows")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="training-impacts",
        description="Environmental impacts of ML training runs: build and inspect the DuckDB warehouse.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser(
        "build",
        help="run dbt build (with all tests) and replace the warehouse only if it passes; "
             "other arguments go to dbt, e.g. --vars '{hardware_lifetime_years: 5}'",
    )
    build.set_defaults(handler=_build)

    fetch = commands.add_parser("fetch", help="download Epoch AI and OWID data into data/raw/ (with a manifest)")
    fetch.add_argument("--from", dest="from_dir", metavar="DIR",
                       help="take local copies from DIR (searched recursively) instead of downloading")
    fetch.set_defaults(handler=_fetch)

    report = commands.add_parser("report", help="read the warehouse (read-only) and write figures, report.md and report.html")
    report.add_argument("--out-dir", default="reports", help="output folder, relative to the project root (default: reports)")
    report.set_defaults(handler=_report)

    validate = commands.add_parser(
        "validate",
        help="run the great-expectations suites on the warehouse (read-only); exit 1 naming table, "
             "column and expectation on a failure; Data Docs HTML into reports/data_docs/",
    )
    validate.add_argument("--warehouse",
                          help="warehouse file (default: TRAINING_IMPACTS_DB or warehouse/training_impacts.duckdb)")
    validate.add_argument("--data-docs-dir", help="Data Docs folder (default: reports/data_docs)")
    validate.add_argument("--epoch-csv", help="also validate this raw Epoch CSV file")
    validate.set_defaults(handler=_validate)

    info = commands.add_parser("info", help="where the warehouse is and how many rows each mart holds")
    info.set_defaults(handler=_info)

    args, extra = parser.parse_known_args(argv)
    if args.command == "build":
        args.dbt_args = extra  # everything training-impacts does not know goes to `dbt build`
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
