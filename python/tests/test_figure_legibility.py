"""Every figure's text is inside the saved image and readable at the report's display width
(figures.text_problems), on synthetic marts and on the real warehouse when one is at hand; and the
check itself reports a bad figure."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from test_figures_and_report import by_year_of, scenario_tables, synthetic_cards, synthetic_runs, synthetic_validation
from training_impacts import figures

SOURCE = "synthetic test data"
def synthetic_counts() -> pd.DataFrame:
    return pd.DataFrame({
        "outcome": ["estimated", "estimated", "estimated", "excluded", "excluded", "excluded", "excluded"],
        "reason": ["paper scope (named NVIDIA GPU)", "other vendors' chips", "imputed hardware", "no_hardware",
                   "finetune_compute_unknown", "published_before_min_year",
                   "a much longer exclusion reason that a reader must still be able to read in full"],
        "records": [199, 40, 26, 455, 9, 160, 3],
    })


def synthetic_marts() -> dict:
    runs = synthetic_runs()
    by_year = by_year_of(runs)
    uncertainty = runs[["model_id"]].assign(energy_kwh_p5=runs["energy_kwh"] / 1.6,
                                            energy_kwh_p95=runs["energy_kwh"] * 1.6)
    return {"runs": runs, "uncertainty": uncertainty, "cards": synthetic_cards(), "by_year": by_year,
            **scenario_tables(by_year), "validation": synthetic_validation(runs), "counts": synthetic_counts(),
            "source": SOURCE}


def draw(name: str, marts: dict, out_dir: Path) -> list[Path]:
    source = marts["source"]
    calls = {
        "gpu_hours_h1_vs_h2": lambda: figures.gpu_hours_h1_vs_h2(marts["runs"], out_dir, source),
        "energy_over_time": lambda: figures.energy_over_time(marts["runs"], out_dir, source,
                                                             uncertainty=marts["uncertainty"]),
        "gwp_over_time": lambda: figures.gwp_over_time(marts["runs"], out_dir, source),
        "embodied_share_by_year": lambda: figures.embodied_share_by_year(marts["by_year"], out_dir, source),
        "scenarios": lambda: figures.scenarios(marts["scn_location_shifting_by_year"],
                                               marts["scn_grid_decarbonization_by_year"], out_dir, source,
                                               baseline_by_year=marts["by_year"]),
        "hardware": lambda: figures.hardware(marts["cards"], out_dir, source),
        "lifespan": lambda: figures.lifespan(marts["scn_hardware_lifespan_by_year"], out_dir, source),
        "validation": lambda: figures.validation(marts["validation"], out_dir, source),
        "coverage": lambda: figures.coverage(marts["counts"], out_dir, source),
    }
    assert set(calls) == set(figures.FIGURES)  # a new figure must be drawn here too
    return calls[name]()


@pytest.fixture(scope="module")
def synthetic():
    return synthetic_marts()


@pytest.fixture
def captured(monkeypatch) -> dict:
    """The figures saved during a test, by name (figures._save closes them, their artists stay)."""
    saved = {}
    save = figures._save

    def capture(fig, out_dir, name):
        saved[name] = fig
        return save(fig, out_dir, name)

    monkeypatch.setattr(figures, "_save", capture)
    return saved


def legend_texts(fig) -> list[str]:
    return [text.get_text() for ax in fig.axes if ax.get_legend() for text in ax.get_legend().get_texts()]


# --- every figure ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(figures.FIGURES))
def test_synthetic_figure_text_is_inside_and_readable(name, synthetic, tmp_path):
    draw(name, synthetic, tmp_path)
    assert figures.LAST_TEXT_PROBLEMS[name] == []


@pytest.mark.build
def test_the_report_on_real_data_draws_every_figure_legibly(snapshot_build, tmp_path):
    """The report on Epoch's 2025-11 snapshot, drawn as `make report` draws it: every figure has
    data, and none has text outside the image or under 9 px at the HTML's display width."""
    from training_impacts.report import write_report

    figures.LAST_TEXT_PROBLEMS.clear()
    write_report(snapshot_build.warehouse, tmp_path / "report")
    assert {name: figures.LAST_TEXT_PROBLEMS.get(name) for name in figures.FIGURES} == {
        name: [] for name in figures.FIGURES}
    for name in figures.FIGURES:
        assert "no data" not in (tmp_path / "report" / "figures" / f"{name}.svg").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", list(figures.FIGURES))
def test_no_data_figure_text_is_inside_and_readable(name, tmp_path):
    figures.no_data_figure(name, tmp_path, "x " * 300, "nothing to draw")
    assert figures.LAST_TEXT_PROBLEMS[name] == []


def test_a_long_caption_wraps_inside_the_image(synthetic, tmp_path, captured):
    figures.gpu_hours_h1_vs_h2(synthetic["runs"], tmp_path, "; ".join(["a rather long input source name"] * 20))
    assert figures.LAST_TEXT_PROBLEMS["gpu_hours_h1_vs_h2"] == []
    caption = captured["gpu_hours_h1_vs_h2"].get_supxlabel()
    assert caption.count("\n") >= 3 and "\nSource: a rather long" in caption
    assert caption.endswith("a rather long input source name")


# --- the check can fail ---------------------------------------------------------------------------

def test_text_problems_reports_small_and_outside_text(tmp_path):
    fig, ax = plt.subplots(figsize=(12, 5), dpi=150, layout="constrained")
    ax.plot([1, 2], [1, 2])
    ax.set_xlabel("tiny label", fontsize=6)            # 6 pt × 150/72 × 960/1800 = 6.7 px
    fig.text(1.2, 0.5, "beyond the right edge")
    fig.text(0.98, 0.5, "partly beyond the right edge")
    fig.text(0.5, 0.5, "hidden", visible=False)
    fig.text(0.5, 0.5, "")
    problems = figures.text_problems(fig)
    assert any("'tiny label'" in p and "px" in p for p in problems)
    assert any("'beyond the right edge'" in p and "outside" in p for p in problems)
    assert any("'partly beyond the right edge'" in p and "outside" in p for p in problems)
    assert not any("hidden" in p for p in problems)
    assert len(problems) == 3

    with pytest.warns(figures.FigureTextWarning, match="tiny label"):
        paths = figures._save(fig, tmp_path, "bad")
    assert len(figures.LAST_TEXT_PROBLEMS["bad"]) == 3 and all(p.is_file() for p in paths)


def test_text_problems_accepts_a_readable_figure():
    fig, ax = plt.subplots(figsize=(8, 5), dpi=150, layout="constrained")
    ax.plot([1, 2], [1, 2])
    ax.set_xlabel("a label", fontsize=6)  # 6 pt × 150/72 × 960/1200 = 10 px
    assert figures.text_problems(fig) == []
    plt.close(fig)


# --- scenarios, log axes, coverage ----------------------------------------------------------------

def test_scenario_legend_reads_as_words(synthetic, tmp_path, captured):
    decarbonization = synthetic["scn_grid_decarbonization_by_year"]
    # the 0 %/yr rate, as the warehouse has it: the baseline again, not a scenario of its own
    zero = decarbonization[decarbonization["annual_reduction_rate"] == 0.05].assign(annual_reduction_rate=0.0)
    figures.scenarios(synthetic["scn_location_shifting_by_year"], pd.concat([zero, decarbonization]), tmp_path,
                      SOURCE, baseline_by_year=synthetic["by_year"])
    fig = captured["scenarios"]
    texts = legend_texts(fig)
    assert not any(re.search(r"[−-]0 %", t) or "grid_" in t or "lowest_carbon" in t for t in texts), texts
    assert sum(t.startswith("baseline (no decarbonisation)") for t in texts) == 1
    assert any(t.startswith("grid −5 %/yr") for t in texts)
    assert any("France (FRA)" in t for t in texts) and any("lowest-carbon" in t for t in texts)
    assert "median run" in fig.axes[0].get_ylabel().lower() and "median run" in fig.get_suptitle()
    # the baseline is drawn once per panel, and it is the median run's
    for ax in fig.axes:
        lines = [line for line in ax.get_lines() if line.get_label().startswith("baseline")]
        assert len(lines) == 1 and lines[0].get_color() == "black"
        assert list(lines[0].get_ydata()) == pytest.approx(list(synthetic["by_year"]["median_gwp_total_kgco2e"]))


