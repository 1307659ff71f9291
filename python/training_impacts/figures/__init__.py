"""The study's figures (docs/method.md section 5), drawn with matplotlib's Agg backend (no screen).

Each function takes DataFrames read from the warehouse marts (and optionally fit dicts from
`fits`), an output folder and a `source_label` for the caption, writes `<name>.png` and
`<name>.svg` and returns the list of paths written. Missing or empty inputs give a figure that
says "no data" instead of an exception. The figure names, in order, are `FIGURES`.

The report shows each PNG at most 960 CSS px wide, so the figures keep that width's worth of
readable text: one column of panels (two where they are small), constrained layout, captions
wrapped to the figure's width. Before writing, `_save` checks every text with `text_problems`
(inside the image, at least 9 px once displayed) and records the result in `LAST_TEXT_PROBLEMS`,
warning (`FigureTextWarning`) of any problem.

The package: `style` (names, sizes, canvas, captions, saving), `legibility` (`text_problems`),
and the figures by subject: `trends` ((a) to (d)), `strategies` ((e) scenarios, (g) lifespan),
`gpu_cards` ((f) hardware) and `evidence` ((h) validation, coverage). Everything is imported
from here (`from training_impacts import figures`); `figures._save` is the one seam every figure
saves through, so patching it here sees them all.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import matplotlib

# the Agg backend (no screen), chosen before any module of the package imports pyplot
matplotlib.use("Agg")

from .evidence import OUTCOME_COLOURS, VALIDATED, coverage, validation  # noqa: E402
from .gpu_cards import hardware  # noqa: E402
from .legibility import DISPLAY_WIDTH_PX, LAST_TEXT_PROBLEMS, MIN_TEXT_PX, FigureTextWarning, text_problems  # noqa: E402
from .strategies import (  # noqa: E402
    COUNTRY_NAMES,
    SCENARIO_METRICS,
    decarbonisation_label,
    lifespan,
    scenario_label,
    scenarios,
)
from .style import CAPTION_SIZE, COLOURS, DPI, FIGURES, WIDTH, _save, no_data_figure  # noqa: E402
from .trends import embodied_share_by_year, energy_over_time, gpu_hours_h1_vs_h2, gwp_over_time  # noqa: E402

# name -> function, for callers that draw them all
FIGURE_FUNCTIONS: dict[str, Callable[..., list[Path]]] = {
    "gpu_hours_h1_vs_h2": gpu_hours_h1_vs_h2,
    "energy_over_time": energy_over_time,
    "gwp_over_time": gwp_over_time,
    "embodied_share_by_year": embodied_share_by_year,
    "scenarios": scenarios,
    "hardware": hardware,
    "lifespan": lifespan,
    "validation": validation,
    "coverage": coverage,
}

__all__ = [
    "CAPTION_SIZE", "COLOURS", "COUNTRY_NAMES", "DISPLAY_WIDTH_PX", "DPI", "FIGURES", "FIGURE_FUNCTIONS",
    "LAST_TEXT_PROBLEMS", "MIN_TEXT_PX", "OUTCOME_COLOURS", "SCENARIO_METRICS", "VALIDATED", "WIDTH",
    "FigureTextWarning", "coverage", "decarbonisation_label", "embodied_share_by_year", "energy_over_time",
    "gpu_hours_h1_vs_h2", "gwp_over_time", "hardware", "lifespan", "no_data_figure", "scenario_label",
    "scenarios", "text_problems", "validation",
    "_save",  # the seam every figure saves through (tests patch it)
]
