"""dbt's unit tests (the formulas on hand-worked inputs, declared beside each model's YAML) run
here, in `make test`, against a copy of the sample build: `make build` leaves them out, since they
check the SQL rather than the data and cannot change from one build to the next."""

from __future__ import annotations

import json
import re
import shutil

from conftest import run_dbt


def _unit_tests_in_project(manifest_path) -> set[str]:
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    return {unique_id for unique_id in manifest.get("unit_tests", {})}


def test_every_dbt_unit_test_passes(sample_build, tmp_path):
    warehouse = tmp_path / "unit_tests.duckdb"
    shutil.copyfile(sample_build.warehouse, warehouse)
    target = tmp_path / "target"
    completed = run_dbt(warehouse, tmp_path, "test", "--select", "test_type:unit")
    assert completed.returncode == 0, completed.stdout[-6000:]
    declared = _unit_tests_in_project(target / "manifest.json")
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))["results"]
    passed = {result["unique_id"] for result in results if result["status"] == "pass"}
    assert len(declared) >= 15  # the project declares a unit test for every formula model
    assert passed == declared, sorted(declared - passed)
    assert re.search(r"PASS=\d+", completed.stdout)


def test_a_build_leaves_the_unit_tests_out(sample_build):
    results = json.loads((sample_build.warehouse.parent / "dbt_target" / "run_results.json").read_text())
    kinds = {result["unique_id"].split(".")[0] for result in results["results"]}
    assert "unit_test" not in kinds and {"model", "seed", "test"} <= kinds
