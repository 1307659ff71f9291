"""The parts of the report that make it a study rather than a dump of tables: what the build ran
with (meta_build_parameters, meta_build_inputs), how every input record was estimated or
excluded, the Monte Carlo interval of the total, the summary, limitations, references,
provenance and the appendix of CSV files. report.py assembles them with the findings.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from training_impacts.warehouse import read_only

# The parameters the method section lists (every other one is in the appendix's CSV): the ones a
# reader needs to judge a number. Their values come from meta_build_parameters.
KEY_PARAMETERS = (
    ("method_profile", "method profile of the findings"),
    ("compared_method_profiles", "profiles Epoch's runs are also estimated under"),
    ("min_publication_year", "first publication year of the study"),
    ("trend_end_year", "last publication year of the trend fits"),
    ("hardware_lifetime_years", "hardware lifetime for the embodied allocation (years)"),
    ("hardware_utilization", "hardware utilisation over that lifetime"),
    ("gpus_per_server", "accelerators per server (server share of embodied impacts)"),
    ("performance_ratio", "paper profile: achieved / peak FLOP/s for GPU-h2"),
    ("best_estimate_performance_ratio", "best estimate: ratio where a run has no MFU of its own"),
    ("pue_early", "PUE of the paper profile's early years"),
    ("pue_late", "PUE of the paper profile's late years"),
    ("include_host_power", "host CPUs and RAM added to the accelerators' power"),
    ("gwp_grid_factor_source", "grid GWP factors"),
    ("die_factor_model", "embodied die factor model"),
    ("memory_density_gb_per_cm2", "memory density (GB per cm² of DRAM die)"),
    ("impute_missing_hardware", "runs without hardware given their organisation's usual accelerator"),
    ("monte_carlo_draws", "Monte Carlo draws of the parameters"),
)

# The study's references: (key, text). The report cites them by key.
REFERENCES = (
    ("morand2025", "Morand, C., Ligozat, A.-L., Névéol, A. (2025). The Environmental Impacts of Machine Learning "
                   "Training Keep Rising Evidencing Rebound Effect. arXiv:2510.09022. The method reproduced here."),
    ("epoch_models", "Epoch AI (2025). Data on AI Models (the Notable AI Models subset). Published online at epoch.ai, "
                     "https://epoch.ai/data/ai-models. Licence CC BY 4.0. The training runs."),
    ("epoch_hardware", "Epoch AI (2025). Data on Machine Learning Hardware. https://epoch.ai/data/machine-learning-"
                       "hardware. Licence CC BY 4.0. Cross-check of accelerator specifications."),
    ("boaviztapi", "Boavizta (2025). BoaviztAPI 2.5: multi-criteria impact factors of components and electricity "
                   "mixes. https://github.com/Boavizta/boaviztapi. Licence AGPL-3.0 (factor data read, not copied)."),
    ("mlca", "Morand, C., Ligozat, A.-L., Névéol, A. (2024). MLCA: a tool for Machine Learning Life Cycle "
             "Assessment. ICT4S 2024. The embodied-impact formulas per accelerator."),
    ("act", "Gupta, U. et al. (2022). ACT: Designing Sustainable Computer Systems with an Architectural Carbon "
            "Modeling Tool. ISCA 2022. The node-aware die factors (var die_factor_model)."),
    ("owid", "Our World in Data (2025), from Ember and the Energy Institute. Carbon intensity of electricity "
             "generation. https://ourworldindata.org/grapher/carbon-intensity-electricity. Licence CC BY 4.0."),
    ("cards", "Accelerator specifications: NVIDIA datasheets and whitepapers, Wikipedia's NVIDIA and TPU "
              "articles, the TechPowerUp GPU database; each row of dim_gpu_cards and dim_accelerators names its "
              "source (column `source`)."),
    ("published", "Published footprints of individual runs (the validation): each row of "
                  "seeds/reference/published_training_footprints.csv quotes its primary source."),
)


@dataclass
class BuildMetadata:
    """What the build recorded of itself; `parameters` maps each var to its value as built."""
    parameters: dict
    parameter_rows: pd.DataFrame | None
    inputs: pd.DataFrame | None
    source: str  # where `parameters` came from, said in the report


def table_present(connection, schema: str, table: str) -> bool:
    return bool(connection.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, table]).fetchone()[0])


def load_build_metadata(path: Path, fallback_vars: dict) -> BuildMetadata:
    """The vars and inputs the build recorded; a warehouse built before meta_build_parameters
    existed falls back to `fallback_vars` (dbt_project.yml's defaults), and the report says so."""
    with read_only(path) as connection:
        rows = (connection.execute("select * from main.meta_build_parameters order by parameter_order").df()
                if table_present(connection, "main", "meta_build_parameters") else None)
        inputs = (connection.execute("select * from main.meta_build_inputs order by input_order").df()
                  if table_present(connection, "main", "meta_build_inputs") else None)
    if rows is None or not len(rows):
        return BuildMetadata(dict(fallback_vars), None, inputs,
                             "dbt_project.yml's defaults (this warehouse has no meta_build_parameters: a build "
                             "may have overridden them)")
    parameters = {r["parameter"]: json.loads(r["value_json"]) for r in rows.to_dict("records")}
    return BuildMetadata(parameters, rows, inputs, "meta_build_parameters: the values this build ran with")


def is_bundled_sample(inputs: pd.DataFrame | None) -> bool:
    if inputs is None or "is_bundled_sample" not in inputs:
        return False
    epoch = inputs[inputs["input_name"] == "epoch_models"]
    return bool(len(epoch)) and bool(epoch["is_bundled_sample"].iloc[0])


# --- coverage ----------------------------------------------------------------------------------

ESTIMATED_LABELS = {
    "paper": "named NVIDIA GPU ({start}–{end}): the paper's scope",
    "named_hardware": "another vendor's chip, or outside {start}–{end}",
    "with_imputed": "imputed accelerator",
}


def coverage_counts(path: Path, start_year: int, end_year: int) -> pd.DataFrame:
    """Every input record of Epoch's export once: estimated (by the narrowest analysis scope that
    holds it) or excluded (by exclusion_reason). Columns outcome, reason, records."""
    queries = (("fct_training_run_impacts", "estimated", "analysis_scope"),
               ("fct_training_runs_excluded", "excluded", "exclusion_reason"))
    parts = []
    with read_only(path) as connection:
        for table, outcome, reason in queries:
            if not table_present(connection, "main", table):
                continue
            columns = {row[0] for row in connection.execute(
                "select column_name from information_schema.columns where table_schema = 'main' and table_name = ?",
                [table]).fetchall()}
            if reason not in columns:
                continue
            epoch_only = "where run_source = 'epoch'" if "run_source" in columns else ""
            parts.append(connection.execute(
                f"select '{outcome}' as outcome, {reason} as reason, count(*) as records "
                f"from main.{table} {epoch_only} group by all").df())
    counts = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["outcome", "reason", "records"])
    estimated = counts["outcome"] == "estimated"
    counts.loc[estimated, "reason"] = [ESTIMATED_LABELS.get(r, r).format(start=start_year, end=end_year)
                                       for r in counts.loc[estimated, "reason"]]
    counts["records"] = counts["records"].astype(int)
    return counts.sort_values(["outcome", "records"], ascending=[True, False]).reset_index(drop=True)


