"""A build larger than the Monte Carlo budget (var monte_carlo_max_run_draws) is not refused: the
intervals cover Epoch's runs only, then with fewer draws, and the build summary says so."""

from __future__ import annotations

import pytest

from conftest import ROOT, build
from training_impacts.build import summary
from training_impacts.warehouse import read_only

pytestmark = pytest.mark.build

EXAMPLE_JOBS = ROOT / "data" / "custom" / "example_training_jobs.csv"
DRAWS = 100


def _uncertainty(result) -> tuple[dict[str, int], set[int], int, int]:
    with read_only(result.warehouse) as db:
        by_source = dict(db.execute(
            "select run_source, count(*) from fct_training_run_impacts_uncertainty group by 1").fetchall())
        draw_counts = {n for (n,) in db.execute(
            "select distinct draw_count from fct_training_run_impacts_uncertainty").fetchall()}
        epoch, custom = (db.execute(f"select count(*) from fct_training_run_impacts where run_source = '{s}'").fetchone()[0]
                         for s in ("epoch", "custom"))
    return by_source, draw_counts, epoch, custom


@pytest.mark.parametrize("budget, expected_draws", [(11_500, DRAWS), (5_000, 5_000 // 112)])
def test_past_the_budget_intervals_cover_epochs_runs_with_the_draws_that_fit(tmp_path, budget, expected_draws):
    # the bundled sample has 112 Epoch runs the best estimate can estimate (106 on NVIDIA GPUs, 6 on
    # TPUs, Ascend and a CS-2; Eagle 2, a fine-tune whose only duration is Epoch's assumption, is
    # excluded); the example file 4 estimable custom jobs: 116 x 100 draws > 11,500 >= 112 x 100 ->
    # Epoch's runs only, all draws; 112 x 100 > 5,000 -> 5,000 // 112 = 44 draws
    result = build(tmp_path, env={"CUSTOM_RUNS_CSV": str(EXAMPLE_JOBS)},
                   dbt_args=["--vars", f"{{monte_carlo_draws: {DRAWS}, monte_carlo_max_run_draws: {budget}}}"])
    assert result.ok, result.output[-3000:]
    by_source, draw_counts, epoch, custom = _uncertainty(result)
    assert (epoch, custom) == (112, 4) and (epoch + custom) * DRAWS > budget
    assert by_source == {"epoch": epoch}
    assert draw_counts == {expected_draws}
    assert (f"Monte Carlo: {epoch + custom} runs x {DRAWS} draws is more than var monte_carlo_max_run_draws ({budget}): "
            f"intervals for Epoch's {epoch} runs only, {expected_draws} draws each") in summary(result)
