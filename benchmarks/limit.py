"""The benchmark's limit: one plain DuckDB statement (limit.sql) computing the core per-run
outputs of the bench's synthetic jobs from the same files the warehouse reads. It is what the
work costs in DuckDB without dbt, the staging, the checks and the marts' many columns; `make
bench` sets the warehouse's CPU time per run against it, and checks both agree run by run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from benchmarks.calculators import relative_difference_to_warehouse
from benchmarks.timing import Timing
from training_impacts.warehouse import project_root, read_only

SQL = Path(__file__).with_name("limit.sql")
VARS = ("pue_early", "pue_late", "pue_early_year", "pue_late_year", "hardware_lifetime_years",
        "hardware_utilization", "memory_density_gb_per_cm2", "gpus_per_server")


def limit_sql(jobs_csv: Path, overrides: dict | None = None) -> str:
    """The statement, with the files and dbt_project.yml's vars (or `overrides`) filled in."""
    root = project_root()
    project_vars = {**yaml.safe_load((root / "dbt_project.yml").read_text(encoding="utf-8"))["vars"], **(overrides or {})}
    files = {
        "jobs_csv": jobs_csv, "gpu_cards_csv": root / "seeds/hardware/gpu_cards.csv",
        "aliases_csv": root / "seeds/hardware/gpu_hardware_aliases.csv",
        "server_csv": root / "seeds/reference/server_configuration.csv",
        "base_csv": root / "seeds/reference/gpu_embodied_base.csv",
        "component_factors_csv": root / "seeds/boavizta/boavizta_component_factors.csv",
        "electricity_factors_csv": root / "seeds/boavizta/boavizta_electricity_factors.csv",
    }
    values = {name: float(project_vars[name]) for name in VARS}
    return SQL.read_text(encoding="utf-8").format(**{name: str(path).replace("'", "''") for name, path in files.items()},
                                                  **values)


# The child connects, then times the statement alone (CPU of the process: DuckDB's threads
# included), so Python's and DuckDB's start-up are left out, as the warehouse's start-up is.
_CHILD = """
import json, resource, sys, time, duckdb
database, memory_limit, sql = sys.argv[1], sys.argv[2], sys.stdin.read()
db = duckdb.connect(database, config={"threads": 2, "memory_limit": memory_limit, "temp_directory": database + ".tmp"})
before, start = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
db.execute(sql)
db.execute("checkpoint")
after, wall = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter() - start
runs = db.execute("select count(*) from limit_runs").fetchone()[0]
cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
print(json.dumps({"runs": runs, "wall": wall, "cpu": cpu, "rss_kib": after.ru_maxrss}))
"""


def run_limit(jobs_csv: Path, database: Path, memory_limit: str = "3GB", overrides: dict | None = None) -> Timing:
    """Run the statement into a new DuckDB file `database`, in a child process."""
    database.unlink(missing_ok=True)
    completed = subprocess.run([sys.executable, "-c", _CHILD, str(database), memory_limit],
                               input=limit_sql(jobs_csv, overrides), capture_output=True, text=True)
    if completed.returncode != 0:
        raise RuntimeError(f"the limit query failed on {jobs_csv}: {completed.stderr.strip().splitlines()[-1:]}")
    measured = json.loads(completed.stdout.strip().splitlines()[-1])
    return Timing("limit", measured["runs"], measured["wall"], measured["rss_kib"] / 1024, measured["cpu"])


def limit_against_warehouse(limit_db: Path, warehouse_db: Path) -> tuple[float, int]:
    """The largest relative difference between the limit's and the warehouse's outputs, over the
    custom runs of both, and how many runs were compared."""
    with read_only(warehouse_db) as db:
        db.execute(f"attach '{str(limit_db).replace(chr(39), chr(39) * 2)}' as limit_file (read_only)")
        return relative_difference_to_warehouse(db, "limit_file.limit_runs")
