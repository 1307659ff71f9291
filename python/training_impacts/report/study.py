"""The parts of the report that make it a study rather than a dump of tables: the key
parameters and which a build overrode, how every input record was estimated or excluded, the
limitations, the references and the provenance. Pure functions on frames read by inputs.py."""

from __future__ import annotations

import pandas as pd

from .formatting import code_span, value_text
from .inputs import BuildMetadata

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


def coverage_counts(estimated: pd.DataFrame | None, excluded: pd.DataFrame | None, start_year: int,
                    end_year: int) -> pd.DataFrame:
    """Every input record of Epoch's export once: estimated (fct_training_run_impacts, by the
    narrowest analysis scope that holds it) or excluded (fct_training_runs_excluded, by
    exclusion_reason). Columns outcome, reason, records."""
    parts = []
    for frame, outcome, reason in ((estimated, "estimated", "analysis_scope"), (excluded, "excluded", "exclusion_reason")):
        if frame is None or reason not in frame:
            continue
        if "run_source" in frame:
            frame = frame[frame["run_source"] == "epoch"]
        counted = frame.groupby(reason, dropna=False).size()
        parts.append(pd.DataFrame({"outcome": outcome, "reason": counted.index, "records": counted.to_numpy()}))
    counts = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["outcome", "reason", "records"])
    estimated_rows = counts["outcome"] == "estimated"
    counts.loc[estimated_rows, "reason"] = [ESTIMATED_LABELS.get(r, r).format(start=start_year, end=end_year)
                                            for r in counts.loc[estimated_rows, "reason"]]
    counts["records"] = counts["records"].astype(int)
    return counts.sort_values(["outcome", "records"], ascending=[True, False]).reset_index(drop=True)


def coverage_sentence(counts: pd.DataFrame, paper_runs: int) -> str:
    estimated = int(counts.loc[counts["outcome"] == "estimated", "records"].sum())
    excluded = counts[counts["outcome"] == "excluded"]
    top = excluded.nlargest(3, "records")
    reasons = ", ".join(f"{int(r['records'])} `{r['reason']}`" for r in top.to_dict("records"))
    return (f"Of {estimated + int(excluded['records'].sum())} input records, {estimated} were estimated "
            f"({paper_runs} in the paper's scope) and {int(excluded['records'].sum())} excluded"
            + (f", each with its reason (largest: {reasons})." if reasons else "."))


# --- parameters, limitations, provenance --------------------------------------------------------

def key_parameter_rows(metadata: BuildMetadata) -> list[list[str]]:
    """The key vars as the build ran them, those set with --vars in bold."""
    overridden = set()
    if metadata.parameter_rows is not None:
        overridden = set(metadata.parameter_rows.loc[
            metadata.parameter_rows["value_source"] != "dbt_project.yml", "parameter"])
    rows = []
    for name, meaning in KEY_PARAMETERS:
        if name in metadata.parameters:
            value = value_text(metadata.parameters[name])
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


def _text(row: dict, column: str) -> str:
    value = row.get(column)
    return "" if value is None or pd.isna(value) else str(value)


def _provenance_row(r: dict) -> list[str]:
    when = (f"downloaded {_text(r, 'retrieved_at')} from {_text(r, 'source_url')}" if _text(r, "retrieved_at") else
            f"copied {_text(r, 'copied_at')} from {_text(r, 'manifest_origin')} (publisher: {_text(r, 'source_url')})"
            if _text(r, "copied_at") else "not recorded by `make data`")
    code = r["input_name"] == "project_code"
    identity = _text(r, "git_commit") if code else _text(r, "sha256")
    if not identity and _text(r, "path") and not code:
        identity = "not hashed (larger than var max_hashed_input_bytes)"
    return [f"`{r['input_name']}`", _text(r, "origin"), code_span(_text(r, "path")) if _text(r, "path") else "–",
            f"`{identity}`" if identity else "–", _text(r, "bytes") or "–",
            when if _text(r, "path") and not code else "–"]


def provenance_rows(inputs: pd.DataFrame | None) -> list[list[str]]:
    """One row per input meta_build_inputs recorded: origin, path, hash, size, retrieval."""
    return [] if inputs is None else [_provenance_row(r) for r in inputs.to_dict("records")]
