"""`training-impacts fetch`: local copies and downloads, all-or-nothing installs into data/raw/,
the manifest, `verify_raw_files`, and clear refusals. Synthetic CSVs made in tmp_path, except for
the test on the reference folder."""

from __future__ import annotations

import dataclasses
import functools
import gzip
import hashlib
import http.server
import json
import os
import shutil
import threading

import pytest

from conftest import EPOCH_HARDWARE, EPOCH_SNAPSHOT, OWID_INTENSITY, SHARED_EXTERNAL, needs
from training_impacts import fetch
from training_impacts.fetch import FetchError, count_csv_records, fetch_all

EPOCH_HEADER = ("Model,Organization,Publication date,Domain,Training compute (FLOP),Training time (hours),"
                "Training hardware,Hardware quantity,Country (of organization),Notes")


def epoch_csv(records: int) -> str:
    rows = [f'Model {i},Org,2024-01-{i + 1:02d},Language,1e24,{100 + i},NVIDIA H100 SXM5 80GB,{64 * (i + 1)},'
            f'United States of America,"a note\nover two lines"' for i in range(records)]
    return "\n".join([EPOCH_HEADER, *rows]) + "\n"


HARDWARE_CSV = "Hardware name,Manufacturer\nNVIDIA H100 SXM5 80GB,NVIDIA\nNVIDIA A100,NVIDIA\n"
OWID_CSV = "Entity,Code,Year,Carbon intensity of electricity - gCO2e/kWh\nFrance,FRA,2023,56\nWorld,OWID_WRL,2023,480\n"


def write_sources(folder, models=3, hardware=HARDWARE_CSV, owid=OWID_CSV):
    """A --from folder laid out like ../shared/data/external/ (None leaves a file out)."""
    files = {"epoch/notable_ai_models.csv": epoch_csv(models) if isinstance(models, int) else models,
             "hw/ml_hardware.csv": hardware, "owid/carbon_intensity_electricity_owid.csv": owid}
    for relative, text in files.items():
        if text is not None:
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            (folder / relative).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return folder


def tree_digest(folder) -> dict[str, str]:
    """Every file (hash) and folder of `folder`, hidden ones included: equal means byte-identical."""
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
            for path in sorted(folder.rglob("*"))}


def entries(raw) -> dict[str, dict]:
    return {entry["name"]: entry for entry in json.loads((raw / "manifest.json").read_text())["files"]}


@pytest.fixture
def raw(tmp_path):
    """data/raw/ after a good fetch of the synthetic files."""
    raw = tmp_path / "raw"
    fetch_all(from_dir=write_sources(tmp_path / "good"), target_dir=raw)
    return raw


@needs(EPOCH_SNAPSHOT)
@needs(EPOCH_HARDWARE)
@needs(OWID_INTENSITY)
def test_fetch_from_the_reference_folder_writes_files_and_a_manifest(tmp_path):
    # also checks that ../shared/data/external/ holds exactly one candidate for each dataset
    manifest = fetch_all(from_dir=SHARED_EXTERNAL, target_dir=tmp_path)
    assert manifest["warnings"] == []
    assert {entry["name"]: entry for entry in manifest["files"]}["notable_ai_models"]["records"] == 952
    assert (tmp_path / "epoch" / "notable_ai_models.csv").is_file()
    assert (tmp_path / "owid" / "carbon-intensity-electricity.csv").is_file()
    written = entries(tmp_path)
    assert set(written) == {"notable_ai_models", "ml_hardware", "carbon_intensity"}
    assert all(len(e["sha256"]) == 64 and e["copied_at"] for e in written.values())
    assert fetch.verify_raw_files(tmp_path) == []


def test_fetch_from_a_folder_without_the_epoch_file_says_so(tmp_path):
    with pytest.raises(FetchError, match="no notable_ai_models.csv found"):
        fetch_all(from_dir=tmp_path, target_dir=tmp_path / "raw")
    assert not (tmp_path / "raw").exists()


def test_record_counts_use_a_csv_parser(tmp_path):
    path = tmp_path / "quoted.csv"
    path.write_text('Model,Notes\nA,"line one\nline two"\nB,plain\n', encoding="utf-8")
    assert count_csv_records(path) == 2