def test_scenario_labels():
    assert figures.scenario_label("grid_FRA") == "each run moved to the grid of France (FRA)"
    assert figures.scenario_label("grid_XYZ") == "each run moved to the XYZ grid"
    assert figures.scenario_label("some_new_scenario") == "some new scenario"
    assert figures.decarbonisation_label(0.05) == "grid −5 %/yr"
    assert figures.decarbonisation_label(-0.02) == "grid +2 %/yr"


def test_a_short_log_axis_gets_plain_numbers(synthetic, tmp_path, captured):
    cards = synthetic["cards"].assign(gwp_embodied_kgco2e=lambda f: 10 + 50 * (f.index % 7) / 6)  # 10 to 60
    figures.hardware(cards, tmp_path, SOURCE)
    assert figures.LAST_TEXT_PROBLEMS["hardware"] == []
    ax = captured["hardware"].axes[0]
    low, high = ax.get_ylim()
    labels = [t.get_text() for t in ax.get_yticklabels(which="both") if low <= t.get_position()[1] <= high]
    labels = [label for label in labels if label]
    assert len(labels) >= 2 and all(re.fullmatch(r"[0-9][0-9,]*", label) for label in labels), labels


def test_energy_intervals_are_drawn_and_named_only_when_present(synthetic, tmp_path, captured):
    figures.energy_over_time(synthetic["runs"], tmp_path, SOURCE, uncertainty=synthetic["uncertainty"])
    ax = captured["energy_over_time"].axes[0]
    assert any("Monte Carlo" in t for t in legend_texts(captured["energy_over_time"]))
    assert len(ax.collections[0].get_segments()) == len(synthetic["runs"])
    no_match = synthetic["uncertainty"].assign(model_id="unknown run")
    figures.energy_over_time(synthetic["runs"], tmp_path, SOURCE, uncertainty=no_match)
    assert not any("Monte Carlo" in t for t in legend_texts(captured["energy_over_time"]))


@pytest.mark.parametrize("counts", [None, pd.DataFrame(), pd.DataFrame(columns=["outcome", "reason", "records"])])
def test_coverage_survives_missing_counts(counts, tmp_path):
    paths = figures.coverage(counts, tmp_path, SOURCE)
    assert sorted(p.name for p in paths) == ["coverage.png", "coverage.svg"]
    assert "no data" in (tmp_path / "coverage.svg").read_text(encoding="utf-8")
    assert figures.LAST_TEXT_PROBLEMS["coverage"] == []


def test_coverage_draws_a_bar_per_reason(synthetic, tmp_path, captured):
    paths = figures.coverage(synthetic["counts"], tmp_path, SOURCE)
    assert [p.name for p in paths] == ["coverage.png", "coverage.svg"]
    assert (tmp_path / "coverage.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in (tmp_path / "coverage.svg").read_text(encoding="utf-8")[:2000]
    ax = captured["coverage"].axes[0]
    bars = ax.patches
    assert len(bars) == len(synthetic["counts"])
    widths = [bar.get_width() for bar in bars]
    assert widths == sorted(widths)  # the largest at the top
    assert len({bar.get_facecolor() for bar in bars}) == 2
    assert {t.split(" (")[0] for t in legend_texts(captured["coverage"])} == {"estimated", "excluded"}
    assert {t.get_text() for t in ax.texts} >= {"455", "9", "199"}
