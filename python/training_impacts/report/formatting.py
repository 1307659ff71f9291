"""How the report prints a number, a fit or the user's text: small pure functions, also Jinja2
filters of the Markdown template (render.py) and what the tests look for."""

from __future__ import annotations

import json
import math
import re

import pandas as pd

METRIC_LABELS = {
    "gpu_hours": "GPU-hours",
    "energy_kwh": "Energy",
    "gwp_total_kgco2e": "GWP total",
    "gwp_use_kgco2e": "GWP use",
    "gwp_embodied_kgco2e": "GWP embodied",
    "adpe_total_kgsbeq": "ADPe total",
    "adpe_use_kgsbeq": "ADPe use",
    "adpe_embodied_kgsbeq": "ADPe embodied",
    "pe_total_mj": "PE total",
    "pe_use_mj": "PE use",
    "pe_embodied_mj": "PE embodied",
    "tdp_w": "TDP",
    "die_area_mm2": "Die area",
    "memory_gb": "Memory",
    "fp32_flops_per_w": "FP32 FLOP/s per W",
    "tensor_fp16_flops_per_w": "Tensor FP16 FLOP/s per W",
}

FIT_HEADER = ["series", "unit", "n", "growth factor /yr", "95 % CI", "doubling time (yr)", "R²", "years"]


def missing(value) -> bool:
    """None, NaN or pd.NA: a number the warehouse does not have."""
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def clean(value):
    """A JSON-friendly scalar (None for NaN, numpy scalars as Python ones)."""
    if missing(value):
        return None
    return value.item() if hasattr(value, "item") else value


def format_factor(value) -> str:
    """A growth factor or ratio as the report prints it (also what tests look for)."""
    return "n/a" if missing(value) else f"{float(value):.2f}"


def format_ratio(value) -> str:
    return "n/a" if missing(value) else f"{float(value):.3f}"


def format_share(value) -> str:
    return "n/a" if missing(value) else f"{100 * float(value):.1f} %"


def format_years(value) -> str:
    return "n/a" if missing(value) else f"{float(value):.2f}"


def format_ci(low, high, formatter=format_factor) -> str:
    return "n/a" if missing(low) or missing(high) else f"{formatter(low)}–{formatter(high)}"


def fit_ci(fit: dict) -> str:
    """A fit's 95 % interval of the growth factor, e.g. '2.32–3.19'."""
    return format_ci(fit.get("growth_factor_ci_low"), fit.get("growth_factor_ci_high"))


def format_tonnes(kilograms) -> str:
    """kgCO2e as whole tonnes with thousands separators."""
    return "n/a" if missing(kilograms) else f"{float(kilograms) / 1000:,.0f}"


def value_text(value) -> str:
    """A var's value as the parameter table prints it (lists and mappings as JSON)."""
    return json.dumps(value) if isinstance(value, (dict, list)) else str(value)


def code_span(text: str) -> str:
    """`text` as a Markdown code span that holds it literally, whatever it contains (an input
    path is the user's text): fenced by one backtick more than its longest run of backticks,
    as CommonMark specifies, so its `*`, `<` or backticks are neither markup nor HTML."""
    text = str(text)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def table_cell(value) -> str:
    """A Markdown table cell: its pipes escaped, so they do not split the row."""
    return str(value).replace("|", "\\|")


def fit_row(label: str, unit: str, fit: dict) -> list[str]:
    """One row of the appendix's table of fits (FIT_HEADER)."""
    return [
        label,
        unit,
        "0" if missing(fit.get("n")) else str(int(fit["n"])),
        format_factor(fit.get("growth_factor_per_year")),
        fit_ci(fit),
        format_years(fit.get("doubling_time_years")),
        "n/a" if missing(fit.get("r_squared")) else f"{float(fit['r_squared']):.2f}",
        "n/a" if missing(fit.get("first_year")) else f"{int(fit['first_year'])}–{int(fit['last_year'])}",
    ]
