"""The three findings of Morand et al. 2025 and the validation, as verdicts and sentences: pure
functions, DataFrames and dicts in (the build's fit tables, cut to one method profile and
scope), verdicts, sentences and numbers out. No I/O and no fitting: a fit table the warehouse
lacks makes its finding "not testable", saying which table to rebuild."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .formatting import clean, fit_ci, format_ci, format_factor, format_ratio, format_share, format_years, missing

SHARE_VARS = ("report_large_embodied_share", "report_near_total_embodied_share")
CRITERIA = (("gwp", "kgco2e"), ("adpe", "kgsbeq"), ("pe", "mj"))


def absent(table: str) -> str:
    """What the report says of a table of the build it lacks."""
    return f"`{table}` is not in this warehouse: rebuild (`make build`); the report does not fit it itself."


def has_columns(frame: pd.DataFrame | None, columns) -> bool:
    return frame is not None and len(frame) > 0 and set(columns) <= set(frame.columns)


def lookup(frame: pd.DataFrame | None, **where) -> dict:
    """The first row of `frame` whose columns equal `where`, as a dict ({} where none)."""
    if frame is None or len(frame) == 0:
        return {}
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        if column not in frame:
            return {}
        mask &= frame[column] == value
    rows = frame[mask]
    return rows.iloc[0].to_dict() if len(rows) else {}


def significant_growth(fit: dict) -> bool:
    """A growth whose 95 % interval lies above ×1/yr."""
    return not missing(fit.get("growth_factor_ci_low")) and float(fit["growth_factor_ci_low"]) > 1


def _growth_sentence(gwp: dict, energy: dict, adpe: dict, fp32: dict, tensor: dict) -> str:
    r_squared = "n/a" if missing(gwp.get("r_squared")) else format(float(gwp["r_squared"]), ".2f")
    return (
        f"Energy per run grows by ×{format_factor(energy.get('growth_factor_per_year'))}/yr [{fit_ci(energy)}], "
        f"GWP by ×{format_factor(gwp.get('growth_factor_per_year'))}/yr [{fit_ci(gwp)}] "
        f"(doubling every {format_years(gwp.get('doubling_time_years'))} yr, R² {r_squared}, n = {int(gwp['n'])}) "
        f"and ADPe by ×{format_factor(adpe.get('growth_factor_per_year'))}/yr, while the cards' peak FP32 FLOP/s "
        f"per W improves by ×{format_factor(fp32.get('growth_factor_per_year'))}/yr [{fit_ci(fp32)}] and "
        f"data-centre tensor FP16 FLOP/s per W by ×{format_factor(tensor.get('growth_factor_per_year'))}/yr. ")


def growth_finding(trend: pd.DataFrame | None, hardware: pd.DataFrame | None) -> tuple[str, str]:
    """Finding (1): per-run energy and GWP grow exponentially, faster than hardware efficiency.
    The verdict and its sentence, from the trend fits (rpt_trend_fits rows of one profile and
    scope) and the hardware trends (rpt_hardware_trends)."""
    lacking = " ".join(absent(name) for name, table in (("rpt_trend_fits", trend), ("rpt_hardware_trends", hardware))
                       if table is None)
    if trend is None:
        return "not testable", lacking
    gwp, energy, adpe = (lookup(trend, metric=m) for m in ("gwp_total_kgco2e", "energy_kwh", "adpe_total_kgsbeq"))
    if not gwp or missing(gwp.get("growth_factor_per_year")):
        return "not testable", "too few runs to fit a trend."
    fp32 = lookup(hardware, metric="fp32_flops_per_w", segment="all")
    tensor = lookup(hardware, metric="tensor_fp16_flops_per_w", segment="data_centre")
    efficiency = [float(f["growth_factor_per_year"]) for f in (fp32, tensor) if not missing(f.get("growth_factor_per_year"))]
    best_efficiency = max(efficiency, default=None)
    grows = significant_growth(gwp) and significant_growth(energy)
    outpaces = best_efficiency is not None and best_efficiency > 1 and float(gwp["growth_factor_per_year"]) > best_efficiency
    verdict = "supported" if grows and outpaces else "partly supported" if grows else "not supported"
    text = _growth_sentence(gwp, energy, adpe, fp32, tensor)
    text += ("Impacts grow exponentially, faster than hardware efficiency improves: the efficiency gains do not "
             "offset the growth." if grows and outpaces else
             "Impacts grow exponentially, but the efficiency comparison is not conclusive on this data." if grows else
             "The growth is not significant (95 % interval includes ×1/yr).")
    if lacking:
        text += " " + lacking
    if not missing(gwp.get("r_squared")) and float(gwp["r_squared"]) < 0.5:
        text += (f" The scatter around the trend is wide (R² {float(gwp['r_squared']):.2f}): the trend describes "
                 "the typical run, not each run.")
    return verdict, text


def strategies_finding(scenario_fits: pd.DataFrame | None, present: bool) -> tuple[str, str, dict]:
    """Finding (2): location shifting and grid decarbonisation lower the impacts but the median
    run's GWP still grows. The verdict, its sentence and each strategy's growth factor, from the
    scenario trend fits (rpt_scenario_trend_fits rows of one profile and scope); `present`: the
    warehouse has the scenario tables."""
    if not present:
        return ("not testable (scenario tables absent)",
                "Scenario tables absent (`scn_location_shifting_by_year`, `scn_grid_decarbonization_by_year`): "
                "build the scenario models to test this finding.", {})
    if scenario_fits is None:
        return "not testable (scenario fits absent)", absent("rpt_scenario_trend_fits"), {}
    median = scenario_fits[scenario_fits["metric"] == "median_gwp_total_kgco2e"]
    baseline = (lookup(median, family="baseline")
                or lookup(median, family="location_shifting", scenario="baseline"))
    strategy = median[median["family"].isin(["location_shifting", "grid_decarbonization"])
                      & (median["scenario"] != "baseline")]
    growth = {row["scenario"]: clean(row["growth_factor_per_year"]) for row in strategy.to_dict("records")}
    growth["baseline"] = clean(baseline.get("growth_factor_per_year"))
    parts = [f"{row['scenario']} ×{format_factor(row['growth_factor_per_year'])}/yr [{fit_ci(row)}]"
             for row in strategy.to_dict("records")]
    still_growing = all(significant_growth(row) for row in strategy.to_dict("records"))
    verdict = "supported" if still_growing and parts else "not supported" if parts else "not testable"
    text = (f"Median run's total GWP per year, baseline ×{format_factor(baseline.get('growth_factor_per_year'))}/yr "
            f"[{fit_ci(baseline)}]; " + "; ".join(parts) + ". ")
    text += {"supported": "Every strategy lowers the level or slows the growth, but the impacts still grow "
                          "exponentially (every 95 % interval above ×1/yr).",
             "not supported": "At least one strategy brings the growth's 95 % interval down to ×1/yr or below.",
             "not testable": "No scenario rows to compare."}[verdict]
    return verdict, text, growth


def embodied_shares(by_year: pd.DataFrame | None, start_year: int, end_year: int) -> dict:
    """Embodied share of each criterion's total over the years of the window: the sums of
    agg_impacts_by_year's yearly totals (rows of one profile and scope)."""
    shares = {}
    for criterion, unit in CRITERIA:
        columns = [f"total_{criterion}_embodied_{unit}", f"total_{criterion}_total_{unit}"]
        if not has_columns(by_year, ["publication_year", *columns]):
            shares[criterion] = None
            continue
        years = by_year[pd.to_numeric(by_year["publication_year"]).between(start_year, end_year)]
        denominator = pd.to_numeric(years[columns[1]]).sum()
        shares[criterion] = float(pd.to_numeric(years[columns[0]]).sum() / denominator) if denominator > 0 else None
    return shares