def coverage_sentence(counts: pd.DataFrame, paper_runs: int) -> str:
    estimated = int(counts.loc[counts["outcome"] == "estimated", "records"].sum())
    excluded = counts[counts["outcome"] == "excluded"]
    top = excluded.nlargest(3, "records")
    reasons = ", ".join(f"{int(r['records'])} `{r['reason']}`" for r in top.to_dict("records"))
    return (f"Of {estimated + int(excluded['records'].sum())} input records, {estimated} were estimated "
            f"({paper_runs} in the paper's scope) and {int(excluded['records'].sum())} excluded, each with its "
            f"reason (largest: {reasons}).")


def total_interval(path: Path, scope: str, start_year: int, end_year: int,
                   metric: str = "gwp_total_kgco2e") -> dict | None:
    """The 5th, 50th and 95th percentiles over the Monte Carlo draws of the sum of `metric` over
    Epoch's runs of `scope` published in the window (each draw's parameters are shared by every
    run, so the draws of the sum are summed per draw, not the runs' percentiles)."""
    with read_only(path) as connection:
        if not table_present(connection, "intermediate", "int_monte_carlo__run_draws"):
            return None
        row = connection.execute(
            f"""select count(*), quantile_cont(total, 0.05), quantile_cont(total, 0.5), quantile_cont(total, 0.95)
                from (select draw_id, sum({metric}) as total
                      from intermediate.int_monte_carlo__run_draws
                      where run_source = 'epoch' and analysis_scope = ? and publication_year between ? and ?
                      group by draw_id)""", [scope, start_year, end_year]).fetchone()
    if not row or not row[0]:
        return None
    return {"draws": int(row[0]), "p5": float(row[1]), "p50": float(row[2]), "p95": float(row[3])}


# --- parameters, limitations, provenance --------------------------------------------------------

def _value_text(value) -> str:
    return json.dumps(value) if isinstance(value, (dict, list)) else str(value)


