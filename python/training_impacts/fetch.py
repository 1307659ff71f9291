"""`training-impacts fetch`: get the upstream datasets into data/raw/, with a manifest.

Downloads from the publishers (Epoch AI, Our World in Data), or, with `--from DIR`, copies local
files for offline use (a `.gz` copy is decompressed). All or nothing: every file is first written
to a staging folder inside data/raw/ and checked there (UTF-8, the expected columns, at least one
record); only when every required file passed are the files renamed into place and the manifest
(data/raw/manifest.json: origin, time, SHA-256, size, CSV records) is replaced, last. An optional
file that fails is reported and its previous copy and manifest entry are kept. `verify_raw_files`
(raw_manifest.py) checks data/raw/ against the manifest later.
"""

from __future__ import annotations

import gzip
import os
import shutil
import stat
import sys
import tempfile
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from training_impacts.epoch_columns import EPOCH_COLUMN_VARIANTS
from training_impacts.raw_manifest import (  # noqa: F401  (count_csv_records, verify_raw_files: public here too)
    MANIFEST_NAME,
    STAGING_PREFIX,
    FetchError,
    count_csv_records,
    default_raw_dir as raw_dir,
    read_csv_summary,
    read_manifest,
    sha256,
    verify_raw_files,
    write_json_atomically,
)


@dataclass(frozen=True)
class Dataset:
    name: str
    url: str
    relative_path: str       # under data/raw/
    local_names: tuple[str, ...]  # file names accepted by --from (each also with .gz)
    required: bool
    credit: str
    columns: tuple[tuple[str, ...], ...] = ()  # required columns, each as its accepted headers
    column_containing: str | None = None        # and one column whose header contains this


DATASETS = (
    Dataset(
        "notable_ai_models",
        "https://epoch.ai/data/notable_ai_models.csv",
        "epoch/notable_ai_models.csv",
        ("notable_ai_models.csv",),
        True,
        "Epoch AI, 'Data on AI Models' (Notable AI Models), https://epoch.ai/data/ai-models, CC BY 4.0",
        # columns: EPOCH_COLUMN_VARIANTS (epoch_columns.py), see required_columns()
    ),
    Dataset(
        "ml_hardware",
        "https://epoch.ai/data/ml_hardware.csv",
        "epoch/ml_hardware.csv",
        ("ml_hardware.csv",),
        False,
        "Epoch AI, 'Data on Machine Learning Hardware', CC BY 4.0",
        columns=(("Hardware name",),),
    ),
    Dataset(
        "carbon_intensity",
        "https://ourworldindata.org/grapher/carbon-intensity-electricity.csv",
        "owid/carbon-intensity-electricity.csv",
        ("carbon-intensity-electricity.csv", "carbon_intensity_electricity_owid.csv"),
        False,
        "Our World in Data, 'Carbon intensity of electricity' (Ember; Energy Institute), CC BY 4.0",
        columns=(("Code",), ("Year",)),
        column_containing="carbon intensity",
    ),
)


def required_columns(dataset: Dataset) -> tuple[tuple[str, ...], ...]:
    if dataset.name == "notable_ai_models":
        return tuple(EPOCH_COLUMN_VARIANTS.values())
    return dataset.columns


def missing_columns(dataset: Dataset, header: list[str]) -> list[str]:
    """The required columns (as "'A' or 'B'") that `header` lacks; case-insensitive."""
    present = [column.strip().lower() for column in header]
    missing = [" or ".join(f"'{name}'" for name in variants) for variants in required_columns(dataset)
               if not any(name.lower() in present for name in variants)]
    wanted = dataset.column_containing
    if wanted and not any(wanted in column for column in present):
        missing.append(f"a column containing '{wanted}'")
    return missing


def validate(dataset: Dataset, path: Path, label: str) -> int:
    """Check a staged file (UTF-8, the dataset's columns, records) and return its record count."""
    summary = read_csv_summary(path, label)
    missing = missing_columns(dataset, summary.header)
    if missing:
        present = ", ".join(summary.header[:12]) + (", …" if len(summary.header) > 12 else "")
        raise FetchError(f"{label}: not a {dataset.local_names[0]} file: missing column(s) "
                         f"{', '.join(missing)} (columns present: {present})")
    if summary.records == 0:
        raise FetchError(f"{label}: a header but no records")
    return summary.records


def download(url: str, destination: Path, label: str, timeout: float = 60.0) -> None:
    import requests  # both come with dbt-core and great-expectations
    from tqdm import tqdm

    partial = destination.with_name(destination.name + ".part")
    headers = {"User-Agent": "training-impacts (https://epoch.ai data user)"}
    try:
        with requests.get(url, headers=headers, stream=True, timeout=timeout) as response:
            response.raise_for_status()
            # with a Content-Encoding, Content-Length counts compressed bytes: no total then
            length = None if response.headers.get("Content-Encoding") else response.headers.get("Content-Length")
            with partial.open("wb") as out, tqdm(total=int(length) if length else None, unit="B", unit_scale=True,
                                                 desc=f"  {label:<22}", file=sys.stderr) as bar:
                for block in response.iter_content(1 << 16):
                    out.write(block)
                    bar.update(len(block))
    except (requests.RequestException, OSError) as error:
        partial.unlink(missing_ok=True)
        raise FetchError(
            f"cannot download {url}: {error}. Offline? Use `training-impacts fetch --from DIR` "
            f"(or `make data FROM=DIR`) with a local copy of {Path(url).name}"
        ) from error
    partial.replace(destination)


