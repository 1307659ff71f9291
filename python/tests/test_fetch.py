"""`training-impacts fetch --from DIR`: local copies, manifest, clear errors."""

from __future__ import annotations

import json

import pytest

from conftest import EPOCH_SNAPSHOT, SHARED_EXTERNAL, needs
from training_impacts.fetch import FetchError, count_csv_records, fetch_all


@needs(EPOCH_SNAPSHOT)
def test_fetch_from_a_local_folder_writes_files_and_a_manifest(tmp_path):
    manifest = fetch_all(from_dir=SHARED_EXTERNAL, target_dir=tmp_path)
    entries = {entry["name"]: entry for entry in manifest["files"]}
    assert entries["notable_ai_models"]["records"] == 952
    assert (tmp_path / "epoch" / "notable_ai_models.csv").is_file()
    assert (tmp_path / "owid" / "carbon-intensity-electricity.csv").is_file()
    written = json.loads((tmp_path / "manifest.json").read_text())
    assert {e["name"] for e in written["files"]} == {"notable_ai_models", "ml_hardware", "carbon_intensity"}
    assert all(len(e["sha256"]) == 64 and e["retrieved_at"] for e in written["files"])


def test_fetch_from_a_folder_without_the_epoch_file_says_so(tmp_path):
    with pytest.raises(FetchError, match="no notable_ai_models.csv found"):
        fetch_all(from_dir=tmp_path, target_dir=tmp_path / "raw")


def test_record_counts_use_a_csv_parser(tmp_path):
    path = tmp_path / "quoted.csv"
    path.write_text('Model,Notes\nA,"line one\nline two"\nB,plain\n', encoding="utf-8")
    assert count_csv_records(path) == 2


def test_non_utf8_files_are_refused_with_the_file_name(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("Model,Organization\nCaf\xe9,X\n".encode("latin-1"))
    with pytest.raises(FetchError, match="latin1.csv: not UTF-8"):
        count_csv_records(path)
