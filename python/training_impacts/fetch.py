"""`training-impacts fetch`: get the upstream datasets into data/raw/, with a manifest.

Downloads from the publishers (Epoch AI, Our World in Data), or, with `--from DIR`, copies local
files for offline use. Each file is written to a temporary name and renamed when complete; the
manifest (data/raw/manifest.json) records URL or origin, retrieval time, SHA-256, size and the
number of CSV records (counted with a CSV parser: Epoch's fields hold newlines).
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import sys
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from training_impacts.warehouse import project_root


@dataclass(frozen=True)
class Dataset:
    name: str
    url: str
    relative_path: str       # under data/raw/
    local_names: tuple[str, ...]  # file names accepted by --from
    required: bool
    credit: str


DATASETS = (
    Dataset(
        "notable_ai_models",
        "https://epoch.ai/data/notable_ai_models.csv",
        "epoch/notable_ai_models.csv",
        ("notable_ai_models.csv",),
        True,
        "Epoch AI, 'Data on Notable AI Models', CC BY 4.0",
    ),
    Dataset(
        "ml_hardware",
        "https://epoch.ai/data/ml_hardware.csv",
        "epoch/ml_hardware.csv",
        ("ml_hardware.csv",),
        False,
        "Epoch AI, 'Data on Machine Learning Hardware', CC BY 4.0",
    ),
    Dataset(
        "carbon_intensity",
        "https://ourworldindata.org/grapher/carbon-intensity-electricity.csv",
        "owid/carbon-intensity-electricity.csv",
        ("carbon-intensity-electricity.csv", "carbon_intensity_electricity_owid.csv"),
        False,
        "Our World in Data, 'Carbon intensity of electricity' (Ember; Energy Institute), CC BY 4.0",
    ),
)


class FetchError(RuntimeError):
    pass


def raw_dir() -> Path:
    return project_root() / "data" / "raw"


def count_csv_records(path: Path) -> int:
    """Records after the header, with a CSV parser; a file that is not UTF-8 CSV is an error."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if not header:
                raise FetchError(f"{path}: empty file (no header row)")
            return sum(1 for _ in reader)
    except UnicodeDecodeError as error:
        raise FetchError(f"{path}: not UTF-8 text (byte {error.start}): is this a CSV export?") from error
    except csv.Error as error:
        raise FetchError(f"{path}: not a readable CSV file: {error}") from error


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _progress(label: str, done: int, total: int | None) -> None:
    if total:
        filled = int(30 * done / total)
        bar = "#" * filled + "-" * (30 - filled)
        sys.stderr.write(f"\r  {label:<22} [{bar}] {done / 1e6:6.2f} / {total / 1e6:.2f} MB")
    else:
        sys.stderr.write(f"\r  {label:<22} {done / 1e6:6.2f} MB")
    sys.stderr.flush()


def download(url: str, destination: Path, label: str, timeout: float = 60.0) -> None:
    partial = destination.with_name(destination.name + ".part")
    request = urllib.request.Request(url, headers={"User-Agent": "training-impacts (https://epoch.ai data user)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response, partial.open("wb") as out:
            total = int(response.headers.get("Content-Length") or 0) or None
            done = 0
            while block := response.read(1 << 16):
                out.write(block)
                done += len(block)
                _progress(label, done, total)
        sys.stderr.write("\n")
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise FetchError(
            f"cannot download {url}: {error}. Offline? Use `training-impacts fetch --from DIR` "
            f"(or `make data FROM=DIR`) with a local copy of {destination.name}"
        ) from error
    partial.replace(destination)


def find_local(from_dir: Path, dataset: Dataset) -> Path | None:
    for name in dataset.local_names:
        matches = sorted(from_dir.rglob(name))
        if matches:
            return matches[0]
    return None


def fetch_all(from_dir: str | Path | None = None, target_dir: Path | None = None) -> dict:
    """Fetch every dataset; returns the manifest (also written to data/raw/manifest.json)."""
    target_dir = Path(target_dir) if target_dir else raw_dir()
    source_dir = Path(from_dir).expanduser().resolve() if from_dir else None
    if source_dir and not source_dir.is_dir():
        raise FetchError(f"--from {from_dir}: no such folder")
    entries = []
    for dataset in DATASETS:
        destination = target_dir / dataset.relative_path
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source_dir:
            local = find_local(source_dir, dataset)
            if local is None:
                if dataset.required:
                    raise FetchError(f"--from {source_dir}: no {' or '.join(dataset.local_names)} found (searched recursively)")
                print(f"  {dataset.name:<22} skipped: no {' or '.join(dataset.local_names)} under {source_dir}")
                continue
            shutil.copyfile(local, destination)
            origin, url = str(local), None
        else:
            download(dataset.url, destination, dataset.name)
            origin, url = "download", dataset.url
        entries.append(
            {
                "name": dataset.name,
                "url": url or dataset.url,
                "origin": origin,
                "path": str(destination),
                "retrieved_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "sha256": sha256(destination),
                "bytes": destination.stat().st_size,
                "records": count_csv_records(destination),
                "credit": dataset.credit,
            }
        )
    manifest_path = target_dir / "manifest.json"
    manifest = {"files": entries, "manifest_path": str(manifest_path)}
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest
