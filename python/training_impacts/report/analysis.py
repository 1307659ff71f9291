"""From the report's view of the warehouse (selection.py) to everything it states: the three
findings, the totals, the coverage, the validation, the scopes and profiles side by side, and
the key numbers `write_report` returns. Pure: frames in, dicts out."""

from __future__ import annotations

import pandas as pd

from training_impacts import fits

from . import study
from .comparison import profile_comparison, scope_rows
from .findings import (
    embodied_finding,
    growth_finding,
    lookup,
    median_embodied_shares,
    run_embodied_shares,
    strategies_finding,
    validation_summary,
)
from .formatting import clean, format_factor, format_ratio, format_share
from .inputs import SCENARIO_TABLES, Warehouse
from .selection import Selection


def _findings(warehouse: Warehouse, sel: Selection, start_year: int, end_year: int) -> dict:
    parameters = warehouse.metadata.parameters
    shares, median_shares = run_embodied_shares(sel.in_window), median_embodied_shares(sel.runs)
    one = growth_finding(sel.fits["trend"], sel.fits["hardware"])
    two = strategies_finding(sel.fits["scenario"], any(sel.scenario_present[t] for t in SCENARIO_TABLES[:2]))
    three = embodied_finding(shares, median_shares, parameters, start_year, end_year)
    return {"verdicts": {"1": one[0], "2": two[0], "3": three[0]}, "text": {"1": one[1], "2": two[1], "3": three[1]},
            "scenario_growth": two[2], "shares": shares, "median_shares": median_shares}


def _source(warehouse: Warehouse, sel: Selection, coverage: pd.DataFrame) -> dict:
    runs = sel.runs
    sources = sorted(runs["input_source"].dropna().unique()) if "input_source" in runs else []
    latest = pd.to_datetime(runs["publication_date"]).max() if "publication_date" in runs and len(runs) else None
    latest_text = latest.date().isoformat() if latest is not None and not pd.isna(latest) else "n/a"
    sample = study.is_bundled_sample(warehouse.metadata.inputs) or any("bundled sample" in s for s in sources)
    records = int(coverage["records"].sum())  # every Epoch record ends estimated or excluded
    dataset = f"the bundled {records}-record sample of Epoch AI's data" if sample else "Epoch AI, Data on AI Models"
    return {"sources": sources, "latest": latest_text, "sample": sample, "input_records": records,
            "dataset": dataset, "label": f"{dataset} (latest publication {latest_text})"}


def _totals(sel: Selection) -> dict:
    window = sel.in_window
    return {"runs": int(len(window)),
            "gwp_kgco2e": float(pd.to_numeric(window.get("gwp_total_kgco2e", pd.Series(dtype=float))).sum()),
            "energy_kwh": float(pd.to_numeric(window.get("energy_kwh", pd.Series(dtype=float))).sum())}


def analyse(warehouse: Warehouse, sel: Selection, start_year: int, end_year: int) -> dict:
    """Everything the report states, before it is worded."""
    tables, parameters = warehouse.tables, warehouse.metadata.parameters
    coverage = study.coverage_counts(tables["fct_training_run_impacts"], tables["fct_training_runs_excluded"],
                                     start_year, end_year)
    validated = sel.all_scope_tables.get("rpt_validation_published_footprints")  # every scope: TPU runs too
    located = (int((sel.runs["location_source"].astype(str) == "training_location").sum())
               if "location_source" in sel.runs else None)
    return {
        "findings": _findings(warehouse, sel, start_year, end_year),
        "source": _source(warehouse, sel, coverage),
        "coverage": coverage,
        "coverage_text": study.coverage_sentence(coverage, len(sel.runs)),
        "located_runs": located,
        "totals": _totals(sel),
        "validated": validated,
        "validation": validation_summary(validated),
        "comparison": profile_comparison(tables, sel.fits["hardware"], warehouse.scopes[0], parameters,
                                         start_year, end_year),
        "scopes": scope_rows(sel.all_scope_runs, sel.all_scope_tables.get("rpt_trend_fits"), warehouse.scopes,
                             start_year, end_year),
        "assumed_ratio": parameters.get("performance_ratio"),
        "ratio_fit": {subset: lookup(sel.fits["performance_ratio"], subset=subset) for subset in ("all", "not_divergent")},
    }


def _fit_numbers(sel: Selection) -> dict:
    trend, hardware = sel.fits["trend"], sel.fits["hardware"]
    return {
        "growth_factor_per_year": {m: clean(lookup(trend, metric=m).get("growth_factor_per_year"))
                                   for m in fits.RUN_METRICS},
        "doubling_time_years": {m: clean(lookup(trend, metric=m).get("doubling_time_years")) for m in fits.RUN_METRICS},
        "hardware_growth_factor_per_year": {
            f"{m} ({s})": clean(lookup(hardware, metric=m, segment=s).get("growth_factor_per_year"))
            for s in ("all", "data_centre") for m in fits.HARDWARE_METRICS},
    }


def _side_by_side_numbers(a: dict) -> dict:
    return {
        "profiles": {r["profile"]: {"runs": r["runs"], "findings": r["findings"],
                                    "gwp_growth_factor_per_year": clean(r["gwp_fit"].get("growth_factor_per_year")),
                                    "embodied_share": r["shares"]} for r in a["comparison"]},
        "validation": a["validation"]["per_profile"] if a["validation"] else None,
        "scopes": {r["scope"]: {"runs": r["runs"], "other_vendor_runs": r["other_vendor_runs"],
                                "imputed_runs": r["imputed_runs"],
                                "gwp_growth_factor_per_year": clean(r["gwp_fit"].get("growth_factor_per_year"))}
                   for r in a["scopes"]},
    }


def key_numbers(warehouse: Warehouse, sel: Selection, a: dict) -> dict:
    """The key numbers as floats (None where the warehouse lacks them), and their printed forms
    under `text`."""
    found, fitted = a["findings"], _fit_numbers(sel)
    numbers = {
        **fitted,
        "assumed_ratio": a["assumed_ratio"],
        "fitted_performance_ratio": clean(a["ratio_fit"]["all"].get("fitted_ratio")),
        "fitted_performance_ratio_not_divergent": clean(a["ratio_fit"]["not_divergent"].get("fitted_ratio")),
        "embodied_share": found["shares"],
        "median_embodied_share": found["median_shares"],
        "scenario_growth_factor_per_year": found["scenario_growth"] or None,
        "latest_publication_date": a["source"]["latest"],
        "run_count": int(len(sel.runs)),
        "findings": found["verdicts"],
        "method_profile": sel.method_profile,
        "is_bundled_sample": a["source"]["sample"],
        "total_gwp_kgco2e": a["totals"]["gwp_kgco2e"],
        "total_gwp_kgco2e_draws": warehouse.total_draws,
        "coverage": a["coverage"].to_dict("records"),
        "parameters": warehouse.metadata.parameters,
        **_side_by_side_numbers(a),
    }
    numbers["text"] = {
        "growth_factor_per_year": {m: format_factor(v) for m, v in fitted["growth_factor_per_year"].items()},
        "fitted_performance_ratio": format_ratio(numbers["fitted_performance_ratio"]),
        "embodied_share": {k: format_share(v) for k, v in found["shares"].items()},
    }
    return numbers
