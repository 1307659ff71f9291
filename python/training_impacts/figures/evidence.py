"""The figures of what the estimates rest on, (h) and coverage: the
estimates against published footprints (`validation`) and how every input record was
estimated or excluded (`coverage`)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from .style import COLOURS, _finish, _frame, _has, _label_axes, _new_figure, _positive, _readable, no_data_figure

# --- (h) ----------------------------------------------------------------------------------------

# (estimate column, published column, axis label, marker) of rpt_validation_published_footprints
VALIDATED = [("estimated_gpu_hours", "published_gpu_hours", "GPU-hours [h]", "o"),
             ("estimated_energy_kwh", "published_energy_kwh", "energy [kWh]", "s"),
             ("estimated_gwp_use_kgco2e", "published_gwp_kgco2e", "use-phase GWP [kgCO2e]", "^")]


def validation(validated: pd.DataFrame | None, out_dir: Path, source_label: str = "") -> list[Path]:
    """(h) Each published figure (rpt_validation_published_footprints) against the warehouse's
    estimate of the same run, log-log, one panel per quantity (two to a row, so the text stays
    readable at the report's width), with the 1:1 line and the ×1.5 band either side; one marker
    per method profile (the mart has a row per run and profile), so the two profiles' estimates
    of a run sit on one vertical line. Run names right of a panel's middle are set to the left of
    their point, so they stay inside the image."""
    name = "validation"
    table = _frame(validated)
    pairs = [(estimate, published, label) for estimate, published, label, _ in VALIDATED
             if _has(table, estimate, published)]
    if not pairs:
        return no_data_figure(name, out_dir, source_label, "no published footprint matched an estimated run")
    profiles = (sorted(table["method_profile"].dropna().unique()) if "method_profile" in table else [None])
    markers = {"paper": "s", "best_estimate": "o"}
    ncols = min(2, len(pairs))
    nrows = -(-len(pairs) // ncols)
    fig, axes = _new_figure(nrows=nrows, ncols=ncols, height=4.3 * nrows + 1.0)
    for spare in axes[len(pairs):]:
        fig.delaxes(spare)
    points = 0
    for ax, (estimate_column, published_column, label) in zip(axes, pairs):
        estimated_all = _positive(table[estimate_column]).to_numpy()
        published_all = _positive(table[published_column]).to_numpy()
        keep_all = np.isfinite(estimated_all) & np.isfinite(published_all)
        if not keep_all.any():
            ax.set_title(label, fontsize=10)
            continue
        low = min(estimated_all[keep_all].min(), published_all[keep_all].min()) / 2
        high = max(estimated_all[keep_all].max(), published_all[keep_all].max()) * 2
        line = np.array([low, high])
        ax.plot(line, line, color="black", lw=1, label="estimate = published")
        ax.fill_between(line, line / 1.5, line * 1.5, color="grey", alpha=0.2, label="within ×1.5")
        for profile, colour in zip(profiles, COLOURS):
            of_profile = (table["method_profile"] == profile).to_numpy() if profile is not None else np.ones(len(table), bool)
            keep = keep_all & of_profile
            points += int(keep.sum())
            # the paper's estimates hollow, so the best estimate beneath them stays visible
            hollow = profile == "paper" and len(profiles) > 1
            ax.scatter(published_all[keep], estimated_all[keep], marker=markers.get(profile, "o"), s=30, zorder=3,
                       facecolors="none" if hollow else colour, edgecolors=colour, linewidths=1.2,
                       label=f"{profile} profile" if profile else None)
            if profile == profiles[-1]:  # name each run once
                middle = np.sqrt(low * high)
                for x, y, run in zip(published_all[keep], estimated_all[keep], table.loc[keep, "model_name"]):
                    right = x > middle
                    ax.annotate(str(run), (x, y), fontsize=7, xytext=(-3 if right else 3, 3),
                                textcoords="offset points", ha="right" if right else "left")
        ax.set_xscale("log")
        ax.set_xlim(low, high)
        ax.set_ylim(low, high)
        ax.set_title(label, fontsize=10)
        _label_axes(ax, "published", "estimated", legend_size=7)
    return _finish(fig, out_dir, name, f"n = {points} estimates of published figures, "
                   f"{len(profiles)} method profile(s) (seeds/reference/published_training_footprints.csv)",
                   source_label)


# --- coverage -------------------------------------------------------------------------------------

# outcome of an input record -> bar colour
OUTCOME_COLOURS = {"estimated": COLOURS[2], "excluded": COLOURS[3]}


def coverage(counts: pd.DataFrame | None, out_dir: Path, source_label: str = "") -> list[Path]:
    """What the estimates rest on and what they leave out: one horizontal bar per way the
    input records were estimated (`outcome` 'estimated', `reason` e.g. 'imputed hardware') or
    excluded (`outcome` 'excluded', `reason` the exclusion_reason code), longest at the top, each
    labelled with its `records`. Long reasons wrap over lines beside their bar."""
    name = "coverage"
    table = _frame(counts)
    if not _has(table, "outcome", "reason", "records"):
        return no_data_figure(name, out_dir, source_label, "no record counts")
    data = (table.assign(records=pd.to_numeric(table["records"], errors="coerce").fillna(0).astype(int))
            .groupby(["outcome", "reason"], as_index=False)["records"].sum()
            .sort_values(["records", "reason"]).reset_index(drop=True))
    fig, (ax,) = _new_figure(height=max(4.0, 1.8 + 0.45 * len(data)))
    rows = np.arange(len(data))
    bars = ax.barh(rows, data["records"], color=[OUTCOME_COLOURS.get(o, "0.5") for o in data["outcome"]])
    ax.bar_label(bars, labels=[f"{n:,}" for n in data["records"]], padding=3, fontsize=9)
    ax.set_yticks(rows, ["\n".join(textwrap.wrap(_readable(reason), 34)) for reason in data["reason"]], fontsize=9)
    ax.set_xlim(0, max(1, data["records"].max()) * 1.15)  # room for the counts
    ax.set_ylim(-0.6, len(data) - 0.4)
    totals = data.groupby("outcome")["records"].sum()
    ax.legend(handles=[Patch(color=OUTCOME_COLOURS.get(outcome, "0.5"), label=f"{outcome} ({total:,} records)")
                       for outcome, total in totals.items()], fontsize=9, loc="lower right")
    ax.set_xlabel("Input records")
    ax.grid(True, axis="x", alpha=0.3)
    parts = ", ".join(f"{total:,} {outcome}" for outcome, total in totals.items())
    return _finish(fig, out_dir, name, f"n = {int(totals.sum()):,} input records: {parts}", source_label)
