"""Where things are: the project root, the warehouse file, and read-only connections to it.

The warehouse is `warehouse/training_impacts.duckdb` under the project root unless the env var
TRAINING_IMPACTS_DB names another file; a relative path resolves against the project root, so
the same file is meant whatever the working directory.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

DEFAULT_WAREHOUSE = Path("warehouse") / "training_impacts.duckdb"
# The order the marts are listed in (build summary, `training-impacts info`): by kind, then name.
MART_KIND_ORDER = ("dim", "fct", "agg", "scn", "rpt", "meta")


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


def _mart_order(name: str) -> tuple[int, str]:
    kind = name.split("_", 1)[0]
    return (MART_KIND_ORDER.index(kind) if kind in MART_KIND_ORDER else len(MART_KIND_ORDER), name)


def mart_names(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """The marts a warehouse holds: every table and view of schema main, as the build wrote them
    (the dbt models of models/marts/; no list to keep in step with the DAG), dims first."""
    return sorted((row[0] for row in connection.execute(
        "select table_name from information_schema.tables where table_schema = 'main'").fetchall()), key=_mart_order)


def manifest_marts(manifest: Path) -> list[str]:
    """The marts a dbt invocation built: the enabled models of schema main in its manifest.json
    (what a finished build must hold, whatever its file lets a reader see)."""
    nodes = json.loads(Path(manifest).read_text(encoding="utf-8"))["nodes"].values()
    return sorted((node.get("alias") or node["name"] for node in nodes
                   if node["resource_type"] == "model" and node.get("schema") == "main"
                   and node.get("config", {}).get("enabled", True)), key=_mart_order)


def row_counts(path: Path | None = None, tables: list[str] | None = None) -> dict[str, int]:
    """Rows of each of `tables` (default: every mart the warehouse holds, mart_names) in the
    warehouse at `path`, in one read-only connection; a table it lacks is an error."""
    with read_only(path) as connection:
        return {table: connection.execute(f'select count(*) from main."{table}"').fetchone()[0]
                for table in (tables if tables is not None else mart_names(connection))}
