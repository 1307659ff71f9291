"""Where things are: the project root, the warehouse file, and read-only connections to it.

The warehouse is `warehouse/training_impacts.duckdb` under the project root unless the env var
TRAINING_IMPACTS_DB names another file; a relative path resolves against the project root, so
the same file is meant whatever the working directory.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

DEFAULT_WAREHOUSE = Path("warehouse") / "training_impacts.duckdb"
# What `make build` lists: the core marts, the scenarios and the fitted trends.
MARTS = (
    "dim_gpu_cards", "dim_accelerators", "fct_training_run_impacts", "fct_training_runs_excluded", "agg_impacts_by_year",
    "scn_location_shifting", "scn_location_shifting_by_year", "scn_grid_decarbonization",
    "scn_grid_decarbonization_by_year", "scn_hardware_lifespan", "scn_hardware_lifespan_by_year",
    "rpt_trend_fits", "rpt_hardware_trends", "rpt_performance_ratio_fits", "rpt_scenario_trend_fits",
    "fct_training_run_impacts_uncertainty", "agg_impacts_by_year_uncertainty", "rpt_growth_factor_uncertainty",
)


def _is_project_root(folder: Path) -> bool:
    project_file = folder / "dbt_project.yml"
    return project_file.is_file() and "name: training_impacts" in project_file.read_text(encoding="utf-8")


def project_root() -> Path:
    """The training-impacts checkout: TRAINING_IMPACTS_HOME, else the nearest folder above the
    working directory holding this dbt project, else the checkout this package was installed from."""
    if os.environ.get("TRAINING_IMPACTS_HOME"):
        return Path(os.environ["TRAINING_IMPACTS_HOME"]).resolve()
    for folder in [Path.cwd(), *Path.cwd().parents]:
        if _is_project_root(folder):
            return folder
    installed_from = Path(__file__).resolve().parents[2]
    if _is_project_root(installed_from):
        return installed_from
    raise RuntimeError(
        "cannot find the training-impacts project (a dbt_project.yml named training_impacts): "
        "run from inside the checkout or set TRAINING_IMPACTS_HOME"
    )


def resolve_in_project(path: str | os.PathLike) -> Path:
    path = Path(path).expanduser()
    return path if path.is_absolute() else (project_root() / path)


def warehouse_path() -> Path:
    """The warehouse file: TRAINING_IMPACTS_DB (relative to the project root) or the default."""
    return resolve_in_project(os.environ.get("TRAINING_IMPACTS_DB") or DEFAULT_WAREHOUSE)


@contextmanager
def read_only(path: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived read-only connection: a reader never blocks a build for long."""
    path = Path(path) if path else warehouse_path()
    if not path.is_file():
        raise FileNotFoundError(f"no warehouse at {path}: run `make build` first")
    connection = duckdb.connect(str(path), read_only=True)
    try:
        yield connection
    finally:
        connection.close()


def row_counts(path: Path | None = None, tables: tuple[str, ...] = MARTS) -> dict[str, int]:
    with read_only(path) as connection:
        return {table: connection.execute(f"select count(*) from main.{table}").fetchone()[0] for table in tables}
