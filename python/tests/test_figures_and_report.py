"""Figures and the report, from synthetic frames and a small DuckDB file made here (no dbt build)."""

from __future__ import annotations

import re

import duckdb
import numpy as np
import pandas as pd
import pytest

from training_impacts import figures, fits
from training_impacts.report import format_factor, format_ratio, write_report

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
        frame[f"{criterion}_embodied_share"] = frame[f"total_{criterion}_embodied_{unit}"] / frame[f"total_{criterion}_total_{unit}"]
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


def make_warehouse(path, marts, with_scenarios: bool, extra: dict | None = None):
    tables = {"fct_training_run_impacts": marts["runs"], "dim_gpu_cards": marts["cards"],
              "agg_impacts_by_year": marts["by_year"]}
    if with_scenarios:
        tables.update({name: marts[name] for name in ("scn_location_shifting_by_year",
                                                      "scn_grid_decarbonization_by_year",
                                                      "scn_hardware_lifespan_by_year")})
    tables.update(extra or {})
    connection = duckdb.connect(str(path))
    try:
        for name, frame in tables.items():
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
    result = write_report(warehouse, tmp_path / "out", assumed_ratio=0.27)
    markdown = result["report_md"].read_text(encoding="utf-8")
    page = result["report_html"].read_text(encoding="utf-8")

    expected = fits.run_trend_fits(marts["runs"]).set_index("metric")
    for metric in ("energy_kwh", "gwp_total_kgco2e", "adpe_total_kgsbeq"):
        printed = format_factor(expected.loc[metric, "growth_factor_per_year"])
        assert result["numbers"]["text"]["growth_factor_per_year"][metric] == printed
        assert result["numbers"]["growth_factor_per_year"][metric] == pytest.approx(
            expected.loc[metric, "growth_factor_per_year"])
        assert f"×{printed}/yr" in markdown and f"×{printed}/yr" in page
    ratio = fits.fit_performance_ratio(marts["runs"], 0.27)["fitted_ratio"]
    assert result["numbers"]["fitted_performance_ratio"] == pytest.approx(ratio)
    assert format_ratio(ratio) in markdown and 0.25 < ratio < 0.45  # true ratio 0.33

    placed = [name for name in figures.FIGURES if name != "validation"]  # this warehouse has no validation mart
    for name in placed:
        assert f"figures/{name}.png" in markdown
        assert f'id="{name}"' in page
        assert (tmp_path / "out" / "figures" / f"{name}.png").is_file()
        assert (tmp_path / "out" / "figures" / f"{name}.svg").is_file()
    assert 'src="http' not in page and "<link" not in page and "<script" not in page
    assert page.count("data:image/png;base64,") == len(placed)

    assert "synthetic sample for tests" in markdown
    assert max(marts["runs"]["publication_date"]).isoformat() in markdown
    assert "performance_ratio" in markdown  # the dbt vars are listed
    assert result["scenario_tables_present"] == {"scn_location_shifting_by_year": True,
                                                 "scn_grid_decarbonization_by_year": True,
                                                 "scn_hardware_lifespan_by_year": True}
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


def test_report_uses_the_build_fit_tables_when_present(marts, tmp_path):
    built = fits.run_trend_fits(marts["runs"])
    built.loc[built["metric"] == "gwp_total_kgco2e", "growth_factor_per_year"] = 9.87
    warehouse = make_warehouse(tmp_path / "w.duckdb", marts, with_scenarios=False,
                               extra={"rpt_trend_fits": built})
    result = write_report(warehouse, tmp_path / "out")
    assert result["fits_source"]["trend"] == "rpt_trend_fits"
    assert "×9.87/yr" in result["report_md"].read_text(encoding="utf-8")


def test_finding_three_reads_its_thresholds_from_the_dbt_vars(marts, tmp_path):
    """The report's reading of "a large share" / "near 100 %" is a var of dbt_project.yml: a
    project asking for 99.9 % of ADPe turns the finding down; one without the vars says so."""
    import yaml

    from training_impacts.warehouse import project_root

    warehouse = make_warehouse(tmp_path / "w.duckdb", marts, with_scenarios=False)
    project = yaml.safe_load((project_root() / "dbt_project.yml").read_text(encoding="utf-8"))
    shares = write_report(warehouse, tmp_path / "default")["numbers"]["embodied_share"]

    project["vars"]["report_near_total_embodied_share"] = 0.999
    project["vars"]["report_large_embodied_share"] = 0.0
    strict = tmp_path / "strict.yml"
    strict.write_text(yaml.safe_dump(project), encoding="utf-8")
    assert shares["adpe"] < 0.999
    result = write_report(warehouse, tmp_path / "strict", project_file=strict)
    assert result["numbers"]["findings"]["3"] == "partly supported"
    assert "≥ 99.9 %" in result["report_md"].read_text(encoding="utf-8")

    del project["vars"]["report_large_embodied_share"]
    missing = tmp_path / "missing.yml"
    missing.write_text(yaml.safe_dump(project), encoding="utf-8")
    result = write_report(warehouse, tmp_path / "missing", project_file=missing)
    assert result["numbers"]["findings"]["3"] == "not testable"
    assert "report_large_embodied_share" in result["report_md"].read_text(encoding="utf-8")


def test_an_input_path_is_shown_literally_in_markdown_and_escaped_in_html():
    from training_impacts.report import _inline, code_span

    path = "/data/a`b**c**<img src=x onerror=alert(1)>.csv"
    span = code_span(path)
    assert span == "``" + path + "``"                      # CommonMark: one backtick more than inside
    rendered = _inline(f"Input: {span}")
    assert rendered == ("Input: <code>/data/a`b**c**&lt;img src=x onerror=alert(1)&gt;.csv</code>")
    assert "<img" not in rendered


def test_report_validation_section_counts_runs_within_each_band(marts, tmp_path):
    # ratios 0.8, 0.9, 1.0, 1.1, 1.2 -> errors x1.25, x1.11, x1, x1.1, x1.2: all within x1.3, median x1.11
    warehouse = make_warehouse(tmp_path / "w.duckdb", marts, with_scenarios=True,
                               extra={"rpt_validation_published_footprints": marts["validation"]})
    markdown = write_report(warehouse, tmp_path / "out", assumed_ratio=0.27)["report_md"].read_text(encoding="utf-8")
    assert "## Validation against published footprints" in markdown
    # a mart without method_profile (a warehouse of before the profiles) reads as the paper's
    assert ("`paper`: GPU-hours of 5 of 5 published runs within ×1.3, 5 within ×1.5; median error ×1.11, "
            "largest ×1.25") in markdown
    assert "1 published runs not estimated" in markdown
    # the per-run table is the appendix's CSV, linked from the section
    assert "[validation.csv](tables/validation.csv)" in markdown
    listed = pd.read_csv(tmp_path / "out" / "tables" / "validation.csv")
    assert len(listed) == len(marts["validation"])
