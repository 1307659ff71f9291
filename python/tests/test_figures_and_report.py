"""Figures and the report, from synthetic frames and a small DuckDB file made here (no dbt build)."""

from __future__ import annotations

import html
import json
import re
from importlib import resources

import duckdb
import numpy as np
import pandas as pd
import pytest
import yaml

from training_impacts import figures, fits
from training_impacts.report import code_span, format_factor, format_ratio, write_report
from training_impacts.report.inputs import TABLES
from training_impacts.warehouse import project_root

SOURCE = "synthetic test data"


# --- synthetic marts ------------------------------------------------------------------------------

def synthetic_runs(n: int = 120, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    dates = pd.DatetimeIndex(pd.Timestamp("2013-01-01") + pd.to_timedelta(rng.uniform(0, 12.5 * 365, n), unit="D"))
    dates = dates.normalize()
    years = fits.decimal_year(pd.Series(dates)) - 2013
    gpu_hours = 10 ** (2 + 0.45 * years + rng.normal(0, 0.4, n))
    h1 = np.where(rng.uniform(0, 1, n) < 0.6, gpu_hours, np.nan)
    h2 = gpu_hours * 0.33 / 0.27 * 10 ** rng.normal(0, 0.1, n)  # true ratio 0.33: h1 / h2 = 0.27 / 0.33
    energy = gpu_hours * 0.4 * 1.3
    frame = pd.DataFrame({
        "model_id": [f"m{i}" for i in range(n)],
        "model_name": [f"Model {i}" for i in range(n)],
        "organization": "Lab",
        "publication_date": dates.date,
        "publication_year": dates.year.astype("int32"),
        "domain": "Language",
        "country_iso3": "USA",
        "gpu_card_id": "a100_sxm4_80gb",
        "gpu_hours_h1": h1,
        "gpu_hours_h2": h2,
        "gpu_hours": np.where(np.isnan(h1), h2, h1),
        "gpu_hours_method": np.where(np.isnan(h1), "h2_compute_over_peak", "h1_time_x_quantity"),
        "is_gpu_hours_divergent": False,
        "pue": 1.3,
        "energy_kwh": energy,
        "gwp_use_kgco2e": energy * 0.4,
        "gwp_embodied_kgco2e": gpu_hours * 0.05,
        "adpe_use_kgsbeq": energy * 1e-8,
        "adpe_embodied_kgsbeq": gpu_hours * 2e-6,
        "pe_use_mj": energy * 10,
        "pe_embodied_mj": gpu_hours * 0.5,
        "peak_flops": 312e12,
        "training_compute_flop": h2 * 3600 * 312e12 * 0.27,
        "input_source": "synthetic sample for tests",
    })
    for criterion, unit in (("gwp", "kgco2e"), ("adpe", "kgsbeq"), ("pe", "mj")):
        frame[f"{criterion}_total_{unit}"] = frame[f"{criterion}_use_{unit}"] + frame[f"{criterion}_embodied_{unit}"]
        frame[f"{criterion}_embodied_share"] = frame[f"{criterion}_embodied_{unit}"] / frame[f"{criterion}_total_{unit}"]
    return frame


def synthetic_cards(n: int = 40, seed: int = 8) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    release = pd.DatetimeIndex(pd.Timestamp("2012-01-01") + pd.to_timedelta(rng.uniform(0, 13 * 365, n), unit="D"))
    years = fits.decimal_year(pd.Series(release)) - 2012
    tdp = 250 * 1.05 ** years
    fp32 = 5e12 * 1.3 ** years
    return pd.DataFrame({
        "gpu_card_id": [f"card_{i}" for i in range(n)],
        "card_name": [f"Card {i}" for i in range(n)],
        "architecture": "Arch",
        "release_date": release,
        "release_year": release.year.astype("int32"),
        "segment": rng.choice(["data_centre", "consumer", "workstation"], n),
        "die_area_mm2": 500 * 1.02 ** years,
        "process_node_nm": 7,
        "memory_gb": 16 * 1.25 ** years,
        "tdp_w": tdp,
        "fp32_flops": fp32,
        "tensor_fp16_flops": np.where(years > 5, fp32 * 8, np.nan),
        "fp32_flops_per_w": fp32 / tdp,
        "tensor_fp16_flops_per_w": np.where(years > 5, fp32 * 8 / tdp, np.nan),
        "gwp_embodied_kgco2e": 50 * 1.1 ** years,
        "adpe_embodied_kgsbeq": 0.02 * 1.02 ** years,
        "pe_embodied_mj": 600 * 1.1 ** years,
    })


def by_year_of(runs: pd.DataFrame) -> pd.DataFrame:
    grouped = runs.groupby("publication_year")
    frame = pd.DataFrame({"estimated_run_count": grouped.size()})
    for column in ("gpu_hours", "energy_kwh", "gwp_use_kgco2e", "gwp_embodied_kgco2e", "gwp_total_kgco2e",
                   "adpe_use_kgsbeq", "adpe_embodied_kgsbeq", "adpe_total_kgsbeq", "pe_use_mj", "pe_embodied_mj",
                   "pe_total_mj"):
        frame[f"total_{column}"] = grouped[column].sum()
        frame[f"median_{column}"] = grouped[column].median()
    for criterion, unit in (("gwp", "kgco2e"), ("adpe", "kgsbeq"), ("pe", "mj")):
        frame[f"{criterion}_embodied_share"] = (frame[f"total_{criterion}_embodied_{unit}"]
                                                / frame[f"total_{criterion}_total_{unit}"])
        frame[f"median_{criterion}_embodied_share"] = grouped[f"{criterion}_embodied_share"].median()
    return frame.reset_index()


def scenario_tables(by_year: pd.DataFrame) -> dict[str, pd.DataFrame]:
    years = by_year["publication_year"]
    use, embodied = by_year["total_gwp_use_kgco2e"], by_year["total_gwp_embodied_kgco2e"]
    median = by_year["median_gwp_total_kgco2e"]
    location = pd.concat([
        pd.DataFrame({"publication_year": years, "scenario": name, "run_count": by_year["estimated_run_count"],
                      "total_gwp_use_kgco2e": use * f, "total_gwp_embodied_kgco2e": embodied,
                      "total_gwp_total_kgco2e": use * f + embodied, "median_gwp_total_kgco2e": median * (f + 1) / 2})
        for name, f in (("baseline", 1.0), ("lowest_carbon_grid", 0.05), ("grid_FRA", 0.1))])
    decarbonization = pd.concat([
        pd.DataFrame({"publication_year": years, "annual_reduction_rate": r, "run_count": by_year["estimated_run_count"],
                      "total_gwp_use_kgco2e": use * (1 - r) ** (years - 2013), "total_gwp_embodied_kgco2e": embodied,
                      "total_gwp_total_kgco2e": use * (1 - r) ** (years - 2013) + embodied,
                      "median_gwp_total_kgco2e": median * (1 - r) ** (years - 2013)})
        for r in (0.05, 0.10, 0.25, 0.35)])
    lifespan = pd.concat([
        pd.DataFrame({"publication_year": years, "hardware_lifetime_years": life, "hardware_utilization": 0.5,
                      "run_count": by_year["estimated_run_count"], "total_gwp_embodied_kgco2e": embodied * 3 / life,
                      "total_gwp_total_kgco2e": use + embodied * 3 / life,
                      "total_adpe_embodied_kgsbeq": by_year["total_adpe_embodied_kgsbeq"] * 3 / life,
                      "median_gwp_total_kgco2e": median})
        for life in (1, 2, 3, 4, 5)])
    return {"scn_location_shifting_by_year": location, "scn_grid_decarbonization_by_year": decarbonization,
            "scn_hardware_lifespan_by_year": lifespan}


def synthetic_validation(runs: pd.DataFrame) -> pd.DataFrame:
    """Five runs with 'published' figures 0.8 to 1.2 times the estimate (and one not estimated)."""
    picked = runs.head(5)
    factors = np.array([0.8, 0.9, 1.0, 1.1, 1.2])
    frame = pd.DataFrame({
        "model_name": list(picked["model_name"]) + ["Unestimated run"],
        "publication_date": list(picked["publication_date"]) + [pd.Timestamp("2024-01-01").date()],
        "is_estimated": [True] * 5 + [False],
        "exclusion_reason": [None] * 5 + ["no_hardware"],
        "gpu_card_id": list(picked["gpu_card_id"]) + [None],
        "training_scope": "final run",
        "estimated_gpu_hours": list(picked["gpu_hours"]) + [np.nan],
        "published_gpu_hours": list(picked["gpu_hours"] / factors) + [1e6],
        "estimated_energy_kwh": list(picked["energy_kwh"]) + [np.nan],
        "published_energy_kwh": list(picked["energy_kwh"] / factors) + [np.nan],
        "estimated_gwp_use_kgco2e": list(picked["gwp_use_kgco2e"]) + [np.nan],
        "published_gwp_kgco2e": list(picked["gwp_use_kgco2e"] / factors) + [np.nan],
    })
    for quantity, estimate, published in (("gpu_hours", "estimated_gpu_hours", "published_gpu_hours"),
                                          ("energy", "estimated_energy_kwh", "published_energy_kwh"),
                                          ("gwp_use", "estimated_gwp_use_kgco2e", "published_gwp_kgco2e")):
        frame[f"{quantity}_ratio"] = frame[estimate] / frame[published]
    return frame


@pytest.fixture(scope="module")
def marts():
    runs = synthetic_runs()
    by_year = by_year_of(runs)
    return {"runs": runs, "cards": synthetic_cards(), "by_year": by_year, **scenario_tables(by_year),
            "validation": synthetic_validation(runs),
            "coverage": pd.DataFrame({"outcome": ["estimated", "excluded", "excluded"],
                                      "reason": ["paper scope", "no_hardware", "published_before_min_year"],
                                      "records": [120, 40, 7]})}


SCOPES = ["paper", "named_hardware", "with_imputed"]
SCENARIO_NAMES = ("scn_location_shifting_by_year", "scn_grid_decarbonization_by_year", "scn_hardware_lifespan_by_year")


def as_built(frame: pd.DataFrame) -> pd.DataFrame:
    """A synthetic mart with the columns a build's by-profile, by-scope marts carry: every
    synthetic run is Epoch's, estimated under the paper profile, in the paper's scope."""
    return frame.assign(method_profile="paper", analysis_scope="paper")


def build_parameters(overrides: dict | None = None, drop: tuple = ()) -> pd.DataFrame:
    """meta_build_parameters as a build writes it (models/marts/meta/meta_build_parameters.sql):
    one row per var of dbt_project.yml, its value as JSON, `--vars` overrides marked as such."""
    project_vars = yaml.safe_load((project_root() / "dbt_project.yml").read_text(encoding="utf-8"))["vars"]
    overrides = overrides or {}
    rows = [{"parameter_order": order, "parameter": name, "value_json": json.dumps(overrides.get(name, default)),
             "value_source": "command line (--vars)" if name in overrides else "dbt_project.yml",
             "default_value_json": json.dumps(default)}
            for order, (name, default) in enumerate(project_vars.items(), start=1) if name not in drop]
    return pd.DataFrame(rows).astype({"parameter_order": "int32"})


def build_fit_tables(runs: pd.DataFrame, cards: pd.DataFrame, by_year: pd.DataFrame,
                     scenarios: dict | None) -> dict[str, pd.DataFrame]:
    """The fit tables a build writes, computed as the dbt Python models compute them
    (models/marts/reports/*.py), from the as-built marts."""
    tables = {
        "rpt_trend_fits": fits.per_method_profile(
            lambda runs: fits.run_trend_fits_by_scope(runs, SCOPES, start_year=2013, end_year=2025), runs=runs),
        "rpt_hardware_trends": fits.run_hardware_trends(cards, start_year=2013, end_year=2025),
        "rpt_performance_ratio_fits": fits.performance_ratio_fits_by_scope(
            runs[runs["method_profile"] == "paper"], SCOPES, assumed_ratio=0.27),
    }
    if scenarios:
        tables["rpt_scenario_trend_fits"] = fits.per_method_profile(
            lambda **tables: fits.run_scenario_trend_fits_by_scope(SCOPES, start_year=2013, end_year=2025, **tables),
            location_shifting=scenarios["scn_location_shifting_by_year"],
            grid_decarbonization=scenarios["scn_grid_decarbonization_by_year"],
            hardware_lifespan=scenarios["scn_hardware_lifespan_by_year"], baseline_by_year=by_year)
    return tables


def warehouse_tables(marts, with_scenarios: bool, input_source: str | None = None) -> dict[str, pd.DataFrame]:
    """The tables of a synthetic warehouse: the marts, the build's fit tables and its vars."""
    runs = as_built(marts["runs"]).assign(run_source="epoch")
    if input_source is not None:
        runs = runs.assign(input_source=input_source)
    by_year = as_built(marts["by_year"])
    scenarios = {name: as_built(marts[name]) for name in SCENARIO_NAMES} if with_scenarios else None
    return {"fct_training_run_impacts": runs, "dim_gpu_cards": marts["cards"], "agg_impacts_by_year": by_year,
            **(scenarios or {}), **build_fit_tables(runs, marts["cards"], by_year, scenarios),
            "meta_build_parameters": build_parameters()}


def make_warehouse(path, marts, with_scenarios: bool, extra: dict | None = None, drop: tuple = (),
                   input_source: str | None = None):
    """A DuckDB file holding what a build would write for the synthetic marts; `extra` replaces
    or adds tables, `drop` leaves tables out."""
    tables = {**warehouse_tables(marts, with_scenarios, input_source), **(extra or {})}
    connection = duckdb.connect(str(path))
    try:
        for name, frame in tables.items():
            if name in drop:
                continue
            connection.register("frame", frame)
            connection.execute(f"create table main.{name} as select * from frame")
            connection.unregister("frame")
        connection.execute("alter table main.fct_training_run_impacts alter publication_date type date")
    finally:
        connection.close()
    return path


# --- figures --------------------------------------------------------------------------------------

def draw(name: str, marts: dict, out_dir, empty: bool = False) -> list:
    pick = (lambda key: pd.DataFrame()) if empty else (lambda key: marts[key])
    calls = {
        "gpu_hours_h1_vs_h2": lambda: figures.gpu_hours_h1_vs_h2(pick("runs"), out_dir, SOURCE),
        "energy_over_time": lambda: figures.energy_over_time(pick("runs"), out_dir, SOURCE),
        "gwp_over_time": lambda: figures.gwp_over_time(pick("runs"), out_dir, SOURCE),
        "embodied_share_by_year": lambda: figures.embodied_share_by_year(pick("by_year"), out_dir, SOURCE),
        "scenarios": lambda: figures.scenarios(pick("scn_location_shifting_by_year"),
                                               pick("scn_grid_decarbonization_by_year"), out_dir, SOURCE,
                                               baseline_by_year=pick("by_year")),
        "hardware": lambda: figures.hardware(pick("cards"), out_dir, SOURCE),
        "lifespan": lambda: figures.lifespan(pick("scn_hardware_lifespan_by_year"), out_dir, SOURCE),
        "validation": lambda: figures.validation(pick("validation"), out_dir, SOURCE),
        "coverage": lambda: figures.coverage(pick("coverage"), out_dir, SOURCE),
    }
    return calls[name]()


def assert_png_and_svg(paths, out_dir, name):
    assert sorted(p.name for p in paths) == sorted([f"{name}.png", f"{name}.svg"])
    png, svg = out_dir / f"{name}.png", out_dir / f"{name}.svg"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000
    assert "<svg" in svg.read_text(encoding="utf-8")[:2000]


def test_nine_figures_are_listed():
    assert len(figures.FIGURES) == 9 and set(figures.FIGURES) == set(figures.FIGURE_FUNCTIONS)


@pytest.mark.parametrize("name", list(figures.FIGURES))
def test_each_figure_writes_png_and_svg(name, marts, tmp_path):
    paths = draw(name, marts, tmp_path)
    assert_png_and_svg(paths, tmp_path, name)
    svg = (tmp_path / f"{name}.svg").read_text(encoding="utf-8")
    assert SOURCE in svg  # the caption names the source
    assert "no data" not in svg


@pytest.mark.parametrize("name", list(figures.FIGURES))
def test_each_figure_survives_empty_input(name, marts, tmp_path):
    paths = draw(name, marts, tmp_path, empty=True)
    assert_png_and_svg(paths, tmp_path, name)
    assert "no data" in (tmp_path / f"{name}.svg").read_text(encoding="utf-8")


def test_figures_survive_none_and_too_few_points(marts, tmp_path):
    assert_png_and_svg(figures.scenarios(None, None, tmp_path, SOURCE), tmp_path, "scenarios")
    assert_png_and_svg(figures.lifespan(None, tmp_path, SOURCE), tmp_path, "lifespan")
    two = marts["runs"].head(2)
    assert_png_and_svg(figures.energy_over_time(two, tmp_path, SOURCE), tmp_path, "energy_over_time")
    assert_png_and_svg(figures.gpu_hours_h1_vs_h2(two, tmp_path, SOURCE), tmp_path, "gpu_hours_h1_vs_h2")


# --- report ---------------------------------------------------------------------------------------

def test_report_holds_the_fitted_numbers_and_every_figure(marts, tmp_path):
    warehouse = make_warehouse(tmp_path / "w.duckdb", marts, with_scenarios=True)
    result = write_report(warehouse, tmp_path / "out")
    markdown = result["report_md"].read_text(encoding="utf-8")
    page = result["report_html"].read_text(encoding="utf-8")

    # the printed numbers against the fits of the same runs, fitted here (the report fits nothing)
    expected = fits.run_trend_fits(marts["runs"], start_year=2013, end_year=2025).set_index("metric")
    for metric in ("energy_kwh", "gwp_total_kgco2e", "adpe_total_kgsbeq"):
        printed = format_factor(expected.loc[metric, "growth_factor_per_year"])
        assert result["numbers"]["text"]["growth_factor_per_year"][metric] == printed
        assert result["numbers"]["growth_factor_per_year"][metric] == pytest.approx(
            expected.loc[metric, "growth_factor_per_year"])
        assert f"×{printed}/yr" in markdown and f"×{printed}/yr" in page
    ratio = fits.fit_performance_ratio(marts["runs"], 0.27)["fitted_ratio"]
    assert result["numbers"]["fitted_performance_ratio"] == pytest.approx(ratio)
    assert format_ratio(ratio) in markdown and 0.25 < ratio < 0.45  # true ratio 0.33
    assert result["numbers"]["assumed_ratio"] == 0.27  # the build's var performance_ratio

    placed = [name for name in figures.FIGURES if name != "validation"]  # this warehouse has no validation mart
    for name in placed:
        assert f"figures/{name}.png" in markdown
        assert page.count(f'id="{name}"') == 1
        assert (tmp_path / "out" / "figures" / f"{name}.png").is_file()
        assert (tmp_path / "out" / "figures" / f"{name}.svg").is_file()
    assert 'src="http' not in page and "<link" not in page and "<script" not in page
    assert page.count("data:image/png;base64,") == len(placed)

    assert "synthetic sample for tests" in markdown
    assert max(marts["runs"]["publication_date"]).isoformat() in markdown
    assert "| `performance_ratio` | paper profile: achieved / peak FLOP/s for GPU-h2 | 0.27 |" in markdown
    assert result["scenario_tables_present"] == {name: True for name in SCENARIO_NAMES}
    assert result["fits_source"] == {"trend": "rpt_trend_fits", "hardware": "rpt_hardware_trends",
                                     "scenario": "rpt_scenario_trend_fits",
                                     "performance_ratio": "rpt_performance_ratio_fits"}
    assert "scenario tables absent" not in markdown.lower()
    assert re.search(r"^### \(1\) .*: supported$", markdown, re.M)
    assert re.search(r"^### \(2\) .*: supported$", markdown, re.M)
    # the summary comes first, each finding with its number and interval
    summary = markdown.split("## Summary", 1)[1].split("\n## ", 1)[0]
    assert markdown.index("## Summary") < markdown.index("## Findings") < markdown.index("## Limitations")
    gwp = expected.loc["gwp_total_kgco2e"]
    assert (f"×{format_factor(gwp['growth_factor_per_year'])}/yr [95 % CI "
            f"{format_factor(gwp['growth_factor_ci_low'])}–{format_factor(gwp['growth_factor_ci_high'])}") in summary
    growth = result["numbers"]["scenario_growth_factor_per_year"]
    assert growth["decarbonization 35 %/yr"] < growth["decarbonization 5 %/yr"] < growth["baseline"]
    assert result["numbers"]["embodied_share"]["adpe"] > 0.9


def test_report_without_scenario_tables_says_so(marts, tmp_path):
    warehouse = make_warehouse(tmp_path / "w.duckdb", marts, with_scenarios=False)
    result = write_report(warehouse, tmp_path / "out")
    markdown = result["report_md"].read_text(encoding="utf-8")
    assert "scenario tables absent" in markdown.lower()
    assert result["numbers"]["findings"]["2"].startswith("not testable")
    assert not any(result["scenario_tables_present"].values())
    assert "no data" in (tmp_path / "out" / "figures" / "scenarios.svg").read_text(encoding="utf-8")


def test_report_prints_the_build_fit_tables(marts, tmp_path):
    """The growth factor printed is the one rpt_trend_fits holds, even one no fit of these runs gives."""
    tampered = warehouse_tables(marts, with_scenarios=False)["rpt_trend_fits"]
    tampered.loc[tampered["metric"] == "gwp_total_kgco2e", "growth_factor_per_year"] = 9.87
    warehouse = make_warehouse(tmp_path / "w.duckdb", marts, with_scenarios=False, extra={"rpt_trend_fits": tampered})
    result = write_report(warehouse, tmp_path / "out")
    assert result["fits_source"]["trend"] == "rpt_trend_fits"
    assert result["numbers"]["growth_factor_per_year"]["gwp_total_kgco2e"] == 9.87
    assert "×9.87/yr" in result["report_md"].read_text(encoding="utf-8")


def test_report_without_the_fit_tables_says_so_and_fits_nothing(marts, tmp_path, monkeypatch):
    """A warehouse whose build wrote no rpt_* fit tables: each section that would print a fit
    says the table is absent; no fit is computed in its place (the fitting functions raise)."""
    fit_tables = ("rpt_trend_fits", "rpt_hardware_trends", "rpt_scenario_trend_fits", "rpt_performance_ratio_fits")
    warehouse = make_warehouse(tmp_path / "w.duckdb", marts, with_scenarios=True, drop=fit_tables)

    def refit(*args, **kwargs):
        raise AssertionError("the report refitted")

    for name in ("run_trend_fits", "run_trend_fits_by_scope", "run_hardware_trends", "run_scenario_trend_fits",
                 "run_scenario_trend_fits_by_scope", "fit_performance_ratio", "performance_ratio_fits",
                 "performance_ratio_fits_by_scope"):
        monkeypatch.setattr(fits, name, refit)
    result = write_report(warehouse, tmp_path / "out")
    markdown = result["report_md"].read_text(encoding="utf-8")
    assert result["fits_source"] == {"trend": None, "hardware": None, "scenario": None, "performance_ratio": None}
    assert set(result["numbers"]["growth_factor_per_year"].values()) == {None}
    assert result["numbers"]["fitted_performance_ratio"] is None
    assert result["numbers"]["findings"]["1"] == "not testable"
    assert result["numbers"]["findings"]["2"].startswith("not testable")
    for table in fit_tables:
        assert f"`{table}` is not in this warehouse: rebuild (`make build`)" in markdown
    findings = markdown.split("## Findings", 1)[1].split("\n## ", 1)[0]
    assert "`rpt_trend_fits` is not in this warehouse" in findings
    appendix = markdown.split("### Trends per training run", 1)[1]
    assert "`rpt_trend_fits` is not in this warehouse" in appendix and "| series |" not in appendix


def test_finding_three_reads_its_thresholds_from_the_build_vars(marts, tmp_path):
    """The report's reading of "a large share" / "near 100 %" is a var the build recorded in
    meta_build_parameters: a build asking for 99.9 % of ADPe turns the finding down; one without
    the var says which it lacks."""
    warehouse = make_warehouse(tmp_path / "w.duckdb", marts, with_scenarios=False)
    shares = write_report(warehouse, tmp_path / "default")["numbers"]["embodied_share"]
    assert shares["adpe"] < 0.999

    strict = build_parameters({"report_near_total_embodied_share": 0.999, "report_large_embodied_share": 0.0})
    warehouse = make_warehouse(tmp_path / "strict.duckdb", marts, with_scenarios=False,
                               extra={"meta_build_parameters": strict})
    result = write_report(warehouse, tmp_path / "strict")
    assert result["numbers"]["findings"]["3"] == "partly supported"
    assert "≥ 99.9 %" in result["report_md"].read_text(encoding="utf-8")

    lacking = build_parameters(drop=("report_large_embodied_share",))
    warehouse = make_warehouse(tmp_path / "missing.duckdb", marts, with_scenarios=False,
                               extra={"meta_build_parameters": lacking})
    result = write_report(warehouse, tmp_path / "missing")
    assert result["numbers"]["findings"]["3"] == "not testable"
    finding = result["report_md"].read_text(encoding="utf-8").split("### (3)", 1)[1].split("\n#", 1)[0]
    assert "The build recorded no var report_large_embodied_share (meta_build_parameters)" in finding
    assert "report_near_total_embodied_share (meta" not in finding  # only the var it lacks is named


def test_report_lists_the_vars_the_build_ran_with(marts, tmp_path):
    """The parameter table reads meta_build_parameters (a `--vars` override shows), and a
    warehouse without it says so instead of reading dbt_project.yml."""
    overridden = build_parameters({"hardware_lifetime_years": 5})
    warehouse = make_warehouse(tmp_path / "w.duckdb", marts, with_scenarios=False,
                               extra={"meta_build_parameters": overridden})
    result = write_report(warehouse, tmp_path / "five")
    markdown = result["report_md"].read_text(encoding="utf-8")
    assert result["numbers"]["parameters"]["hardware_lifetime_years"] == 5
    assert ("| `hardware_lifetime_years` | hardware lifetime for the embodied allocation (years) | "
            "**5** (set for this build) |") in markdown
    assert "`hardware_lifetime_years` = 5 (default 3)" in markdown and "5-year lifetime" in markdown

    warehouse = make_warehouse(tmp_path / "none.duckdb", marts, with_scenarios=False, drop=("meta_build_parameters",))
    result = write_report(warehouse, tmp_path / "none")
    markdown = result["report_md"].read_text(encoding="utf-8")
    method = markdown.split("## Method and parameters", 1)[1].split("\n## ", 1)[0]
    assert "this warehouse has no meta_build_parameters" in method and "| `hardware_lifetime_years` |" not in method
    assert result["numbers"]["parameters"] == {} and result["numbers"]["findings"]["3"] == "not testable"
    assert "The build recorded no var report_large_embodied_share or report_near_total_embodied_share" in markdown


def test_an_input_path_is_shown_literally_in_markdown_and_escaped_in_html(marts, tmp_path):
    """The user's text (the input path, the warehouse's file name) is a code span in the Markdown,
    whatever its backticks or markup, and escaped text in the HTML: never an element."""
    path = "/data/a`b**c**<img src=x onerror=alert(1)>.csv"
    assert code_span(path) == "``" + path + "``"  # CommonMark: one backtick more than inside
    warehouse = make_warehouse(tmp_path / "w`<img src=y onerror=alert(2)>.duckdb", marts, with_scenarios=False,
                               input_source=path)
    result = write_report(warehouse, tmp_path / "out")
    markdown = result["report_md"].read_text(encoding="utf-8")
    page = result["report_html"].read_text(encoding="utf-8")
    assert f"Input: {code_span(path)};" in markdown
    assert f"from the warehouse {code_span(str(warehouse))}." in markdown
    assert f"<code>{html.escape(path, quote=False)}</code>" in page
    assert f"<code>{html.escape(str(warehouse), quote=False)}</code>" in page
    assert "<img src=" not in page and "onerror=alert(1)>" not in page and "**c**" in page


def test_raw_html_in_the_markdown_stays_text_in_the_html(tmp_path):
    """Python-Markdown passes raw HTML through by default; the report's renderer escapes it (a
    model name is Epoch's text), and embeds only the figures it drew."""
    from training_impacts.report.render import render_html

    page = render_html("Model <b onclick=x>B</b> & <script>alert(1)</script>\n\n<div>block</div>\n\n"
                       "![drawn](figures/none.png)\n", "title <x>", tmp_path)
    assert "<script" not in page and "<b " not in page and "<div>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;div&gt;block&lt;/div&gt;" in page
    assert "<title>title &lt;x&gt;</title>" in page
    assert "data:image/png" not in page and "<figure" not in page  # no such PNG: left as the link it was


def test_report_validation_section_counts_runs_within_each_band(marts, tmp_path):
    # ratios 0.8, 0.9, 1.0, 1.1, 1.2 -> errors x1.25, x1.11, x1, x1.1, x1.2: all within x1.3, median x1.11
    warehouse = make_warehouse(tmp_path / "w.duckdb", marts, with_scenarios=True,
                               extra={"rpt_validation_published_footprints": marts["validation"]})
    markdown = write_report(warehouse, tmp_path / "out")["report_md"].read_text(encoding="utf-8")
    assert "## Validation against published footprints" in markdown
    # a mart without method_profile (a warehouse of before the profiles) reads as the paper's
    assert ("`paper`: GPU-hours of 5 of 5 published runs within ×1.3, 5 within ×1.5; median error ×1.11, "
            "largest ×1.25") in markdown
    assert "1 published runs not estimated" in markdown
    # the per-run table is the appendix's CSV, linked from the section
    assert "[validation.csv](tables/validation.csv)" in markdown
    listed = pd.read_csv(tmp_path / "out" / "tables" / "validation.csv")
    assert len(listed) == len(marts["validation"])


def test_the_report_reads_every_table_its_exposure_declares():
    """The exposure training_impacts_report (models/marts/_exposures.yml) tells dbt what the
    report reads; the report's one list of tables (inputs.TABLES) holds every one of them."""
    exposures = yaml.safe_load((project_root() / "models" / "marts" / "_exposures.yml").read_text(encoding="utf-8"))
    report = next(e for e in exposures["exposures"] if e["name"] == "training_impacts_report")
    declared = {re.fullmatch(r"ref\('(\w+)'\)", ref).group(1) for ref in report["depends_on"]}
    assert declared <= set(TABLES)


def test_the_report_templates_ship_with_the_package():
    templates = resources.files("training_impacts.report") / "templates"
    assert (templates / "report.md.j2").is_file() and (templates / "report.html.j2").is_file()
    pyproject = (project_root() / "pyproject.toml").read_text(encoding="utf-8")
    assert '"training_impacts.report" = ["templates/*.j2"]' in pyproject
