"""The study's report: figures, fit tables and the three findings, as Markdown and as one
self-contained HTML file (images embedded as base64 PNG; no external CSS, JS or images).

    from training_impacts.report import write_report
    result = write_report("warehouse/training_impacts.duckdb", "reports/latest")

The warehouse is opened read-only, the tables read into memory and the connection closed before
anything is fitted or drawn. Trend fits come from `rpt_trend_fits` / `rpt_hardware_trends` /
`rpt_scenario_trend_fits` when the build made them, else they are computed here with `fits`
(the same functions). Scenario tables may be absent: the report says so.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import json
import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from training_impacts import figures, fits
from training_impacts import report_study as study
from training_impacts.warehouse import read_only, resolve_in_project, warehouse_path as default_warehouse_path

DEFAULT_PERFORMANCE_RATIO = 0.27  # used only when dbt_project.yml cannot be read; the var is the source

TABLES = (
    "fct_training_run_impacts",
    "dim_gpu_cards",
    "agg_impacts_by_year",
    "scn_location_shifting_by_year",
    "scn_grid_decarbonization_by_year",
    "scn_hardware_lifespan_by_year",
    "rpt_trend_fits",
    "rpt_hardware_trends",
    "rpt_scenario_trend_fits",
    "fct_training_run_impacts_uncertainty",
    "rpt_growth_factor_uncertainty",
    "rpt_validation_published_footprints",
    "rpt_performance_ratio_fits",
)
SCENARIO_TABLES = TABLES[3:6]
# used only when dbt_project.yml cannot be read; the var analysis_scopes is the source
DEFAULT_SCOPES = ["paper", "named_hardware", "with_imputed"]

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


# --- formatting -------------------------------------------------------------------------------

def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def format_factor(value) -> str:
    """A growth factor or ratio as the report prints it (also what tests look for)."""
    return "n/a" if _missing(value) else f"{float(value):.2f}"


def format_ratio(value) -> str:
    return "n/a" if _missing(value) else f"{float(value):.3f}"


def format_share(value) -> str:
    return "n/a" if _missing(value) else f"{100 * float(value):.1f} %"


def format_years(value) -> str:
    return "n/a" if _missing(value) else f"{float(value):.2f}"


def format_ci(low, high, formatter=format_factor) -> str:
    return "n/a" if _missing(low) or _missing(high) else f"{formatter(low)}–{formatter(high)}"


def _clean(value):
    """A JSON-friendly scalar (None for NaN)."""
    if _missing(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


# --- reading --------------------------------------------------------------------------------

def load_tables(path: Path) -> dict[str, pd.DataFrame | None]:
    """The report's tables of schema main (None where absent), read in one short connection."""
    with read_only(path) as connection:
        present = {row[0] for row in connection.execute(
            "select table_name from information_schema.tables where table_schema = 'main'").fetchall()}
        return {table: (connection.execute(f'select * from main."{table}"').df() if table in present else None)
                for table in TABLES}


def read_dbt_vars(project_file: Path | None = None) -> dict[str, Any]:
    """The `vars:` block of dbt_project.yml (the defaults; a build may override them with --vars)."""
    try:
        import yaml

        project_file = Path(project_file) if project_file else resolve_in_project("dbt_project.yml")
        return dict((yaml.safe_load(project_file.read_text(encoding="utf-8")) or {}).get("vars") or {})
    except Exception:  # noqa: BLE001 - a report without the parameter list beats no report
        return {}


def _has_columns(frame: pd.DataFrame | None, columns) -> bool:
    return frame is not None and len(frame) > 0 and set(columns) <= set(frame.columns)


# --- rendering --------------------------------------------------------------------------------

class _Document:
    """Blocks rendered twice: to Markdown and to HTML."""

    def __init__(self):
        self.blocks: list[tuple[str, Any]] = []

    def heading(self, level: int, text: str):
        self.blocks.append(("heading", (level, text)))

    def paragraph(self, text: str):
        self.blocks.append(("paragraph", text))

    def bullets(self, items: list[str]):
        self.blocks.append(("bullets", items))

    def table(self, header: list[str], rows: list[list[str]]):
        self.blocks.append(("table", (header, rows)))

    def figure(self, name: str, title: str, png: Path | None):
        self.blocks.append(("figure", (name, title, png)))

    def markdown(self) -> str:
        out = []
        for kind, body in self.blocks:
            if kind == "heading":
                out.append(f"{'#' * body[0]} {body[1]}")
            elif kind == "paragraph":
                out.append(body)
            elif kind == "bullets":
                out.append("\n".join(f"- {item}" for item in body))
            elif kind == "table":
                header, rows = body
                lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
                lines += ["| " + " | ".join(str(cell).replace("|", "\\|") for cell in row) + " |" for row in rows]
                out.append("\n".join(lines))
            elif kind == "figure":
                name, title, _ = body
                out.append(f"![{title}](figures/{name}.png)\n\n*Figure `{name}`: {title}* "
                           f"([SVG](figures/{name}.svg))")
        return "\n\n".join(out) + "\n"

    def html(self, title: str) -> str:
        esc = html.escape
        out = [
            "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">', f"<title>{esc(title)}</title>",
            "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;line-height:1.45;}"
            "table{border-collapse:collapse;margin:1em 0;font-size:0.9em;}"
            "th,td{border:1px solid #bbb;padding:0.25em 0.5em;text-align:left;}th{background:#eee;}"
            "figure{margin:1.5em 0;}img{width:100%;max-width:960px;}figcaption{font-style:italic;color:#444;}"
            "code{background:#f4f4f4;}</style>",
            "</head>", "<body>",
        ]
        for kind, body in self.blocks:
            if kind == "heading":
                out.append(f"<h{body[0]}>{esc(body[1])}</h{body[0]}>")
            elif kind == "paragraph":
                out.append(f"<p>{_inline(body)}</p>")
            elif kind == "bullets":
                out.append("<ul>" + "".join(f"<li>{_inline(item)}</li>" for item in body) + "</ul>")
            elif kind == "table":
                header, rows = body
                out.append("<table><thead><tr>" + "".join(f"<th>{esc(h)}</th>" for h in header) + "</tr></thead><tbody>"
                           + "".join("<tr>" + "".join(f"<td>{_inline(str(c))}</td>" for c in row) + "</tr>" for row in rows)
                           + "</tbody></table>")
            elif kind == "figure":
                name, title, png = body
                if png is not None and Path(png).is_file():
                    data = base64.b64encode(Path(png).read_bytes()).decode("ascii")
                    image = f'<img alt="{esc(title)}" src="data:image/png;base64,{data}">'
                else:
                    image = "<p>(figure not drawn)</p>"
                out.append(f'<figure id="{esc(name)}">{image}<figcaption>Figure <code>{esc(name)}</code>: '
                           f"{esc(title)}</figcaption></figure>")
        out += ["</body>", "</html>"]
        return "\n".join(out) + "\n"


