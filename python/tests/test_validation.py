"""Validation against published footprints: the published figures never feed an estimate, and the
validation mart's ratios are the estimates over the figures (computed here a second way)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from conftest import ROOT
from training_impacts.warehouse import read_only

pytestmark = pytest.mark.build

PUBLISHED = ROOT / "seeds" / "reference" / "published_training_footprints.csv"
VALIDATION_ONLY_SEEDS = ("published_training_footprints", "published_accelerator_footprints")


def descendants(manifest: dict, node: str) -> set[str]:
    children, seen, todo = manifest["child_map"], set(), [node]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


def test_no_model_that_computes_an_impact_reads_a_published_footprint(sample_build):
    manifest = json.loads((Path(sample_build.warehouse).parent / "dbt_target" / "manifest.json").read_text())
    allowed = {"model.training_impacts.stg_reference__published_training_footprints",
               "model.training_impacts.rpt_validation_published_footprints",
               "model.training_impacts.stg_reference__published_accelerator_footprints"}
    for seed in VALIDATION_ONLY_SEEDS:
        node = f"seed.training_impacts.{seed}"
        assert node in manifest["child_map"], node
        models = {n for n in descendants(manifest, node) if n.startswith("model.")}
        assert models <= allowed, f"{seed} feeds {sorted(models - allowed)}"
    # and the graph is real: the validation mart does read the seed and the run marts
    parents = set(manifest["parent_map"]["model.training_impacts.rpt_validation_published_footprints"])
    assert {"model.training_impacts.stg_reference__published_training_footprints",
            "model.training_impacts.int_training_runs__epoch_impacts"} <= parents


def test_validation_ratios_are_the_estimates_over_the_published_figures(snapshot_build):
    with PUBLISHED.open(newline="", encoding="utf-8") as handle:
        published = {(row["model"], row["publication_date"]): row for row in csv.DictReader(handle)}
    with read_only(snapshot_build.warehouse) as db:
        estimates = {(name, str(date)): (gpu_hours, energy, gwp) for name, date, gpu_hours, energy, gwp in db.execute("""
            select model_name, publication_date, gpu_hours, energy_kwh, gwp_use_kgco2e
            from fct_training_run_impacts where run_source = 'epoch'""").fetchall()}
        # the build's own profile (fct_training_run_impacts holds it) against the mart's rows of it
        mart = {(name, str(date)): rest for name, date, *rest in db.execute("""
            select model_name, publication_date, is_estimated, gpu_hours_ratio, energy_ratio, gwp_use_ratio
            from rpt_validation_published_footprints
            where method_profile = (select any_value(method_profile) from fct_training_run_impacts)""").fetchall()}
        profiles = db.execute("select count(distinct method_profile) from rpt_validation_published_footprints").fetchone()[0]
    assert set(mart) == set(published) and len(published) >= 15 and profiles == 2
    checked = 0
    for key, row in published.items():
        is_estimated, *ratios = mart[key]
        assert is_estimated == (key in estimates), key
        if not is_estimated:
            continue
        for estimate, column, ratio in zip(estimates[key], ("published_gpu_hours", "published_energy_kwh",
                                                            "published_gwp_kgco2e"), ratios):
            if row[column]:
                assert ratio == pytest.approx(estimate / float(row[column])), (key, column)
                checked += 1
            else:
                assert ratio is None
    assert checked >= 20