def run_embodied_shares(runs: pd.DataFrame) -> dict:
    """Embodied share of each criterion's total, summed over `runs` (the runs of the window)."""
    shares = {}
    for criterion, unit in CRITERIA:
        embodied, total = f"{criterion}_embodied_{unit}", f"{criterion}_total_{unit}"
        denominator = pd.to_numeric(runs[total]).sum() if has_columns(runs, [embodied, total]) else 0
        shares[criterion] = float(pd.to_numeric(runs[embodied]).sum() / denominator) if denominator > 0 else None
    return shares


def median_embodied_shares(runs: pd.DataFrame) -> dict:
    """The median run's embodied share of each criterion."""
    return {criterion: clean(pd.to_numeric(runs[f"{criterion}_embodied_share"]).median())
            if f"{criterion}_embodied_share" in runs and len(runs) else None for criterion, _ in CRITERIA}


def embodied_finding(shares: dict, median_shares: dict | None, parameters: dict, start_year: int,
                     end_year: int) -> tuple[str, str]:
    """Finding (3): embodied impacts are a large share of GWP, near all of ADPe, read with the
    build's vars report_large_embodied_share and report_near_total_embodied_share."""
    unknown = [name for name in SHARE_VARS if parameters.get(name) is None]
    if unknown:
        return "not testable", ("The build recorded no var " + " or ".join(unknown) + " (meta_build_parameters): "
                                "the shares cannot be read as \"large\" or \"near 100 %\".")
    if shares.get("adpe") is None or shares.get("gwp") is None:
        return "not testable", "No impacts."
    large_share, near_total_share = (float(parameters[name]) for name in SHARE_VARS)
    near_total, large = shares["adpe"] >= near_total_share, shares["gwp"] >= large_share
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