def key_parameter_rows(metadata: BuildMetadata) -> list[list[str]]:
    overridden = set()
    if metadata.parameter_rows is not None:
        overridden = set(metadata.parameter_rows.loc[
            metadata.parameter_rows["value_source"] != "dbt_project.yml", "parameter"])
    rows = []
    for name, meaning in KEY_PARAMETERS:
        if name in metadata.parameters:
            value = _value_text(metadata.parameters[name])
            rows.append([f"`{name}`", meaning, f"**{value}** (set for this build)" if name in overridden else value])
    return rows


def overridden_parameters(metadata: BuildMetadata) -> list[str]:
    if metadata.parameter_rows is None:
        return []
    rows = metadata.parameter_rows[metadata.parameter_rows["value_source"] != "dbt_project.yml"]
    return [f"`{r['parameter']}` = {r['value_json']} (default {r['default_value_json']})" for r in rows.to_dict("records")]


def limitations(parameters: dict, coverage: pd.DataFrame, located_runs: int | None,
                validation: dict | None) -> list[str]:
    no_hardware = int(coverage.loc[(coverage["outcome"] == "excluded") & (coverage["reason"] == "no_hardware"),
                                   "records"].sum())
    items = [
        f"**Coverage.** Epoch's records are the population: {no_hardware} records name no accelerator and are "
        "left out unless imputed (var `impute_missing_hardware`), so the totals are those of the documented runs, "
        "not of all training in the field. Experiments, failed runs, hyper-parameter searches and inference are "
        "not counted.",
        "**GPU-hours.** Where a run states no duration, its GPU-hours come from its compute and an assumed "
        f"performance ratio (paper: {parameters.get('performance_ratio', 'n/a')}; best estimate: the run's own MFU, "
        f"else {parameters.get('best_estimate_performance_ratio', 'n/a')}). Epoch's MFU is often derived from the "
        "same paper that publishes a run's footprint, so the validation is not fully independent for those runs.",
        "**Power.** The use phase counts the accelerators' TDP times PUE"
        + (" plus the host's CPUs and RAM" if parameters.get("include_host_power") else
           "; host CPUs, memory and networking beyond what PUE covers are not counted")
        + "; TDP is an upper bound of the average draw, which offsets part of that omission.",
        "**Location.** " + (f"Only {located_runs} of these runs have a documented data-centre country "
                            "(seeds/reference/training_locations.csv); the others take their organisation's country, "
                            "whose grid may not be where they trained."
                            if located_runs is not None else "Runs take their organisation's country's grid."),
        "**Embodied impacts** follow MLCA's per-component factors (die area, memory, server share) with a "
        f"{parameters.get('hardware_lifetime_years', 'n/a')}-year lifetime at "
        f"{parameters.get('hardware_utilization', 'n/a')} utilisation; die areas marked ESTIMATE in the catalogue "
        "and the lifetime are the largest uncertainties (the Monte Carlo and the lifespan scenario show how much).",
        "**Other vendors' chips.** TPU, Trainium and Ascend specifications are less documented than NVIDIA's; "
        "several are estimated (flagged in `dim_accelerators`). The paper's own scope keeps to NVIDIA GPUs.",
    ]
    if validation:
        compared = max((v["compared"] for v in validation.values()), default=0)
        items.append(f"**Validation** rests on {compared} runs whose authors published GPU-hours; published energy "
                     "and CO2e carry their authors' own PUE and grid assumptions.")
    return items


def provenance_rows(inputs: pd.DataFrame | None) -> list[list[str]]:
    if inputs is None:
        return []
    rows = []
    for r in inputs.to_dict("records"):
        def text(column):
            value = r.get(column)
            return "" if value is None or pd.isna(value) else str(value)
        when = (f"downloaded {text('retrieved_at')} from {text('source_url')}" if text("retrieved_at") else
                f"copied {text('copied_at')} from {text('manifest_origin')} (publisher: {text('source_url')})"
                if text("copied_at") else "not recorded by `make data`")
        identity = text("git_commit") if r["input_name"] == "project_code" else text("sha256")
        if not identity and text("path") and r["input_name"] != "project_code":
            identity = "not hashed (larger than var max_hashed_input_bytes)"
        rows.append([f"`{r['input_name']}`", text("origin"), f"`{text('path')}`" if text("path") else "–",
                     f"`{identity}`" if identity else "–", text("bytes") or "–",
                     when if text("path") and r["input_name"] != "project_code" else "–"])
    return rows


def write_appendix(out_dir: Path, tables: dict[str, pd.DataFrame | None]) -> dict[str, Path]:
    """Each long table as out_dir/tables/<name>.csv; returns the files written, by name."""
    folder = out_dir / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, frame in tables.items():
        if frame is not None and len(frame):
            path = folder / f"{name}.csv"
            frame.to_csv(path, index=False)
            written[name] = path
    return written
