"""The findings side by side: under each method profile the build estimated Epoch's runs under,
and in each analysis scope (the paper's NVIDIA GPUs, every named accelerator, imputed hardware).
Pure functions on the build's by-profile and by-scope tables; no I/O, no fitting."""

from __future__ import annotations

import pandas as pd

from training_impacts import fits

from .findings import (
    absent,
    embodied_finding,
    embodied_shares,
    growth_finding,
    has_columns,
    lookup,
    significant_growth,
    strategies_finding,
)
from .formatting import fit_ci, format_factor, format_share, format_tonnes, missing


def scope_rows(runs: pd.DataFrame, trend: pd.DataFrame | None, scopes: list[str], start_year: int,
               end_year: int) -> list[dict]:
    """One summary per analysis scope: its runs of the trend window, how many run on other
    vendors' chips and on imputed hardware, the total and embodied share of GWP, and the growth
    factor a year of GWP and energy per run (rpt_trend_fits rows of that scope; {} without them)."""
    if "analysis_scope" not in runs.columns:
        return []
    years = pd.to_numeric(runs.get("publication_year"), errors="coerce")
    in_window = runs[(years >= start_year) & (years <= end_year)]
    by_scope = trend if trend is not None and "analysis_scope" in trend.columns else None
    rows = []
    for scope in scopes:
        held = fits.runs_in_scope(in_window, scopes, scope)
        fitted = by_scope[by_scope["analysis_scope"] == scope] if by_scope is not None else None
        total = float(held["gwp_total_kgco2e"].sum()) if len(held) else float("nan")
        rows.append({
            "scope": scope,
            "runs": int(len(held)),
            "other_vendor_runs": int((held.get("accelerator_vendor", pd.Series(dtype=str)) != "NVIDIA").sum()),
            "imputed_runs": int((held.get("hardware_source", pd.Series(dtype=str)) == "imputed").sum()),
            "gwp_total_kgco2e": total,
            "gwp_embodied_share": float(held["gwp_embodied_kgco2e"].sum()) / total if total else float("nan"),
            "gwp_fit": lookup(fitted, metric="gwp_total_kgco2e"),
            "energy_fit": lookup(fitted, metric="energy_kwh"),
        })
    return rows


def scope_table(summaries: list[dict]) -> list[list[str]]:
    """The scope summaries as the rows of the report's table."""
    return [[f"`{r['scope']}`", str(r["runs"]), str(r["other_vendor_runs"]), str(r["imputed_runs"]),
             format_tonnes(r["gwp_total_kgco2e"]), format_share(r["gwp_embodied_share"]),
             format_factor(r["gwp_fit"].get("growth_factor_per_year")), fit_ci(r["gwp_fit"]),
             format_factor(r["energy_fit"].get("growth_factor_per_year"))] for r in summaries]


def scope_answer(summaries: list[dict]) -> str:
    """Does the rebound trend hold once TPUs and imputed runs are in? In words, from the fits."""
    if not any(r["gwp_fit"] for r in summaries):
        return "No trend fits per scope: " + absent("rpt_trend_fits")
    holding = [r for r in summaries if significant_growth(r["gwp_fit"])]
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


def _cut(tables: dict, name: str, profile: str, scope: str) -> pd.DataFrame | None:
    table = tables.get(name)
    if table is None or "method_profile" not in table:
        return None
    table = table[table["method_profile"] == profile]
    return table[table["analysis_scope"] == scope] if "analysis_scope" in table else table


def _profile_row(tables: dict, profile: str, hardware, scope: str, parameters: dict, start_year: int,
                 end_year: int) -> dict:
    trend, scenario_fits, by_year = (_cut(tables, name, profile, scope) for name in
                                     ("rpt_trend_fits", "rpt_scenario_trend_fits", "agg_impacts_by_year"))
    shares = embodied_shares(by_year, start_year, end_year)
    two, _, strategy_growth = strategies_finding(scenario_fits, scenario_fits is not None and len(scenario_fits) > 0)
    years = by_year[pd.to_numeric(by_year["publication_year"]).between(start_year, end_year)] if by_year is not None else None
    return {
        "profile": profile,
        "runs": int(years["estimated_run_count"].sum()) if years is not None else None,
        "gwp_total_kgco2e": float(years["total_gwp_total_kgco2e"].sum()) if years is not None else None,
        "gwp_fit": lookup(trend, metric="gwp_total_kgco2e"),
        "energy_fit": lookup(trend, metric="energy_kwh"),
        "strategy_growth": {k: v for k, v in strategy_growth.items() if k != "baseline"},
        "shares": shares,
        "findings": {"1": growth_finding(trend, hardware)[0],
                     "2": two,
                     "3": embodied_finding(shares, None, parameters, start_year, end_year)[0]},
    }


def profile_comparison(tables: dict, hardware: pd.DataFrame | None, scope: str, parameters: dict,
                       start_year: int, end_year: int) -> list[dict]:
    """The three findings once per method profile the build estimated Epoch's runs under, from
    the by-profile tables (rpt_trend_fits, rpt_scenario_trend_fits, agg_impacts_by_year, their
    rows of `scope`): verdicts and key numbers, one dict per profile."""
    trend_all = tables.get("rpt_trend_fits")
    if not has_columns(trend_all, ["method_profile"]):
        return []
    return [_profile_row(tables, profile, hardware, scope, parameters, start_year, end_year)
            for profile in sorted(trend_all["method_profile"].dropna().unique())]


def _fit_cell(fit: dict) -> str:
    return f"×{format_factor(fit.get('growth_factor_per_year'))} [{fit_ci(fit)}]"


def _strategies_cell(growth: dict) -> str:
    if not growth:
        return "n/a"
    slowest = min(growth, key=lambda k: float("inf") if missing(growth[k]) else growth[k])
    return f"×{format_factor(growth[slowest])} ({slowest})"


def profile_comparison_rows(comparison: list[dict]) -> list[list[str]]:
    """The comparison as table rows (one column per profile)."""
    return [
        ["runs", *[str(r["runs"]) for r in comparison]],
        ["total GWP (tCO2e)", *[format_tonnes(r["gwp_total_kgco2e"]) for r in comparison]],
        ["energy per run, growth /yr", *[_fit_cell(r["energy_fit"]) for r in comparison]],
        ["GWP per run, growth /yr", *[_fit_cell(r["gwp_fit"]) for r in comparison]],
        ["(1) growth despite efficiency gains", *[r["findings"]["1"] for r in comparison]],
        ["slowest strategy's median-run GWP growth /yr", *[_strategies_cell(r["strategy_growth"]) for r in comparison]],
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