def _profile_validation(profile: str, rows: pd.DataFrame) -> tuple[str, dict | None]:
    ratios = pd.to_numeric(rows.get("gpu_hours_ratio"), errors="coerce").dropna()
    ratios = ratios[ratios > 0]
    if not len(ratios):
        return f"`{profile}`: no published GPU-hours match an estimated run.", None
    errors = np.exp(np.abs(np.log(ratios.to_numpy())))  # an error as a factor >= 1
    counts = {"compared": int(len(errors)), "within_1_3": int((errors <= 1.3).sum()),
              "within_1_5": int((errors <= 1.5).sum()), "median_error": float(np.median(errors)),
              "worst_run": str(rows.loc[ratios.index[int(np.argmax(errors))], "model_name"]),
              "worst_error": float(errors.max())}
    unestimated = int((~rows["is_estimated"].astype(bool)).sum())
    return (f"`{profile}`: GPU-hours of {counts['within_1_3']} of {counts['compared']} published runs within ×1.3, "
            f"{counts['within_1_5']} within ×1.5; median error ×{counts['median_error']:.2f}, largest "
            f"×{counts['worst_error']:.2f} ({counts['worst_run']}); {unestimated} published runs not estimated."), counts


def validation_summary(validated: pd.DataFrame | None) -> dict | None:
    """Per method profile, a sentence: how many published GPU-hours the warehouse matches within
    ×1.3 and ×1.5, and the median error (as a factor ≥ 1); `per_profile` holds those counts.
    None where the warehouse has no validation mart."""
    if validated is None:
        return None
    if "method_profile" not in validated:  # a warehouse of before the profiles: the paper's
        validated = validated.assign(method_profile="paper")
    sentences, per_profile = [], {}
    for profile, rows in validated.groupby("method_profile", sort=True):
        sentence, counts = _profile_validation(str(profile), rows)
        sentences.append(sentence)
        if counts:
            per_profile[profile] = counts
    text = " ".join(sentences) if sentences else "No published GPU-hours match an estimated run."
    return {"text": text, "per_profile": per_profile}


def performance_ratio_text(ratio_table: pd.DataFrame | None, assumed_ratio) -> str:
    """The check of the paper's assumed performance ratio (var performance_ratio) against the
    ratio the build fitted on the runs with both GPU-h1 and GPU-h2 (rpt_performance_ratio_fits,
    the paper profile's estimates of the paper scope)."""
    if ratio_table is None:
        return absent("rpt_performance_ratio_fits")
    ratio_all, ratio_clean = (lookup(ratio_table, subset=subset) for subset in ("all", "not_divergent"))
    known = not missing(assumed_ratio)
    text = (f"The paper's GPU-h2 assumes {format_ratio(assumed_ratio)} (achieved / peak FLOP/s). " if known else
            "The build recorded no var `performance_ratio` (meta_build_parameters): the assumed ratio is unknown. ")
    if missing(ratio_all.get("fitted_ratio")):
        return text + "Too few runs with both GPU-h1 and GPU-h2 to check it."
    low, high = ratio_all["fitted_ratio_ci_low"], ratio_all["fitted_ratio_ci_high"]
    verdict = (f": {format_ratio(assumed_ratio)} is {'inside' if low <= float(assumed_ratio) <= high else 'outside'} "
               "its 95 % interval" if known else "")
    return text + (
        f"On the {int(ratio_all['n'])} runs with both, log10(GPU-h1) = log10(GPU-h2) + b gives "
        f"{format_ratio(ratio_all['fitted_ratio'])} [{format_ci(low, high, format_ratio)}]{verdict} (without the "
        f"runs flagged divergent: {format_ratio(ratio_clean.get('fitted_ratio'))}, n = {int(ratio_clean.get('n') or 0)}). "
        "Checked on the paper profile's estimates.")