def checked_source(from_dir: Path, candidate: Path) -> Path:
    """The file a candidate really is, if it is a regular file inside from_dir (checked with
    stat, without opening it: opening a FIFO that has no writer blocks)."""
    resolved = candidate.resolve()
    if not resolved.is_relative_to(from_dir):
        raise FetchError(f"--from {from_dir}: {candidate} leads to {resolved}, outside that folder: refused")
    try:
        mode = resolved.stat().st_mode
    except OSError as error:
        raise FetchError(f"--from {from_dir}: cannot read {candidate}: {error}") from error
    if not stat.S_ISREG(mode):
        kind = "a FIFO" if stat.S_ISFIFO(mode) else "a directory" if stat.S_ISDIR(mode) else "a device or socket"
        raise FetchError(f"--from {from_dir}: {candidate} is {kind}, not a regular file: refused")
    return resolved


def find_local(from_dir: Path, dataset: Dataset) -> Path:
    """The one file for `dataset` under from_dir (recursive search); never a guess between two."""
    names = [variant for name in dataset.local_names for variant in (name, name + ".gz")]
    candidates = sorted({path for name in names for path in from_dir.rglob(name)})
    if not candidates:
        raise FetchError(f"--from {from_dir}: no {' or '.join(dataset.local_names)} found "
                         "(nor .gz; searched recursively)")
    if len(candidates) > 1:
        raise FetchError(f"--from {from_dir}: {len(candidates)} candidates for {dataset.name}: "
                         f"{', '.join(map(str, candidates))}; point --from at the folder holding the one you want")
    return checked_source(from_dir, candidates[0])


def copy_local(source: Path, destination: Path) -> None:
    """Copy a file, decompressing it if it is gzip (told by its first bytes, whatever its name)."""
    try:
        with source.open("rb") as raw:
            gzipped = raw.read(2) == b"\x1f\x8b"
            raw.seek(0)
            with (gzip.GzipFile(fileobj=raw) if gzipped else raw) as data, destination.open("wb") as out:
                shutil.copyfileobj(data, out, 1 << 20)
    except (OSError, EOFError, zlib.error) as error:  # gzip.BadGzipFile is an OSError
        raise FetchError(f"cannot read {source}{' (gzip)' if source.suffix == '.gz' else ''}: {error}") from error


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def stage(dataset: Dataset, source_dir: Path | None, staging: Path, destination: Path) -> tuple[Path, dict]:
    """Get one dataset into the staging folder and check it; returns the file and its entry."""
    staged = staging / f"{dataset.name}.staged"  # a name no --from search looks for
    if source_dir:
        local = find_local(source_dir, dataset)
        copy_local(local, staged)
        # a copy: where it came from and when; its retrieval time from the publisher is unknown
        provenance = {"origin": str(local), "url": None, "source_url": dataset.url,
                      "retrieved_at": None, "copied_at": _now()}
    else:
        download(dataset.url, staged, dataset.name)
        provenance = {"origin": "download", "url": dataset.url, "source_url": dataset.url,
                      "retrieved_at": _now(), "copied_at": None}
    records = validate(dataset, staged, provenance["origin"] if source_dir else dataset.url)
    return staged, {"name": dataset.name, **provenance, "path": str(destination),
                    "raw_path": dataset.relative_path, "sha256": sha256(staged),
                    "bytes": staged.stat().st_size, "records": records, "credit": dataset.credit}


def _install(staged: dict[str, tuple[Path, dict]], target_dir: Path, staging: Path) -> dict:
    """Rename the staged files into place, keep the previous copy (and entry) of the others, and
    replace the manifest last."""
    try:
        previous = {entry.get("name"): entry for entry in read_manifest(target_dir)["files"]}
    except FetchError:
        previous = {}  # unreadable: rewritten from what is staged
    entries = []
    for dataset in DATASETS:
        destination = target_dir / dataset.relative_path
        if dataset.name in staged:
            path, entry = staged[dataset.name]
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, destination)
            entries.append(entry)
        elif dataset.name in previous and destination.is_file():
            entries.append(previous[dataset.name])
    manifest = {"files": entries, "manifest_path": str(target_dir / MANIFEST_NAME)}
    write_json_atomically(target_dir / MANIFEST_NAME, manifest, staging)
    return manifest


def fetch_all(from_dir: str | Path | None = None, target_dir: Path | None = None) -> dict:
    """Fetch every dataset; returns the manifest (also written to data/raw/manifest.json) plus
    "warnings": one line per optional file not updated. A FetchError (a required file missing or
    invalid) leaves data/raw/ exactly as it was."""
    target_dir = Path(target_dir) if target_dir else raw_dir()
    source_dir = Path(from_dir).expanduser().resolve() if from_dir else None
    if source_dir and not source_dir.is_dir():
        raise FetchError(f"--from {from_dir}: no such folder")
    created = not target_dir.exists()
    target_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=target_dir))  # same file system
    try:
        staged, warnings = {}, []
        for dataset in DATASETS:
            try:
                staged[dataset.name] = stage(dataset, source_dir, staging, target_dir / dataset.relative_path)
            except FetchError as error:
                if dataset.required:
                    raise
                warnings.append(f"{dataset.name} not updated (previous copy, if any, kept): {error}")
                print(f"  {warnings[-1]}", file=sys.stderr)
        return {**_install(staged, target_dir, staging), "warnings": warnings}
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if created and not any(target_dir.iterdir()):
            target_dir.rmdir()
