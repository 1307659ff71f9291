"""The non-NVIDIA accelerator catalogue (seeds/hardware/accelerators.csv) against its sources:
every spec the method uses has a documented source or estimation rule, values agree with Epoch
AI's ML hardware database or the disagreement is stated, and the built dim_accelerators gives every
chip its embodied impacts, matching a hand-worked value for one TPU and one AMD package."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from conftest import EPOCH_HARDWARE, ROOT, needs
from training_impacts.warehouse import read_only

SEEDS = ROOT / "seeds" / "hardware"
METHOD_SPECS = ("die_area_mm2", "memory_gb", "tdp_w", "tensor_fp16_tflops", "process_node_nm")
# accelerator_id -> its row in Epoch's ML hardware database
EPOCH_NAMES = {
    "tpu_v1": "Google TPU v1", "tpu_v2": "Google TPU v2", "tpu_v3": "Google TPU v3", "tpu_v4i": "Google TPU v4i",
    "tpu_v4": "Google TPU v4", "tpu_v5e": "Google TPU v5e", "tpu_v5p": "Google TPU v5p",
    "tpu_v6e": "Google TPU v6e Trillium", "tpu_v7": "Google TPU v7 Ironwood",
    "amd_instinct_mi250x": "AMD Radeon Instinct MI250X", "amd_instinct_mi300x": "AMD Instinct MI300X",
    "amd_instinct_mi325x": "AMD Instinct MI325X", "amd_instinct_mi355x": "AMD Instinct MI355X",
    "aws_trainium1": "Amazon Trainium1", "aws_trainium2": "Amazon Trainium2",
    "intel_gaudi": "Intel Habana GAUDI HL-205", "intel_gaudi2": "Intel Habana Gaudi2", "intel_gaudi3": "Intel Habana Gaudi3",
    "huawei_ascend_910": "Huawei Ascend 910", "huawei_ascend_910b": "Huawei Ascend 910B",
    "huawei_ascend_910c": "Huawei Ascend 910C",
}
# our column -> (Epoch's column, factors from Epoch's unit to ours: Epoch writes memory in bytes,
# some rows from marketed GB (x 1e9), others from GiB (x 2**30))
EPOCH_COLUMNS = {"tdp_w": ("TDP (W)", (1.0,)), "tensor_fp16_tflops": ("Tensor-FP16/BF16 performance (FLOP/s)", (1e-12,)),
                 "memory_gb": ("Memory (bytes)", (1e-9, 2.0 ** -30))}


def _rows(name: str) -> list[dict]:
    with (SEEDS / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_spec_the_method_uses_has_a_source_or_a_rule():
    sources = {(row["accelerator_id"], row["spec"]): row for row in _rows("accelerator_spec_sources.csv")}
    for chip in _rows("accelerators.csv"):
        for spec in METHOD_SPECS:
            documented = sources.get((chip["accelerator_id"], spec))
            assert documented, f"{chip['accelerator_id']}.{spec}: no row in accelerator_spec_sources.csv"
            assert documented["source"].strip()
            if documented["status"] == "estimated":
                assert documented["estimation_rule"].strip(), f"{chip['accelerator_id']}.{spec}: estimated without a rule"
            if chip[spec]:
                assert float(documented["value"]) == float(chip[spec]), f"{chip['accelerator_id']}.{spec}"


@needs(EPOCH_HARDWARE)
def test_specs_agree_with_epochs_hardware_database_or_say_why_not():
    epoch = pd.read_csv(EPOCH_HARDWARE).set_index("Hardware name")
    sources = {(row["accelerator_id"], row["spec"]): row for row in _rows("accelerator_spec_sources.csv")}
    chips = {row["accelerator_id"]: row for row in _rows("accelerators.csv")}
    compared = 0
    for chip_id, epoch_name in EPOCH_NAMES.items():
        for ours, (theirs, factors) in EPOCH_COLUMNS.items():
            value, reference = chips[chip_id][ours], epoch.loc[epoch_name, theirs]
            if not value or pd.isna(reference):
                continue
            compared += 1
            if all(abs(float(value) - reference * factor) > 0.02 * reference * factor for factor in factors):
                factor = factors[0]
                documented = sources[(chip_id, ours)]
                stated = " ".join([documented["source"], documented["estimation_rule"], chips[chip_id]["source_note"]])
                assert "Epoch" in stated, (f"{chip_id}.{ours} = {value}, Epoch's {epoch_name} says {reference * factor:g}, "
                                           "and neither the spec's source nor the row's note says why")
    assert compared >= 40


@pytest.mark.build
def test_dim_accelerators_covers_every_vendor_with_embodied_impacts(sample_build):
    with read_only(sample_build.warehouse) as db:
        frame = db.execute("select * from dim_accelerators").df()
        gpu_cards = db.execute("select count(*) from dim_gpu_cards").fetchone()[0]
    assert set(frame["vendor"]) == {"NVIDIA", "Google", "AMD", "Amazon AWS", "Intel (Habana Labs)", "Huawei", "Cerebras"}
    assert (frame["vendor"] == "NVIDIA").sum() == gpu_cards
    assert len(frame) == gpu_cards + len(_rows("accelerators.csv"))
    assert frame[["gwp_embodied_kgco2e", "adpe_embodied_kgsbeq", "pe_embodied_mj"]].notna().all().all()
    by_id = frame.set_index("accelerator_id")
    # by hand, with BoaviztAPI's factors (1.97 kgCO2e per cm2 of die, 2.20 per cm2 of DRAM die,
    # 5.22 RAM base) and MLCA's GPU base 26.97, at 0.625 GB/cm2:
    # TPU v4: 7.28 x 1.97 + 26.97 + 32 / 0.625 x 2.20 + 5.22 = 159.1716
    assert by_id.loc["tpu_v4", "gwp_embodied_kgco2e"] == pytest.approx(159.1716, abs=1e-9)
    # MI250X, 2 x 724 mm2 and 128 GB: 14.48 x 1.97 + 26.97 + 204.8 x 2.20 + 5.22 = 511.2756
    assert by_id.loc["amd_instinct_mi250x", "gwp_embodied_kgco2e"] == pytest.approx(511.2756, abs=1e-9)
    assert by_id.loc["tpu_v4", "die_area_status"] == "estimated"
    assert "die_area_mm2" in by_id.loc["tpu_v4", "estimation_rules"]