def test_non_utf8_files_are_refused_with_the_file_name(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("Model,Organization\nCaf\xe9,X\n".encode("latin-1"))
    with pytest.raises(FetchError, match="latin1.csv: not UTF-8"):
        count_csv_records(path)


# --- 1. headers -------------------------------------------------------------------------------

def test_a_wrong_header_is_refused_naming_the_file_and_the_missing_columns(tmp_path):
    source = write_sources(tmp_path / "src", models="Model,Organization,Domain\nA,B,C\n")
    with pytest.raises(FetchError, match=r"notable_ai_models\.csv: .*missing column.*'Publication date'.*"
                                         r"'Country \(of organization\)' or 'Country \(from Organization\)'"):
        fetch_all(from_dir=source, target_dir=tmp_path / "raw")


def test_header_variants_and_a_bom_are_accepted(tmp_path):
    text = "\ufeff" + epoch_csv(2).replace("Model,", "System,", 1).replace("(of organization)", "(from Organization)")
    manifest = fetch_all(from_dir=write_sources(tmp_path / "src", models=text), target_dir=tmp_path / "raw")
    assert {e["name"]: e["records"] for e in manifest["files"]}["notable_ai_models"] == 2


# --- 2. all or nothing ------------------------------------------------------------------------

@pytest.mark.parametrize("bad", ["Model,Organization\nCaf\xe9,X\n".encode("latin-1"), b"", EPOCH_HEADER + "\n"],
                         ids=["latin-1", "empty", "header-only"])
def test_a_bad_required_file_leaves_data_raw_byte_identical(raw, tmp_path, bad):
    before = tree_digest(raw)
    with pytest.raises(FetchError, match="notable_ai_models.csv"):
        fetch_all(from_dir=write_sources(tmp_path / "bad", models=bad), target_dir=raw)
    assert tree_digest(raw) == before


def test_a_bad_optional_file_keeps_its_previous_copy_and_manifest_entry(raw, tmp_path):
    old = entries(raw)
    old_owid = (raw / "owid" / "carbon-intensity-electricity.csv").read_bytes()
    source = write_sources(tmp_path / "new", models=5, hardware=None, owid="Entity,Value\nFrance,56\n")
    manifest = fetch_all(from_dir=source, target_dir=raw)
    new = entries(raw)
    assert new["notable_ai_models"]["records"] == 5 and count_csv_records(raw / "epoch" / "notable_ai_models.csv") == 5
    assert new["carbon_intensity"] == old["carbon_intensity"] and new["ml_hardware"] == old["ml_hardware"]
    assert (raw / "owid" / "carbon-intensity-electricity.csv").read_bytes() == old_owid
    assert any("carbon_intensity" in line and "'Code'" in line for line in manifest["warnings"])
    assert fetch.verify_raw_files(raw) == []


def test_a_download_error_on_an_optional_file_keeps_its_previous_copy(raw, tmp_path, monkeypatch):
    served = write_sources(tmp_path / "site", models=4, owid=None)  # the OWID URL answers 404
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    paths = {"notable_ai_models": "epoch/notable_ai_models.csv", "ml_hardware": "hw/ml_hardware.csv",
             "carbon_intensity": "owid/carbon-intensity-electricity.csv"}
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    local_urls = tuple(dataclasses.replace(dataset, url=base + paths[dataset.name]) for dataset in fetch.DATASETS)
    monkeypatch.setattr(fetch, "DATASETS", local_urls)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    old = entries(raw)
    try:
        fetch_all(target_dir=raw)
    finally:
        server.shutdown()
    new = entries(raw)
    assert new["notable_ai_models"]["records"] == 4 and new["notable_ai_models"]["retrieved_at"]
    assert new["carbon_intensity"] == old["carbon_intensity"]
    assert fetch.verify_raw_files(raw) == []


def test_a_kill_mid_copy_changes_nothing_and_leaves_nothing(raw, tmp_path, monkeypatch):
    def half_then_interrupt(source, destination, *args, **kwargs):
        source = open(source, "rb") if isinstance(source, (str, os.PathLike)) else source
        with source, (open(destination, "wb") if isinstance(destination, (str, os.PathLike)) else destination) as out:
            out.write(source.read(100))
            out.flush()
        raise KeyboardInterrupt

    before = tree_digest(raw)
    monkeypatch.setattr(shutil, "copyfileobj", half_then_interrupt)
    monkeypatch.setattr(shutil, "copyfile", half_then_interrupt)  # what the first version used
    with pytest.raises(KeyboardInterrupt):
        fetch_all(from_dir=write_sources(tmp_path / "new", models=9), target_dir=raw)
    monkeypatch.undo()
    assert tree_digest(raw) == before  # no partial file, no staging folder, no temporary file


# --- 3. verify_raw_files ----------------------------------------------------------------------

def test_verify_raw_files_names_a_file_cut_at_a_record_boundary(raw, tmp_path):
    assert fetch.verify_raw_files(raw) == []
    assert fetch.verify_raw_files(tmp_path / "no_such_raw") == []
    models = raw / "epoch" / "notable_ai_models.csv"
    models.write_text(epoch_csv(2), encoding="utf-8")  # the first two records of three
    (raw / "owid" / "carbon-intensity-electricity.csv").unlink()
    (raw / "stray.csv").write_text("a\n1\n", encoding="utf-8")
    problems = fetch.verify_raw_files(raw)
    assert len(problems) == 3
    assert str(models) in problems[0] and "2 records (manifest: 3)" in problems[0]
    assert "carbon-intensity-electricity.csv" in problems[1] and "missing" in problems[1]
    assert "stray.csv" in problems[2] and "without an entry" in problems[2]


# --- 4, 5. what --from accepts ----------------------------------------------------------------

def test_a_symlink_out_of_the_folder_is_refused_naming_both_paths(tmp_path):
    source = write_sources(tmp_path / "src", models=None)
    outside = tmp_path / "elsewhere.csv"
    outside.write_text(epoch_csv(2), encoding="utf-8")
    (source / "notable_ai_models.csv").symlink_to(outside)
    with pytest.raises(FetchError, match="outside") as refused:
        fetch_all(from_dir=source, target_dir=tmp_path / "raw")
    assert str(source / "notable_ai_models.csv") in str(refused.value) and str(outside) in str(refused.value)


def test_a_fifo_is_refused_without_opening_it(tmp_path):
    source = write_sources(tmp_path / "src", models=None)
    fifo = source / "notable_ai_models.csv"
    os.mkfifo(fifo)
    outcome = []

    def run():
        try:
            fetch_all(from_dir=source, target_dir=tmp_path / "raw")
        except Exception as error:  # noqa: BLE001 (the thread reports what happened)
            outcome.append(error)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=10)
    if worker.is_alive():  # blocked opening the FIFO: give it a writer so that the thread ends
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("fetch blocked opening a FIFO")
    assert outcome and isinstance(outcome[0], FetchError) and "FIFO" in str(outcome[0])