def code_span(text: str) -> str:
    """`text` as a Markdown code span that holds it literally, whatever it contains (an input
    path is the user's text): fenced by one backtick more than its longest run of backticks,
    as CommonMark specifies, so its `*`, `<` or backticks are neither markup nor HTML."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _inline(text: str) -> str:
    """Turn the few Markdown marks the report uses (**bold**, code spans, links) into escaped HTML."""
    parts = re.split(r"(`+)(.+?)\1", text)   # [plain, fence, code, plain, fence, code, ...]
    out = []
    for index in range(0, len(parts), 3):
        plain = html.escape(parts[index])
        plain = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", plain)
        # [text](relative/link): the appendix's CSV files beside the report
        out.append(re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", r'<a href="\2">\1</a>', plain))
        if index + 2 < len(parts):
            code = parts[index + 2]
            out.append(f"<code>{html.escape(code[1:-1] if code.startswith(' ') and code.endswith(' ') else code)}</code>")
    return "".join(out)


# --- content ----------------------------------------------------------------------------------

def _fit_row(label: str, unit: str, fit: dict | pd.Series) -> list[str]:
    return [
        label,
        unit,
        str(int(fit["n"])) if not _missing(fit.get("n")) else "0",
        format_factor(fit.get("growth_factor_per_year")),
        format_ci(fit.get("growth_factor_ci_low"), fit.get("growth_factor_ci_high")),
        format_years(fit.get("doubling_time_years")),
        "n/a" if _missing(fit.get("r_squared")) else f"{float(fit['r_squared']):.2f}",
        "n/a" if _missing(fit.get("first_year")) else f"{int(fit['first_year'])}–{int(fit['last_year'])}",
    ]


FIT_HEADER = ["series", "unit", "n", "growth factor /yr", "95 % CI", "doubling time (yr)", "R²", "years"]


def paper_scope(runs: pd.DataFrame, tables: dict, scopes: list[str]) -> tuple[pd.DataFrame, dict]:
    """The runs and tables of the narrowest scope (the paper's): per-run frames keep the runs it
    holds, by-scope tables (an `analysis_scope` column) their rows of that scope. A warehouse built
    before the scopes existed has no such column and is read whole."""
    paper = scopes[0]
    if "analysis_scope" in runs.columns:
        runs = fits.runs_in_scope(runs, scopes, paper)
    scoped = {}
    for name, table in tables.items():
        if table is not None and "analysis_scope" in table.columns and name != "fct_training_run_impacts":
            table = table[table["analysis_scope"] == paper].drop(columns="analysis_scope").reset_index(drop=True)
        scoped[name] = table
    scoped["fct_training_run_impacts"] = runs
    return runs, scoped


def scope_rows(runs: pd.DataFrame, trend: pd.DataFrame | None, scopes: list[str], start_year: int,
               end_year: int) -> list[dict]:
    """One summary per analysis scope: its runs of the trend window, how many run on other
    vendors' chips and on imputed hardware, the total and embodied share of GWP, and the growth
    factor a year of GWP and energy per run (rpt_trend_fits rows of that scope; else fitted here)."""
    rows = []
    if "analysis_scope" not in runs.columns:
        return rows
    years = pd.to_numeric(runs.get("publication_year"), errors="coerce")
    in_window = runs[(years >= start_year) & (years <= end_year)]
    for scope in scopes:
        held = fits.runs_in_scope(in_window, scopes, scope)
        if trend is not None and "analysis_scope" in trend.columns:
            fitted = trend[trend["analysis_scope"] == scope]
        else:
            fitted = fits.run_trend_fits(fits.runs_in_scope(runs, scopes, scope), start_year, end_year)
        total = float(held["gwp_total_kgco2e"].sum()) if len(held) else float("nan")
        rows.append({
            "scope": scope,
            "runs": int(len(held)),
            "other_vendor_runs": int((held.get("accelerator_vendor", pd.Series(dtype=str)) != "NVIDIA").sum()),
            "imputed_runs": int((held.get("hardware_source", pd.Series(dtype=str)) == "imputed").sum()),
            "gwp_total_kgco2e": total,
            "gwp_embodied_share": float(held["gwp_embodied_kgco2e"].sum()) / total if total else float("nan"),
            "gwp_fit": _lookup(fitted, metric="gwp_total_kgco2e"),
            "energy_fit": _lookup(fitted, metric="energy_kwh"),
        })
    return rows


def validation_summary(validated: pd.DataFrame | None) -> dict | None:
    """The validation table's rows (one per published run and method profile) and, per profile,
    a sentence: how many published GPU-hours the warehouse matches within ×1.3 and ×1.5, and the
    median error (as a factor ≥ 1). `per_profile` holds those counts as numbers."""
    if validated is None:
        return None

    def ratio(value) -> str:
        return "–" if _missing(value) else f"{float(value):.2f}"

    if "method_profile" not in validated:
        validated = validated.assign(method_profile="paper")
    rows = []
    for r in validated.sort_values(["publication_date", "model_name", "method_profile"]).to_dict("records"):
        accelerator = r.get("gpu_card_id") if not _missing(r.get("gpu_card_id")) else f"not estimated ({r.get('exclusion_reason')})"
        rows.append([str(r["model_name"]), f"`{r['method_profile']}`", str(accelerator), ratio(r.get("gpu_hours_ratio")),
                     ratio(r.get("energy_ratio")), ratio(r.get("gwp_use_ratio")), str(r.get("training_scope") or "")])
    sentences, per_profile = [], {}
    for profile, of_profile in validated.groupby("method_profile", sort=True):
        ratios = pd.to_numeric(of_profile.get("gpu_hours_ratio"), errors="coerce").dropna()
        ratios = ratios[ratios > 0]
        if not len(ratios):
            sentences.append(f"`{profile}`: no published GPU-hours match an estimated run.")
            continue
        errors = np.exp(np.abs(np.log(ratios.to_numpy())))
        worst = of_profile.loc[ratios.index[int(np.argmax(errors))], "model_name"]
        per_profile[profile] = {"compared": int(len(errors)), "within_1_3": int((errors <= 1.3).sum()),
                                "within_1_5": int((errors <= 1.5).sum()), "median_error": float(np.median(errors)),
                                "worst_run": str(worst), "worst_error": float(errors.max())}
        sentences.append(
            f"`{profile}`: GPU-hours of {int((errors <= 1.3).sum())} of {len(errors)} published runs within ×1.3, "
            f"{int((errors <= 1.5).sum())} within ×1.5; median error ×{np.median(errors):.2f}, largest ×{errors.max():.2f} "
            f"({worst}); {int((~of_profile['is_estimated'].astype(bool)).sum())} published runs not estimated.")
    text = " ".join(sentences) if sentences else "No published GPU-hours match an estimated run."
    return {"table": rows, "text": text, "per_profile": per_profile}


def scope_answer(summaries: list[dict]) -> str:
    """Does the rebound trend hold once TPUs and imputed runs are in? In words, from the fits."""
    holding = [r for r in summaries if _significant_growth(r["gwp_fit"])]
    parts = [f"`{r['scope']}` ×{format_factor(r['gwp_fit'].get('growth_factor_per_year'))}/yr" for r in summaries]
    if len(holding) == len(summaries):
        verdict = ("**The rebound trend holds in every scope**: per-run GWP grows exponentially whether or not "
                   "TPUs and imputed runs are in, each 95 % interval lying above 1")
    elif holding:
        verdict = ("**The rebound trend holds only in some scopes** (" + ", ".join(f"`{r['scope']}`" for r in holding)
                   + ")")
    else:
        verdict = "**No scope shows a growth whose 95 % interval lies above 1**"
    text = verdict + " (" + "; ".join(parts) + ")."
    imputed = summaries[-1]
    if imputed["imputed_runs"] == 0:
        text += (f" No run has imputed hardware (var `impute_missing_hardware` is off), so `{imputed['scope']}` "
                 "equals the scope before it; build with `--vars '{impute_missing_hardware: true}'` to add them.")
    return text


def _lookup(frame: pd.DataFrame, **where) -> dict:
    if frame is None or len(frame) == 0:
        return {}
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        if column not in frame:
            return {}
        mask &= frame[column] == value
    rows = frame[mask]
    return rows.iloc[0].to_dict() if len(rows) else {}


def _significant_growth(fit: dict) -> bool:
    return not _missing(fit.get("growth_factor_ci_low")) and float(fit["growth_factor_ci_low"]) > 1


def growth_finding(trend: pd.DataFrame | None, hardware: pd.DataFrame | None) -> tuple[str, str]:
    """Finding (1): per-run energy and GWP grow exponentially, faster than hardware efficiency.
    The verdict and its sentence, from the trend fits (rpt_trend_fits rows of one profile and
    scope) and the hardware trends."""
    gwp, energy, adpe = (_lookup(trend, metric=m) for m in ("gwp_total_kgco2e", "energy_kwh", "adpe_total_kgsbeq"))
    fp32 = _lookup(hardware, metric="fp32_flops_per_w", segment="all")
    tensor = _lookup(hardware, metric="tensor_fp16_flops_per_w", segment="data_centre")
    efficiency = [f for f in (fp32, tensor) if not _missing(f.get("growth_factor_per_year"))]
    best_efficiency = max((float(f["growth_factor_per_year"]) for f in efficiency), default=None)
    if not gwp or _missing(gwp.get("growth_factor_per_year")):
        return "not testable", "too few runs to fit a trend."
    grows = _significant_growth(gwp) and _significant_growth(energy)
    gains = best_efficiency is not None and best_efficiency > 1
    outpaces = gains and float(gwp["growth_factor_per_year"]) > best_efficiency
    verdict = "supported" if grows and outpaces else "partly supported" if grows else "not supported"
    text = (
        f"Energy per run grows by ×{format_factor(energy.get('growth_factor_per_year'))}/yr "
        f"[{format_ci(energy.get('growth_factor_ci_low'), energy.get('growth_factor_ci_high'))}], GWP by "
        f"×{format_factor(gwp.get('growth_factor_per_year'))}/yr "
        f"[{format_ci(gwp.get('growth_factor_ci_low'), gwp.get('growth_factor_ci_high'))}] "
        f"(doubling every {format_years(gwp.get('doubling_time_years'))} yr, R² "
        f"{'n/a' if _missing(gwp.get('r_squared')) else format(float(gwp['r_squared']), '.2f')}, n = {int(gwp['n'])}) "
        f"and ADPe by ×{format_factor(adpe.get('growth_factor_per_year'))}/yr, while the cards' peak FP32 FLOP/s "
        f"per W improves by ×{format_factor(fp32.get('growth_factor_per_year'))}/yr "
        f"[{format_ci(fp32.get('growth_factor_ci_low'), fp32.get('growth_factor_ci_high'))}] and data-centre "
        f"tensor FP16 FLOP/s per W by ×{format_factor(tensor.get('growth_factor_per_year'))}/yr. "
    )
    if grows and outpaces:
        text += ("Impacts grow exponentially, faster than hardware efficiency improves: the efficiency gains do "
                 "not offset the growth.")
    elif grows:
        text += "Impacts grow exponentially, but the efficiency comparison is not conclusive on this data."
    else:
        text += "The growth is not significant (95 % interval includes ×1/yr)."
    if not _missing(gwp.get("r_squared")) and float(gwp["r_squared"]) < 0.5:
        text += (f" The scatter around the trend is wide (R² {float(gwp['r_squared']):.2f}): the trend describes "
                 "the typical run, not each run.")
    return verdict, text


def strategies_finding(scenario_fits: pd.DataFrame | None, present: bool) -> tuple[str, str, dict]:
    """Finding (2): location shifting and grid decarbonisation lower the impacts but the median
    run's GWP still grows. The verdict, its sentence and each strategy's growth factor, from the
    scenario trend fits of one profile and scope."""
    if not present or scenario_fits is None:
        return ("not testable (scenario tables absent)",
                "Scenario tables absent (`scn_location_shifting_by_year`, `scn_grid_decarbonization_by_year`): "
                "build the scenario models to test this finding.", {})
    baseline = _lookup(scenario_fits, family="baseline", metric="median_gwp_total_kgco2e")
    strategy = scenario_fits[scenario_fits["family"].isin(["location_shifting", "grid_decarbonization"])
                             & (scenario_fits["metric"] == "median_gwp_total_kgco2e")
                             & (scenario_fits["scenario"] != "baseline")]
    if not baseline:
        baseline = _lookup(scenario_fits, family="location_shifting", scenario="baseline",
                           metric="median_gwp_total_kgco2e")
    parts, growth = [], {}
    still_growing = True
    for row in strategy.to_dict("records"):
        growth[row["scenario"]] = _clean(row["growth_factor_per_year"])
        still_growing &= _significant_growth(row)
        parts.append(f"{row['scenario']} ×{format_factor(row['growth_factor_per_year'])}/yr "
                     f"[{format_ci(row['growth_factor_ci_low'], row['growth_factor_ci_high'])}]")
    growth["baseline"] = _clean(baseline.get("growth_factor_per_year"))
    verdict = "supported" if still_growing and parts else "not supported" if parts else "not testable"
    text = (f"Median run's total GWP per year, baseline ×{format_factor(baseline.get('growth_factor_per_year'))}/yr "
            f"[{format_ci(baseline.get('growth_factor_ci_low'), baseline.get('growth_factor_ci_high'))}]; "
            + "; ".join(parts) + ". ")
    text += ("Every strategy lowers the level or slows the growth, but the impacts still grow exponentially "
             "(every 95 % interval above ×1/yr)." if verdict == "supported" else
             "At least one strategy brings the growth's 95 % interval down to ×1/yr or below."
             if verdict == "not supported" else "No scenario rows to compare.")
    return verdict, text, growth


def embodied_shares(by_year: pd.DataFrame | None, start_year: int, end_year: int) -> dict:
    """Embodied share of each criterion's total over the years of the window: the sums of
    agg_impacts_by_year's yearly totals (rows of one profile and scope)."""
    shares = {}
    for criterion, unit in (("gwp", "kgco2e"), ("adpe", "kgsbeq"), ("pe", "mj")):
        columns = [f"total_{criterion}_embodied_{unit}", f"total_{criterion}_total_{unit}"]
        if not _has_columns(by_year, ["publication_year", *columns]):
            shares[criterion] = None
            continue
        years = by_year[pd.to_numeric(by_year["publication_year"]).between(start_year, end_year)]
        denominator = pd.to_numeric(years[columns[1]]).sum()
        shares[criterion] = float(pd.to_numeric(years[columns[0]]).sum() / denominator) if denominator > 0 else None
    return shares


def embodied_finding(shares: dict, median_shares: dict | None, dbt_vars: dict, start_year: int,
                     end_year: int) -> tuple[str, str]:
    """Finding (3): embodied impacts are a large share of GWP, near all of ADPe, read with the
    vars report_large_embodied_share and report_near_total_embodied_share."""
    # how the report reads the paper's words "a large share" and "near 100 %": dbt vars
    large_share = dbt_vars.get("report_large_embodied_share")
    near_total_share = dbt_vars.get("report_near_total_embodied_share")
    if large_share is None or near_total_share is None:
        return "not testable", ("dbt_project.yml lacks var report_large_embodied_share or "
                                "report_near_total_embodied_share.")
    if shares.get("adpe") is None or shares.get("gwp") is None:
        return "not testable", "No impacts."
    large_share, near_total_share = float(large_share), float(near_total_share)
    near_total = shares["adpe"] >= near_total_share
    large = shares["gwp"] >= large_share
    verdict = "supported" if near_total and large else "partly supported" if near_total or large else "not supported"
    text = (f"Over the runs of {start_year}–{end_year}, embodied impacts are {format_share(shares['gwp'])} of total "
            f"GWP, {format_share(shares['adpe'])} of ADPe and {format_share(shares['pe'])} of PE")
    if median_shares:
        text += (f" (median run: {format_share(median_shares['gwp'])}, {format_share(median_shares['adpe'])} and "
                 f"{format_share(median_shares['pe'])})")
    text += (f". Read here as \"near 100 %\" ≥ {100 * near_total_share:g} % and \"large\" ≥ {100 * large_share:g} % "
             "(vars report_near_total_embodied_share, report_large_embodied_share); the shares scale with the "
             "lifetime and utilization parameters.")
    return verdict, text


def profile_comparison(tables: dict, hardware: pd.DataFrame | None, scope: str, dbt_vars: dict,
                       start_year: int, end_year: int) -> list[dict]:
    """The three findings once per method profile the build estimated Epoch's runs under, from
    the by-profile tables (rpt_trend_fits, rpt_scenario_trend_fits, agg_impacts_by_year, their
    rows of `scope`): verdicts and key numbers, one dict per profile."""
    trend_all = tables.get("rpt_trend_fits")
    if not _has_columns(trend_all, ["method_profile"]):
        return []
    rows = []
    for profile in sorted(trend_all["method_profile"].dropna().unique()):
        def cut(name):
            table = tables.get(name)
            if table is None or "method_profile" not in table:
                return None
            table = table[table["method_profile"] == profile]
            return table[table["analysis_scope"] == scope] if "analysis_scope" in table else table
        trend, scenario_fits, by_year = cut("rpt_trend_fits"), cut("rpt_scenario_trend_fits"), cut("agg_impacts_by_year")
        shares = embodied_shares(by_year, start_year, end_year)
        one, _ = growth_finding(trend, hardware)
        two, _, strategy_growth = strategies_finding(scenario_fits, scenario_fits is not None and len(scenario_fits) > 0)
        three, _ = embodied_finding(shares, None, dbt_vars, start_year, end_year)
        years = by_year[pd.to_numeric(by_year["publication_year"]).between(start_year, end_year)] if by_year is not None else None
        rows.append({
            "profile": profile,
            "runs": int(years["estimated_run_count"].sum()) if years is not None else None,
            "gwp_total_kgco2e": float(years["total_gwp_total_kgco2e"].sum()) if years is not None else None,
            "gwp_fit": _lookup(trend, metric="gwp_total_kgco2e"),
            "energy_fit": _lookup(trend, metric="energy_kwh"),
            "strategy_growth": {k: v for k, v in strategy_growth.items() if k != "baseline"},
            "shares": shares,
            "findings": {"1": one, "2": two, "3": three},
        })
    return rows


def profile_comparison_rows(comparison: list[dict]) -> list[list[str]]:
    """The comparison as table rows (one column per profile)."""
    def fit_cell(fit):
        return (f"×{format_factor(fit.get('growth_factor_per_year'))} "
                f"[{format_ci(fit.get('growth_factor_ci_low'), fit.get('growth_factor_ci_high'))}]")

    def strategies_cell(growth):
        if not growth:
            return "n/a"
        slowest = min(growth, key=lambda k: float("inf") if _missing(growth[k]) else growth[k])
        return f"×{format_factor(growth[slowest])} ({slowest})"

    return [
        ["runs", *[str(r["runs"]) for r in comparison]],
        ["total GWP (tCO2e)", *["n/a" if _missing(r["gwp_total_kgco2e"]) else f"{r['gwp_total_kgco2e'] / 1000:,.0f}"
                                for r in comparison]],
        ["energy per run, growth /yr", *[fit_cell(r["energy_fit"]) for r in comparison]],
        ["GWP per run, growth /yr", *[fit_cell(r["gwp_fit"]) for r in comparison]],
        ["(1) growth despite efficiency gains", *[r["findings"]["1"] for r in comparison]],
        ["slowest strategy's median-run GWP growth /yr", *[strategies_cell(r["strategy_growth"]) for r in comparison]],
        ["(2) strategies do not curb it", *[r["findings"]["2"] for r in comparison]],
        ["embodied share of GWP / ADPe / PE", *[" / ".join(format_share(r["shares"].get(c)) for c in ("gwp", "adpe", "pe"))
                                                for r in comparison]],
        ["(3) embodied a large share", *[r["findings"]["3"] for r in comparison]],
    ]


def profile_comparison_answer(comparison: list[dict]) -> str:
    """Which findings depend on the method's shortcuts: those whose verdict differs by profile."""
    differing = [key for key in ("1", "2", "3") if len({r["findings"][key] for r in comparison}) > 1]
    names = ", ".join(f"`{r['profile']}`" for r in comparison)
    if not differing:
        return (f"**Every finding holds the same way under {names}**: none depends on the paper's shortcuts "
                "(the levels move, the verdicts do not).")
    return (f"**Finding(s) {', '.join(f'({k})' for k in differing)} change verdict between {names}**: they depend "
            "on the method's shortcuts; the others do not.")


def load_paper_profile_runs(path: Path, scopes: list[str]) -> pd.DataFrame | None:
    """Epoch's runs of the paper scope as the paper profile estimates them (every GPU-h2 at the
    one assumed ratio), from int_training_runs__epoch_impacts; None where the build has none."""
    with read_only(path) as connection:
        if not study.table_present(connection, "intermediate", "int_training_runs__epoch_impacts"):
            return None
        runs = connection.execute(
            "select * from intermediate.int_training_runs__epoch_impacts where method_profile = 'paper'").df()
    return fits.runs_in_scope(runs, scopes, scopes[0]) if len(runs) else None


def build_method_profile(runs: pd.DataFrame | None) -> str:
    """The method profile a build ran with: the one fct_training_run_impacts holds ('paper' for a
    warehouse built before the profiles existed)."""
    if runs is None or "method_profile" not in runs or runs["method_profile"].dropna().empty:
        return "paper"
    return str(runs["method_profile"].dropna().iloc[0])


def of_profile(tables: dict, profile: str) -> dict:
    """Each by-profile table (a `method_profile` column) cut to one profile's rows; the
    validation keeps every profile (it sets them side by side)."""
    cut = {}
    for name, table in tables.items():
        if (table is not None and "method_profile" in table.columns
                and name != "rpt_validation_published_footprints"):
            table = table[table["method_profile"] == profile].drop(columns="method_profile").reset_index(drop=True)
        cut[name] = table
    return cut


def write_report(warehouse_path: str | Path | None = None, out_dir: str | Path = "reports",
                 start_year: int = 2013, end_year: int = 2025, assumed_ratio: float | None = None,
                 project_file: str | Path | None = None) -> dict:
    """Write out_dir/figures/<name>.png|svg, out_dir/report.md and out_dir/report.html.

    `assumed_ratio`: the performance ratio GPU-h2 was computed with; default the dbt var
    `performance_ratio` of dbt_project.yml (0.27). Returns a dict: `report_md`, `report_html`,
    `figures` (paths), `scenario_tables_present`, `fits_source`, and `numbers` (the key numbers
    as floats, plus their printed forms under `text`).
    """
    warehouse_path = Path(warehouse_path) if warehouse_path else default_warehouse_path()
    out_dir = Path(out_dir)
    figure_dir = out_dir / "figures"
    figure_dir.mkdir(parents=True, exist_ok=True)

    tables = load_tables(warehouse_path)
    # the vars as the build ran them (meta_build_parameters); dbt_project.yml only for an old warehouse
    metadata = study.load_build_metadata(warehouse_path, read_dbt_vars(project_file))
    dbt_vars = metadata.parameters
    # The report's sections use the build's own method profile (the one fct_training_run_impacts
    # holds); the by-profile tables keep every profile for the side-by-side findings.
    method_profile = build_method_profile(tables["fct_training_run_impacts"])
    scopes = fits.scope_list(dbt_vars.get("analysis_scopes", DEFAULT_SCOPES))
    paper_runs = load_paper_profile_runs(warehouse_path, scopes)
    all_profile_tables = dict(tables)
    tables = of_profile(tables, method_profile)
    if assumed_ratio is None:
        assumed_ratio = float(dbt_vars.get("performance_ratio", DEFAULT_PERFORMANCE_RATIO))

    runs = tables["fct_training_run_impacts"] if tables["fct_training_run_impacts"] is not None else pd.DataFrame()
    if "run_source" in runs.columns:  # the study population: Epoch's runs, not an organisation's own jobs
        runs = runs[runs["run_source"] == "epoch"]
    # The report's sections reproduce the paper: its scope (NVIDIA GPUs named by Epoch). The
    # section "Analysis scopes" then sets the wider scopes beside it, from the unfiltered tables.
    all_scope_runs, all_scope_tables = runs, dict(tables)
    runs, tables = paper_scope(runs, tables, scopes)
    cards = tables["dim_gpu_cards"] if tables["dim_gpu_cards"] is not None else pd.DataFrame()
    by_year = tables["agg_impacts_by_year"] if tables["agg_impacts_by_year"] is not None else pd.DataFrame()
    location, decarb, lifespan = (tables[t] for t in SCENARIO_TABLES)
    scenario_present = {t: tables[t] is not None and len(tables[t]) > 0 for t in SCENARIO_TABLES}

    # --- fits: from the build where it made them, else here ---
    fits_source = {}
    if _has_columns(tables["rpt_trend_fits"], ["metric", *fits.FIT_COLUMNS]):
        trend = tables["rpt_trend_fits"]
        fits_source["trend"] = "rpt_trend_fits"
    else:
        trend = fits.run_trend_fits(runs, start_year, end_year) if len(runs) else fits.run_trend_fits(
            pd.DataFrame(columns=["publication_date"]), start_year, end_year)
        fits_source["trend"] = "computed by training_impacts.fits"
    if _has_columns(tables["rpt_hardware_trends"], ["segment", "metric", *fits.FIT_COLUMNS]):
        hardware = tables["rpt_hardware_trends"]
        fits_source["hardware"] = "rpt_hardware_trends"
    else:
        hardware = fits.run_hardware_trends(cards if len(cards) else pd.DataFrame(columns=["release_date"]),
                                            start_year, end_year)
        fits_source["hardware"] = "computed by training_impacts.fits"
    if _has_columns(tables["rpt_scenario_trend_fits"], ["family", "scenario", "metric", *fits.FIT_COLUMNS]):
        scenario_fits = tables["rpt_scenario_trend_fits"]
        fits_source["scenario"] = "rpt_scenario_trend_fits"
    else:
        scenario_fits = fits.run_scenario_trend_fits(location, decarb, lifespan, by_year if len(by_year) else None,
                                                     start_year, end_year)
        fits_source["scenario"] = "computed by training_impacts.fits"
    # the check of the paper's 0.27: on the paper profile's estimates (rpt_performance_ratio_fits),
    # else, in a paper-profile warehouse of before that table, fitted here
    ratio_table = tables.get("rpt_performance_ratio_fits")  # its paper-scope rows (paper_scope above)
    if _has_columns(ratio_table, ["subset", "fitted_ratio", "n"]) and len(ratio_table) and int(ratio_table["n"].max()) > 0:
        ratio_all, ratio_clean = (_lookup(ratio_table, subset=subset) for subset in ("all", "not_divergent"))
        fits_source["performance_ratio"] = "rpt_performance_ratio_fits (paper profile)"
    else:
        ratio_runs = paper_runs if paper_runs is not None else runs
        ratio_all = fits.fit_performance_ratio(ratio_runs, assumed_ratio)
        ratio_clean = fits.fit_performance_ratio(ratio_runs, assumed_ratio, exclude_divergent=True)
        fits_source["performance_ratio"] = "computed by training_impacts.fits"

    # --- source ---
    sources = sorted(runs["input_source"].dropna().unique()) if "input_source" in runs else []
    latest = pd.to_datetime(runs["publication_date"]).max() if "publication_date" in runs and len(runs) else None
    latest_text = latest.date().isoformat() if latest is not None and not pd.isna(latest) else "n/a"
    sample = study.is_bundled_sample(metadata.inputs) or any("bundled sample" in s for s in sources)
    coverage = study.coverage_counts(warehouse_path, start_year, end_year)
    input_records = int(coverage["records"].sum())  # every Epoch record ends estimated or excluded
    dataset = f"the bundled {input_records}-record sample of Epoch AI's data" if sample else "Epoch AI, Data on AI Models"
    source_label = f"{dataset} (latest publication {latest_text})"
    card_label = f"project GPU catalogue (dim_gpu_cards, {len(cards)} cards)"

    # --- figures ---
    written: list[Path] = []
    # GPU-h2 at the paper's one assumed ratio, so the fitted-ratio line reads against it
    h1_h2_runs = paper_runs if paper_runs is not None and len(paper_runs) else runs
    written += figures.gpu_hours_h1_vs_h2(h1_h2_runs, figure_dir, source_label, ratio_fit=ratio_all,
                                          assumed_ratio=assumed_ratio)
    written += figures.energy_over_time(runs, figure_dir, source_label, start_year, end_year,
                                        uncertainty=tables.get("fct_training_run_impacts_uncertainty"))
    written += figures.gwp_over_time(runs, figure_dir, source_label, start_year, end_year)
    written += figures.embodied_share_by_year(by_year, figure_dir, source_label)
    written += figures.scenarios(location, decarb, figure_dir, source_label, baseline_by_year=by_year)
    written += figures.hardware(cards, figure_dir, card_label, start_year, end_year)
    written += figures.lifespan(lifespan, figure_dir, source_label)
    validated = all_scope_tables.get("rpt_validation_published_footprints")  # every scope: TPU runs too
    written += figures.validation(validated, figure_dir, source_label)
    written += figures.coverage(coverage, figure_dir, source_label)
    pngs = {p.stem: p for p in written if p.suffix == ".png"}

    # --- key numbers ---
    def trend_fit(metric):
        return _lookup(trend, metric=metric)

    growth = {m: _clean(trend_fit(m).get("growth_factor_per_year")) for m in fits.RUN_METRICS}
    hardware_growth = {f"{m} ({s})": _clean(_lookup(hardware, metric=m, segment=s).get("growth_factor_per_year"))
                       for s in ("all", "data_centre") for m in fits.HARDWARE_METRICS}

    # the runs of the trend window: the embodied shares and the totals are sums over them
    in_window = (runs[pd.to_datetime(runs["publication_date"]).dt.year.between(start_year, end_year)]
                 if "publication_date" in runs and len(runs) else runs)

    def share(embodied, total):
        if not _has_columns(in_window, [embodied, total]):
            return None
        denominator = pd.to_numeric(in_window[total]).sum()
        return float(pd.to_numeric(in_window[embodied]).sum() / denominator) if denominator > 0 else None

    def median_share(column):
        return _clean(pd.to_numeric(runs[column]).median()) if column in runs and len(runs) else None

    shares = {
        "gwp": share("gwp_embodied_kgco2e", "gwp_total_kgco2e"),
        "adpe": share("adpe_embodied_kgsbeq", "adpe_total_kgsbeq"),
        "pe": share("pe_embodied_mj", "pe_total_mj"),
    }
    median_shares = {"gwp": median_share("gwp_embodied_share"), "adpe": median_share("adpe_embodied_share"),
                     "pe": median_share("pe_embodied_share")}
    findings, finding_text = {}, {}
    findings["1"], finding_text["1"] = growth_finding(trend, hardware)
    findings["2"], finding_text["2"], scenario_growth = strategies_finding(
        scenario_fits, any(scenario_present[t] for t in SCENARIO_TABLES[:2]))
    findings["3"], finding_text["3"] = embodied_finding(shares, median_shares, dbt_vars, start_year, end_year)
    comparison = profile_comparison(all_profile_tables, hardware, scopes[0], dbt_vars, start_year, end_year)
    validation_rows = validation_summary(validated)
    scope_summaries = scope_rows(all_scope_runs, all_scope_tables.get("rpt_trend_fits"), scopes, start_year, end_year)
    growth_draws = tables.get("rpt_growth_factor_uncertainty")
    gwp_draws = _lookup(growth_draws, metric="gwp_total_kgco2e")
    total_gwp = float(pd.to_numeric(in_window.get("gwp_total_kgco2e", pd.Series(dtype=float))).sum())
    total_energy = float(pd.to_numeric(in_window.get("energy_kwh", pd.Series(dtype=float))).sum())
    total_draws = study.total_interval(warehouse_path, scopes[0], start_year, end_year)
    coverage_text = study.coverage_sentence(coverage, len(runs))

    # --- the document ---
    doc = _Document()
    title = "Environmental impacts of ML training runs: trends and scenarios"
    doc.heading(1, title)
    if sample:
        doc.paragraph(f"**Built on the bundled sample.** This warehouse holds the {input_records}-record sample that ships with the "
                      "project, not Epoch AI's full export: its numbers show the method at work and are not the "
                      "study's findings. Run `make data` (or set `EPOCH_MODELS_CSV`) and `make build` for those.")
    doc.paragraph(f"Generated {dt.datetime.now().replace(microsecond=0).isoformat()} from the warehouse "
                  f"{code_span(str(warehouse_path))}. It reproduces and extends Morand, Ligozat & Névéol (2025) "
                  f"[morand2025] on {dataset} [epoch_models]: the energy, carbon (GWP), abiotic resource "
                  "depletion (ADPe) and primary energy (PE) of training runs, split into use and embodied phases. "
                  f"Scope of the findings: the paper's (`{scopes[0]}`: Epoch's runs on named NVIDIA GPUs, "
                  f"{start_year}–{end_year}); method profile `{method_profile}`.")

    heading = "Summary of the results on the sample" if sample else "Summary of the findings"
    doc.heading(2, heading)
    gwp_fit, energy_fit = trend_fit("gwp_total_kgco2e"), trend_fit("energy_kwh")
    fp32 = _lookup(hardware, metric="fp32_flops_per_w", segment="all")
    baseline_growth = _lookup(scenario_fits, family="baseline", metric="median_gwp_total_kgco2e")
    slowest = min(((k, v) for k, v in (scenario_growth or {}).items() if k != "baseline" and not _missing(v)),
                  key=lambda item: item[1], default=None)
    summary = [
        f"**(1) Impacts keep rising ({findings['1']}).** GWP per run grows ×{format_factor(gwp_fit.get('growth_factor_per_year'))}"
        f"/yr [95 % CI {format_ci(gwp_fit.get('growth_factor_ci_low'), gwp_fit.get('growth_factor_ci_high'))}"
        + (f"; Monte Carlo 5–95 % ×{format_factor(gwp_draws.get('growth_factor_per_year_p5'))}–"
           f"×{format_factor(gwp_draws.get('growth_factor_per_year_p95'))}" if gwp_draws else "")
        + f"] over {int(gwp_fit['n']) if not _missing(gwp_fit.get('n')) else 0} runs, energy per run "
        f"×{format_factor(energy_fit.get('growth_factor_per_year'))}/yr, while the cards' FP32 FLOP/s per W improve "
        f"×{format_factor(fp32.get('growth_factor_per_year'))}/yr.",
        f"**(2) Carbon strategies do not curb the growth ({findings['2']}).** "
        + (f"Under the slowest strategy ({slowest[0]}) the median run's GWP still grows ×{format_factor(slowest[1])}/yr, "
           f"against ×{format_factor(baseline_growth.get('growth_factor_per_year'))}/yr for the baseline."
           if slowest else "No scenario fits in this warehouse."),
        f"**(3) Embodied impacts are a large share ({findings['3']}).** Over {start_year}–{end_year} they are "
        f"{format_share(shares['gwp'])} of total GWP, {format_share(shares['adpe'])} of ADPe and "
        f"{format_share(shares['pe'])} of PE (lifetime {dbt_vars.get('hardware_lifetime_years', 'n/a')} yr, "
        f"utilisation {dbt_vars.get('hardware_utilization', 'n/a')}).",
        f"**Total.** The {len(in_window)} runs together emitted {total_gwp / 1000:,.0f} tCO2e"
        + (f" (Monte Carlo 5–95 %: {total_draws['p5'] / 1000:,.0f}–{total_draws['p95'] / 1000:,.0f} t over "
           f"{total_draws['draws']} draws)" if total_draws else "")
        + f" and used {total_energy / 1e6:,.1f} GWh.",
        "**Coverage.** " + coverage_text,
    ]
    if validation_rows and method_profile in validation_rows["per_profile"]:
        v = validation_rows["per_profile"][method_profile]
        summary.append(f"**Validation.** The estimated GPU-hours of {v['within_1_3']} of {v['compared']} runs with "
                       f"published figures are within ×1.3 of them (median error ×{v['median_error']:.2f}, largest "
                       f"×{v['worst_error']:.2f}, {v['worst_run']}).")
    if len(comparison) > 1:
        summary.append("**Method profiles.** " + profile_comparison_answer(comparison).replace("**", ""))
    doc.bullets(summary)

    doc.heading(2, "Findings")
    doc.heading(3, f"(1) Impacts grow exponentially despite efficiency gains: {findings['1']}")
    doc.paragraph(finding_text["1"])
    for name in ("gwp_over_time", "energy_over_time", "hardware"):
        doc.figure(name, figures.FIGURES[name], pngs.get(name))
    doc.heading(3, f"(2) Carbon strategies do not curb the growth: {findings['2']}")
    doc.paragraph(finding_text["2"])
    for name in ("scenarios", "lifespan"):
        doc.figure(name, figures.FIGURES[name], pngs.get(name))
    doc.heading(3, f"(3) Embodied impacts are a large share, near 100 % for ADPe: {findings['3']}")
    doc.paragraph(finding_text["3"])
    doc.figure("embodied_share_by_year", figures.FIGURES["embodied_share_by_year"], pngs.get("embodied_share_by_year"))
    if len(comparison) > 1:
        doc.heading(3, "The findings under each method profile")
        doc.paragraph(
            f"The findings above use this build's method profile, `{method_profile}`. Epoch's runs are also estimated "
            "under every profile of var `compared_method_profiles`: `paper` follows Morand et al. 2025 exactly; "
            "`best_estimate` takes each fine-tune's own compute, the documented data centre's grid and operator "
            "PUE, the run's own MFU (else the median of Epoch's), the 16-bit peak for FP8 runs without their own "
            "MFU, and World's factor for a criterion a country lacks (docs/method_profiles.md). Same scope "
            f"(`{scopes[0]}`) and years ({start_year}–{end_year}) in every column.")
        doc.table(["", *[f"`{row['profile']}`" for row in comparison]], profile_comparison_rows(comparison))
        doc.paragraph(profile_comparison_answer(comparison))
    if scope_summaries:
        doc.heading(3, "Beyond the paper's NVIDIA runs")
        doc.paragraph("`named_hardware` adds every other accelerator Epoch names (Google TPUs, AMD Instinct, AWS "
                      "Trainium, Huawei Ascend, Cerebras; GPU-hours are then chip-hours) and any year, `with_imputed` "
                      "adds the runs that name no hardware, given the accelerator most named by their "
                      "organisation's runs of the same year (var `impute_missing_hardware`). The scopes nest; each "
                      f"row counts the runs of {start_year}–{end_year} its scope holds.")
        doc.table(["scope", "runs", "other vendors", "imputed", "total GWP (tCO2e)", "embodied share of GWP",
                   "GWP growth /yr", "95 % CI", "energy growth /yr"],
                  [[f"`{r['scope']}`", str(r["runs"]), str(r["other_vendor_runs"]), str(r["imputed_runs"]),
                    "n/a" if _missing(r["gwp_total_kgco2e"]) else f"{r['gwp_total_kgco2e'] / 1000:,.0f}",
                    format_share(r["gwp_embodied_share"]),
                    format_factor(r["gwp_fit"].get("growth_factor_per_year")),
                    format_ci(r["gwp_fit"].get("growth_factor_ci_low"), r["gwp_fit"].get("growth_factor_ci_high")),
                    format_factor(r["energy_fit"].get("growth_factor_per_year"))] for r in scope_summaries])
        doc.paragraph(scope_answer(scope_summaries))

    doc.heading(2, "Data and coverage")
    doc.paragraph(f"Input: {'; '.join(code_span(s) for s in sources) or 'n/a'}; latest publication date in the "
                  f"data **{latest_text}**. Every record of the input ends in `fct_training_run_impacts` (estimated) "
                  "or in `fct_training_runs_excluded` (with its reason and the value at fault), as the figure shows. "
                  + coverage_text)
    doc.figure("coverage", figures.FIGURES["coverage"], pngs.get("coverage"))

    doc.heading(2, "Validation against published footprints")
    if validation_rows is None:
        doc.paragraph("`rpt_validation_published_footprints` is absent from this warehouse: no validation to show.")
    else:
        doc.paragraph("Runs whose authors published their GPU-hours, energy or CO2e [published] (no published figure "
                      "is an input of any estimate). Ratio = the warehouse's estimate / the published figure; the "
                      "published energy and CO2e carry their authors' own PUE, power and grid assumptions, listed in "
                      "the mart. " + validation_rows["text"])
        doc.figure("validation", figures.FIGURES["validation"], pngs.get("validation"))
        doc.paragraph("Every run and ratio, per method profile: [validation.csv](tables/validation.csv).")

    doc.heading(2, "Method and parameters")
    doc.paragraph(
        "GPU-hours come from the training time and accelerator count (GPU-h1) or from the compute divided by the "
        "accelerator's peak FLOP/s times a performance ratio (GPU-h2); energy = GPU-hours × TDP × PUE; use-phase "
        "impacts = energy × the grid's factor per criterion; embodied impacts = each accelerator's production "
        "impacts (MLCA's die, memory and server-share factors [mlca], [boaviztapi]) × the run's share of its "
        "lifetime. Trends are OLS fits of log10(impact) on the publication date; growth factor = 10^slope. The "
        "project's method document, docs/method.md, gives every formula, parameter and source.")
    doc.paragraph(f"Parameters: {metadata.source}. The key ones:")
    doc.table(["var", "meaning", "value"], study.key_parameter_rows(metadata))
    overridden = study.overridden_parameters(metadata)
    if overridden:
        doc.paragraph("Set for this build with `--vars`: " + "; ".join(overridden) + ".")
    doc.paragraph("Every var: [build_parameters.csv](tables/build_parameters.csv).")
    doc.paragraph(
        f"**Performance ratio.** The paper's GPU-h2 assumes {format_ratio(assumed_ratio)} (achieved / peak FLOP/s). "
        + ("Too few runs with both GPU-h1 and GPU-h2 to check it." if _missing(ratio_all["fitted_ratio"]) else
           f"On the {ratio_all['n']} runs with both, log10(GPU-h1) = log10(GPU-h2) + b gives "
           f"{format_ratio(ratio_all['fitted_ratio'])} "
           f"[{format_ci(ratio_all['fitted_ratio_ci_low'], ratio_all['fitted_ratio_ci_high'], format_ratio)}]: "
           f"{format_ratio(assumed_ratio)} is "
           + ("inside" if ratio_all["fitted_ratio_ci_low"] <= assumed_ratio <= ratio_all["fitted_ratio_ci_high"]
              else "outside")
           + f" its 95 % interval (without the runs flagged divergent: {format_ratio(ratio_clean['fitted_ratio'])}, "
           f"n = {ratio_clean['n']}). Checked on the paper profile's estimates."))
    doc.figure("gpu_hours_h1_vs_h2", figures.FIGURES["gpu_hours_h1_vs_h2"], pngs.get("gpu_hours_h1_vs_h2"))

    doc.heading(2, "Limitations")
    located = None
    if "location_source" in runs:
        located = int((runs["location_source"].astype(str) == "training_location").sum())
    doc.bullets(study.limitations(dbt_vars, coverage, located,
                                  validation_rows["per_profile"] if validation_rows else None))

    doc.heading(2, "References")
    doc.bullets([f"[{key}] {text}" for key, text in study.REFERENCES])

    doc.heading(2, "Provenance")
    doc.paragraph("What this build read, as `meta_build_inputs` recorded it (SHA-256 of the bytes read; retrieval "
                  "or copy time from data/raw/manifest.json where `make data` fetched the file):")
    provenance = study.provenance_rows(metadata.inputs)
    if provenance:
        doc.table(["input", "origin", "path", "SHA-256 / commit", "bytes", "retrieved"], provenance)
        built = metadata.inputs.iloc[0]
        doc.paragraph(f"Built {built['built_at']} by dbt {built['dbt_version']} (invocation `{built['invocation_id']}`).")
    else:
        doc.paragraph("This warehouse has no `meta_build_inputs` (built before it existed): inputs as named by "
                      f"`input_source`: {'; '.join(code_span(s) for s in sources) or 'n/a'}.")

    appendix = study.write_appendix(out_dir, {
        "trend_fits": trend, "hardware_trends": hardware, "scenario_trend_fits": scenario_fits,
        "performance_ratio_fits": ratio_table, "growth_factor_uncertainty": growth_draws,
        "impacts_by_year": by_year, "coverage": coverage,
        "build_parameters": metadata.parameter_rows if metadata.parameter_rows is not None else pd.DataFrame(
            [{"parameter": k, "value_json": json.dumps(v)} for k, v in dbt_vars.items()]),
        "validation": validated,
    })
    doc.heading(2, "Appendix: tables")
    doc.bullets([f"[{name}.csv](tables/{name}.csv)" for name in appendix])
    doc.heading(3, "Trends per training run (against publication date)")
    doc.table(FIT_HEADER, [_fit_row(METRIC_LABELS.get(r["metric"], r["metric"]), r["unit"], r)
                           for r in trend.to_dict("records")])

    md_path, html_path = out_dir / "report.md", out_dir / "report.html"
    md_path.write_text(doc.markdown(), encoding="utf-8")
    html_path.write_text(doc.html(title), encoding="utf-8")

    numbers = {
        "growth_factor_per_year": growth,
        "doubling_time_years": {m: _clean(trend_fit(m).get("doubling_time_years")) for m in fits.RUN_METRICS},
        "hardware_growth_factor_per_year": hardware_growth,
        "assumed_ratio": assumed_ratio,
        "fitted_performance_ratio": _clean(ratio_all["fitted_ratio"]),
        "fitted_performance_ratio_not_divergent": _clean(ratio_clean["fitted_ratio"]),
        "embodied_share": shares,
        "median_embodied_share": median_shares,
        "scenario_growth_factor_per_year": scenario_growth or None,
        "latest_publication_date": latest_text,
        "run_count": int(len(runs)),
        "findings": findings,
        "method_profile": method_profile,
        "is_bundled_sample": sample,
        "total_gwp_kgco2e": total_gwp,
        "total_gwp_kgco2e_draws": total_draws,
        "coverage": coverage.to_dict("records"),
        "parameters": metadata.parameters,
        "profiles": {r["profile"]: {"runs": r["runs"], "findings": r["findings"],
                                    "gwp_growth_factor_per_year": _clean(r["gwp_fit"].get("growth_factor_per_year")),
                                    "embodied_share": r["shares"]}
                     for r in comparison},
        "validation": validation_rows["per_profile"] if validation_rows else None,
        "scopes": {r["scope"]: {"runs": r["runs"], "other_vendor_runs": r["other_vendor_runs"],
                                "imputed_runs": r["imputed_runs"],
                                "gwp_growth_factor_per_year": _clean(r["gwp_fit"].get("growth_factor_per_year"))}
                   for r in scope_summaries},
    }
    numbers["text"] = {
        "growth_factor_per_year": {m: format_factor(v) for m, v in growth.items()},
        "fitted_performance_ratio": format_ratio(ratio_all["fitted_ratio"]),
        "embodied_share": {k: format_share(v) for k, v in shares.items()},
    }
    return {
        "report_md": md_path,
        "report_html": html_path,
        "figures": written,
        "appendix": appendix,
        "scenario_tables_present": scenario_present,
        "fits_source": fits_source,
        "numbers": numbers,
    }
