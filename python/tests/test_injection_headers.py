"""Headers of user files reach SQL only as quoted identifiers: a header crafted to close the
identifier and run its own statements (a COPY ... TO that writes a file, a CREATE VIEW) is read
as a column name, for every input file a build reads (Epoch, OWID, custom jobs). The build
passes, reads the data under that header, writes no file and creates no relation."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import OWID_INTENSITY, SAMPLE_SEED, build, needs
from training_impacts.warehouse import read_only

pytestmark = pytest.mark.build


def payload(target: Path, closing: str) -> str:
    """SQL that, pasted unquoted after `closing`, would write `target` and create a view."""
    return (f'{closing}) as double) as x from (select 1); '
            f"copy (select 42 as pwned) to '{target}' (header); "
            f'create view pwned as select 1; select try_cast(trim("Code')


def _rewrite(source: Path, target: Path, header_change, extra: dict[str, str] | None = None) -> Path:
    with source.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    header = [header_change(name) for name in rows[0]] + list(extra or {})
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(row + list((extra or {}).values()) for row in rows[1:])
    return target


def _relations(warehouse: Path) -> set[str]:
    with read_only(warehouse) as db:
        return {name for (name,) in db.execute("select table_name from information_schema.tables").fetchall()}


@needs(OWID_INTENSITY)
def test_injection_headers_in_every_input_run_nothing(tmp_path, sample_build):
    written = tmp_path / "pwned.csv"
    intensity = "Carbon intensity of electricity - gCO2e/kWh"
    owid = _rewrite(OWID_INTENSITY, tmp_path / "owid.csv",
                    lambda name: name.replace(intensity, "Carbon intensity" + payload(written, '"')))
    epoch = _rewrite(SAMPLE_SEED, tmp_path / "epoch.csv",
                     lambda name: f" {name} " if name == "Model" else name,
                     extra={payload(written, '"'): "x", 'Model"; drop table x; --': "y"})
    custom = _rewrite(Path(__file__).parents[2] / "data" / "custom" / "example_training_jobs.csv", tmp_path / "custom.csv",
                      lambda name: name.upper() if name == "gpu" else name, extra={payload(written, '"'): "z"})

    result = build(tmp_path, env={"CARBON_INTENSITY_CSV": str(owid), "EPOCH_MODELS_CSV": str(epoch),
                                  "CUSTOM_RUNS_CSV": str(custom)},
                   dbt_args=["--vars", "{gwp_grid_factor_source: year_matched}"])

    assert result.ok, result.output[-4000:]
    assert not written.exists(), "a header ran a COPY ... TO"
    assert "pwned" not in _relations(result.warehouse)
    assert _relations(result.warehouse) == _relations(sample_build.warehouse)
    with read_only(result.warehouse) as db:
        custom_runs = db.execute("select count(*) from fct_training_run_impacts where run_source = 'custom'").fetchone()[0]
        year_matched = db.execute(
            "select count(*) from fct_training_run_impacts where gwp_grid_factor_source = 'owid_country_year'").fetchone()[0]
    assert custom_runs > 0          # the custom file was read through its renamed header
    assert year_matched > 0         # and the intensities through the crafted OWID header
