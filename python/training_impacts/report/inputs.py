"""Reading: everything the report takes from the warehouse, in one short read-only connection,
closed before anything is computed or drawn. The report fits nothing: its trends are the build's
`rpt_*` tables, and its parameters the vars the build recorded in `meta_build_parameters`.

`TABLES` and `QUERIES` are the one list of what the report reads. The marts among them are also
declared to dbt as the exposure `training_impacts_report` (models/marts/_exposures.yml); a test
checks that the exposure names no table this list lacks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from training_impacts import fits
from training_impacts.warehouse import read_only

# Read whole, from schema main (None where the warehouse has no such table).
TABLES = (
    "fct_training_run_impacts",
    "fct_training_runs_excluded",
    "dim_gpu_cards",
    "agg_impacts_by_year",
    "scn_location_shifting_by_year",
    "scn_grid_decarbonization_by_year",
    "scn_hardware_lifespan_by_year",
    "rpt_trend_fits",
    "rpt_hardware_trends",
    "rpt_scenario_trend_fits",
    "rpt_performance_ratio_fits",
    "fct_training_run_impacts_uncertainty",
    "rpt_growth_factor_uncertainty",
    "rpt_validation_published_footprints",
    "meta_build_parameters",
    "meta_build_inputs",
)
SCENARIO_TABLES = ("scn_location_shifting_by_year", "scn_grid_decarbonization_by_year", "scn_hardware_lifespan_by_year")

# Read by a query, from schema intermediate: too large to read whole, or one method profile of it.
QUERIES = {
    # Epoch's runs as the paper profile estimates them (every GPU-h2 at the one assumed ratio)
    "int_training_runs__epoch_impacts":
        "select * from intermediate.int_training_runs__epoch_impacts where method_profile = 'paper'",
    # the 5th, 50th and 95th percentiles over the Monte Carlo draws of the total GWP of Epoch's runs
    # of one scope and window: each draw's parameters are shared by every run, so the runs are
    # summed per draw first
    "int_monte_carlo__run_draws": """
        select count(*) as draws, quantile_cont(total, 0.05) as p5, quantile_cont(total, 0.5) as p50,
               quantile_cont(total, 0.95) as p95
        from (select draw_id, sum(gwp_total_kgco2e) as total
              from intermediate.int_monte_carlo__run_draws
              where run_source = 'epoch' and analysis_scope = ? and publication_year between ? and ?
              group by draw_id)""",
}

# The scopes of a warehouse without meta_build_parameters (var analysis_scopes unknown): the
# ones this project has always built, narrowest first.
DEFAULT_SCOPES = ("paper", "named_hardware", "with_imputed")
# the study years, for a warehouse without meta_build_parameters only: the build's vars
# min_publication_year and trend_end_year are the source
DEFAULT_STUDY_YEARS = (2013, 2025)


@dataclass
class BuildMetadata:
    """What the build recorded of itself; `parameters` maps each var to its value as built
    (empty when the warehouse has no meta_build_parameters)."""
    parameters: dict
    parameter_rows: pd.DataFrame | None
    inputs: pd.DataFrame | None
    source: str  # where `parameters` came from, said in the report


@dataclass
class Warehouse:
    """The report's inputs, in memory."""
    path: Path
    tables: dict[str, pd.DataFrame | None]
    metadata: BuildMetadata
    scopes: list[str]
    paper_runs: pd.DataFrame | None  # Epoch's runs of the paper scope under the paper profile
    total_draws: dict | None  # Monte Carlo percentiles of the total GWP of the paper scope
    start_year: int = DEFAULT_STUDY_YEARS[0]  # the study's years, as the build ran them
    end_year: int = DEFAULT_STUDY_YEARS[1]


def build_metadata(parameter_rows: pd.DataFrame | None, inputs: pd.DataFrame | None) -> BuildMetadata:
    """The vars and inputs the build recorded, from meta_build_parameters and meta_build_inputs."""
    if parameter_rows is None or not len(parameter_rows):
        return BuildMetadata({}, None, inputs, "none recorded: this warehouse has no meta_build_parameters "
                                               "(built before it existed), so the vars it ran with are unknown; "
                                               "rebuild (`make build`) to list them")
    rows = parameter_rows.sort_values("parameter_order").reset_index(drop=True)
    parameters = {r["parameter"]: json.loads(r["value_json"]) for r in rows.to_dict("records")}
    return BuildMetadata(parameters, rows, inputs, "meta_build_parameters: the values this build ran with")


def _present(connection) -> set[tuple[str, str]]:
    return {(schema, table) for schema, table in connection.execute(
        "select table_schema, table_name from information_schema.tables").fetchall()}


def _read_tables(connection, present: set) -> dict[str, pd.DataFrame | None]:
    return {table: connection.execute(f'select * from main."{table}"').df() if ("main", table) in present else None
            for table in TABLES}


def _total_draws(connection, present: set, scope: str, start_year: int, end_year: int) -> dict | None:
    if ("intermediate", "int_monte_carlo__run_draws") not in present:
        return None
    row = connection.execute(QUERIES["int_monte_carlo__run_draws"], [scope, start_year, end_year]).fetchone()
    if not row or not row[0]:
        return None
    return {"draws": int(row[0]), "p5": float(row[1]), "p50": float(row[2]), "p95": float(row[3])}


def _paper_runs(connection, present: set, scopes: list[str]) -> pd.DataFrame | None:
    if ("intermediate", "int_training_runs__epoch_impacts") not in present:
        return None
    runs = connection.execute(QUERIES["int_training_runs__epoch_impacts"]).df()
    return fits.runs_in_scope(runs, scopes, scopes[0]) if len(runs) else None


def read_warehouse(path: Path, start_year: int | None = None, end_year: int | None = None) -> Warehouse:
    """Every input of the report, read in one read-only connection. The study's years are the
    build's vars min_publication_year and trend_end_year unless given."""
    with read_only(path) as connection:
        present = _present(connection)
        tables = _read_tables(connection, present)
        metadata = build_metadata(tables["meta_build_parameters"], tables["meta_build_inputs"])
        scopes = fits.scope_list(metadata.parameters.get("analysis_scopes", DEFAULT_SCOPES))
        start_year = int(start_year if start_year is not None
                         else metadata.parameters.get("min_publication_year", DEFAULT_STUDY_YEARS[0]))
        end_year = int(end_year if end_year is not None
                       else metadata.parameters.get("trend_end_year", DEFAULT_STUDY_YEARS[1]))
        paper_runs = _paper_runs(connection, present, scopes)
        total_draws = _total_draws(connection, present, scopes[0], start_year, end_year)
    return Warehouse(Path(path), tables, metadata, scopes, paper_runs, total_draws, start_year, end_year)