def test_two_candidates_are_refused_naming_both(tmp_path):
    source = write_sources(tmp_path / "src")
    (source / "copy").mkdir()
    (source / "copy" / "notable_ai_models.csv").write_text(epoch_csv(1), encoding="utf-8")
    with pytest.raises(FetchError, match="point --from at the folder") as refused:
        fetch_all(from_dir=source, target_dir=tmp_path / "raw")
    assert str(source / "copy" / "notable_ai_models.csv") in str(refused.value)
    assert str(source / "epoch" / "notable_ai_models.csv") in str(refused.value)


# --- 6, 7. provenance, gzip -------------------------------------------------------------------

def test_a_copy_records_its_origin_and_copy_time_not_a_retrieval_time(raw, tmp_path):
    models = entries(raw)["notable_ai_models"]
    assert models["origin"] == str(tmp_path / "good" / "epoch" / "notable_ai_models.csv")
    assert models["url"] is None and models["retrieved_at"] is None and models["copied_at"]
    assert models["source_url"] == "https://epoch.ai/data/notable_ai_models.csv"
    assert {"name", "path", "sha256", "bytes", "records", "credit", "origin"} <= set(models)


def test_a_gzipped_copy_is_decompressed(tmp_path):
    source = write_sources(tmp_path / "src", models=None)
    (source / "notable_ai_models.csv.gz").write_bytes(gzip.compress(epoch_csv(3).encode("utf-8")))
    fetch_all(from_dir=source, target_dir=tmp_path / "raw")
    assert (tmp_path / "raw" / "epoch" / "notable_ai_models.csv").read_text(encoding="utf-8") == epoch_csv(3)
    assert entries(tmp_path / "raw")["notable_ai_models"]["records"] == 3
