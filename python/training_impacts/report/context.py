"""The context of the Markdown template (templates/report.md.j2): what analysis.py found, as
the names the template uses. Pure: no I/O."""

from __future__ import annotations

import datetime as dt

from training_impacts import figures

from . import study
from .comparison import profile_comparison_answer, profile_comparison_rows, scope_answer, scope_table
from .findings import absent, lookup, performance_ratio_text
from .formatting import FIT_HEADER, METRIC_LABELS, fit_row, missing
from .inputs import Warehouse
from .selection import Selection

TITLE = "Environmental impacts of ML training runs: trends and scenarios"


def _slowest_strategy(scenario_growth: dict) -> tuple[str, float] | None:
    growing = [(k, v) for k, v in (scenario_growth or {}).items() if k != "baseline" and not missing(v)]
    return min(growing, key=lambda item: item[1], default=None)


def _summary(warehouse: Warehouse, sel: Selection, a: dict) -> dict:
    trend, found = sel.fits["trend"], a["findings"]
    draws = sel.tables.get("rpt_growth_factor_uncertainty")
    per_profile = a["validation"]["per_profile"] if a["validation"] else {}
    return {
        "gwp_fit": lookup(trend, metric="gwp_total_kgco2e"),
        "energy_fit": lookup(trend, metric="energy_kwh"),
        "fp32_fit": lookup(sel.fits["hardware"], metric="fp32_flops_per_w", segment="all"),
        "gwp_draws": lookup(draws, metric="gwp_total_kgco2e"),
        "slowest": _slowest_strategy(found["scenario_growth"]),
        "baseline_growth": (found["scenario_growth"] or {}).get("baseline"),
        "total_draws": warehouse.total_draws,
        "own_validation": per_profile.get(sel.method_profile),
        "fits_absent": {key: table is None for key, table in sel.fits.items()},
    }


def _side_by_side(a: dict) -> dict:
    comparison = a["comparison"]
    return {
        "comparison": comparison,
        "comparison_header": ["", *[f"`{row['profile']}`" for row in comparison]],
        "comparison_rows": profile_comparison_rows(comparison),
        "comparison_answer": profile_comparison_answer(comparison) if comparison else "",
        "scope_rows": scope_table(a["scopes"]),
        "scope_answer": scope_answer(a["scopes"]) if a["scopes"] else "",
    }


def _method(warehouse: Warehouse, sel: Selection, a: dict) -> dict:
    metadata = warehouse.metadata
    inputs = metadata.inputs
    return {
        "parameters": metadata.parameters,
        "parameter_source": metadata.source,
        "parameter_rows": study.key_parameter_rows(metadata),
        "overridden": study.overridden_parameters(metadata),
        "performance_ratio_text": performance_ratio_text(sel.fits["performance_ratio"], a["assumed_ratio"]),
        "limitations": study.limitations(metadata.parameters, a["coverage"], a["located_runs"],
                                         a["validation"]["per_profile"] if a["validation"] else None),
        "references": study.REFERENCES,
        "provenance_rows": study.provenance_rows(inputs),
        "built": inputs.iloc[0].to_dict() if inputs is not None and len(inputs) else None,
    }


def _appendix(sel: Selection, appendix: dict) -> dict:
    trend = sel.fits["trend"]
    return {
        "appendix": list(appendix),
        "fit_header": FIT_HEADER,
        "trend_rows": None if trend is None else [fit_row(METRIC_LABELS.get(r["metric"], r["metric"]), r["unit"], r)
                                                  for r in trend.to_dict("records")],
        "trend_absent": absent("rpt_trend_fits"),
    }


def template_context(warehouse: Warehouse, sel: Selection, a: dict, appendix: dict, start_year: int,
                     end_year: int) -> dict:
    """Every name report.md.j2 reads."""
    found = a["findings"]
    return {
        "title": TITLE,
        "generated": dt.datetime.now().replace(microsecond=0).isoformat(),
        "warehouse_path": str(warehouse.path),
        "source": a["source"],
        "sources": a["source"]["sources"],
        "scopes": warehouse.scopes,
        "start_year": start_year,
        "end_year": end_year,
        "method_profile": sel.method_profile,
        "verdicts": found["verdicts"],
        "finding_text": found["text"],
        "shares": found["shares"],
        "totals": a["totals"],
        "coverage_text": a["coverage_text"],
        "validation": a["validation"],
        "figure_titles": figures.FIGURES,
        **_summary(warehouse, sel, a),
        **_side_by_side(a),
        **_method(warehouse, sel, a),
        **_appendix(sel, appendix),
    }
