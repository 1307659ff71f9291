"""The GPU cards' figure, (f): embodied GWP per card and peak energy
efficiency against release date, with their exponential trends."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .style import COLOURS, _finish, _frame, _has, _label_axes, _new_figure, _plot_trend, _positive, no_data_figure

# --- (f) ----------------------------------------------------------------------------------------

def hardware(cards: pd.DataFrame | None, out_dir: Path, source_label: str = "",
             start_year: int | None = 2013, end_year: int | None = 2025) -> list[Path]:
    """(f) Per GPU card against release date: embodied GWP per card (top) and FP32 and tensor
    FP16 FLOP/s per W (bottom), log y, with exponential trends over [start_year, end_year]. The
    panels are stacked so the figure keeps the report's width and its text stays readable."""
    name = "hardware"
    cards = _frame(cards)
    if not _has(cards, "release_date"):
        return no_data_figure(name, out_dir, source_label, "no GPU cards")
    dates = pd.to_datetime(cards["release_date"], errors="coerce")
    segments = cards["segment"].fillna("unknown") if "segment" in cards else pd.Series("all", index=cards.index)
    markers = {"data_centre": "o", "workstation": "s", "consumer": "^"}
    fig, axes = _new_figure(nrows=2, height=10.0)
    ax = axes[0]
    if "gwp_embodied_kgco2e" in cards:
        for segment in sorted(segments.unique()):
            mask = segments == segment
            ax.scatter(dates[mask], _positive(cards.loc[mask, "gwp_embodied_kgco2e"]), s=14, alpha=0.6,
                       marker=markers.get(segment, "o"), label=segment.replace("_", " "))
        _plot_trend(ax, dates, cards["gwp_embodied_kgco2e"], COLOURS[3], "all cards", start_year, end_year)
    else:
        ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes)
    ax.set_title("Embodied GWP per card", fontsize=11)
    _label_axes(ax, "Release date", "Embodied GWP per card [kgCO2e]", legend_size=8)
    ax = axes[1]
    drawn = False
    for column, label, colour in (("fp32_flops_per_w", "FP32", COLOURS[0]),
                                  ("tensor_fp16_flops_per_w", "tensor FP16", COLOURS[1])):
        if column in cards and _positive(cards[column]).notna().any():
            ax.scatter(dates, _positive(cards[column]), s=12, alpha=0.5, color=colour, label=f"{label} (card)")
            _plot_trend(ax, dates, cards[column], colour, label, start_year, end_year)
            drawn = True
    if not drawn:
        ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes)
    ax.set_title("Energy efficiency (peak)", fontsize=11)
    _label_axes(ax, "Release date", "Peak FLOP/s per W [FLOP/s/W]", log_y=drawn, legend_size=8)
    return _finish(fig, out_dir, name, f"n = {int(dates.notna().sum())} cards; trends fitted on {start_year}–{end_year}",
                   source_label)
