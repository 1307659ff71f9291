"""data/raw/ and its manifest.json: reading CSV files, hashing them, and checking that the raw
files on disk are the ones `training-impacts fetch` recorded (`verify_raw_files`).

Kept apart from fetch.py so that the build can check data/raw/ without the download code.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from training_impacts.warehouse import project_root

MANIFEST_NAME = "manifest.json"
STAGING_PREFIX = ".staging-"  # fetch's temporary folder inside data/raw/ (removed when done)


class FetchError(RuntimeError):
    """A raw file, or the fetch of one, is not usable; the message names the file and why."""


@dataclass(frozen=True)
class CsvSummary:
    header: list[str]
    records: int


def default_raw_dir() -> Path:
    """TRAINING_IMPACTS_RAW_DIR, else data/raw/ under the project root (as macros/raw_data_dir.sql)."""
    from_env = os.environ.get("TRAINING_IMPACTS_RAW_DIR", "").strip()
    return Path(from_env).expanduser().resolve() if from_env else project_root() / "data" / "raw"


def read_csv_summary(path: Path, label: str | None = None) -> CsvSummary:
    """Header and number of records (after the header), with a CSV parser (Epoch's fields hold
    newlines); UTF-8 with or without a BOM. Anything else is a FetchError naming `label`."""
    label = label or str(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if not header or not any(column.strip() for column in header):
                raise FetchError(f"{label}: empty file (no header row)")
            return CsvSummary([column.strip() for column in header], sum(1 for _ in reader))
    except UnicodeDecodeError as error:
        raise FetchError(f"{label}: not UTF-8 text (byte {error.start}): is this a CSV export?") from error
    except csv.Error as error:
        raise FetchError(f"{label}: not a readable CSV file: {error}") from error


def count_csv_records(path: Path) -> int:
    """Records after the header, with a CSV parser; a file that is not UTF-8 CSV is an error."""
    return read_csv_summary(path).records


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(directory: Path) -> dict:
    """The manifest of `directory` ({"files": []} when there is none); a FetchError if unreadable."""
    path = directory / MANIFEST_NAME
    if not path.is_file():
        return {"files": []}
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(manifest.get("files"), list):
            raise ValueError("no list of files")
    except (ValueError, UnicodeDecodeError, AttributeError) as error:
        raise FetchError(f"{path}: not a readable manifest ({error})") from error
    return manifest


def write_json_atomically(path: Path, data: dict, temp_dir: Path) -> None:
    """Write to a temporary file in temp_dir (same file system) and rename it over `path`."""
    handle, temp_name = tempfile.mkstemp(dir=temp_dir, suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(json.dumps(data, indent=2) + "\n")
        out.flush()
        os.fsync(out.fileno())
    os.replace(temp_name, path)


def entry_file(entry: dict, directory: Path) -> Path:
    """The file a manifest entry describes: "raw_path" (relative to data/raw/), else "path"."""
    return directory / entry["raw_path"] if entry.get("raw_path") else Path(entry.get("path") or "")


def _number(value) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


def _entry_problem(entry: dict, directory: Path) -> str | None:
    path = entry_file(entry, directory)
    if not path.is_file():
        return f"{path}: listed in {MANIFEST_NAME} but missing; re-run `training-impacts fetch`"
    size, digest = path.stat().st_size, sha256(path)
    if digest == entry.get("sha256") and size == entry.get("bytes"):
        return None  # same bytes, hence the same records: no need to count them
    try:
        records = f"{read_csv_summary(path).records:,}"
    except FetchError as error:
        records = f"unreadable ({error})"
    return (f"{path}: differs from {MANIFEST_NAME}: {records} records (manifest: {_number(entry.get('records'))}), "
            f"{size:,} bytes (manifest: {_number(entry.get('bytes'))}), SHA-256 {digest[:12]}… "
            f"(manifest: {str(entry.get('sha256'))[:12]}…); edited or cut short? re-run `training-impacts fetch`")


def verify_raw_files(raw_dir: Path | None = None) -> list[str]:
    """Check the raw files against data/raw/manifest.json before a build reads them.

    Returns one human-readable line per problem, ready to print as a warning; an empty list when
    every file matches its entry, or when there is no data/raw/ at all (the build then reads the
    bundled sample). A problem is: a file the manifest lists that is missing; a file whose size or
    SHA-256 differs from its entry (the line gives the record counts on disk and in the manifest,
    e.g. for a file cut at a record boundary); a raw CSV with no entry; an unreadable manifest.
    Every listed file is hashed (about 10 MB each); records are counted only for a file that
    differs. Nothing is changed on disk. Typical use in the build command:

        for line in verify_raw_files():
            print(f"warning: {line}", file=sys.stderr)
    """
    directory = Path(raw_dir) if raw_dir else default_raw_dir()
    if not directory.is_dir():
        return []
    try:
        entries = read_manifest(directory)["files"]
    except FetchError as error:
        return [str(error)]
    problems = [problem for entry in entries if (problem := _entry_problem(entry, directory))]
    listed = {entry_file(entry, directory).resolve() for entry in entries}
    for path in sorted(directory.rglob("*.csv")):
        if STAGING_PREFIX in str(path.relative_to(directory)) or path.resolve() in listed:
            continue
        problems.append(f"{path}: a raw CSV without an entry in {directory / MANIFEST_NAME} "
                        "(copied by hand? use `training-impacts fetch --from DIR`)")
    return problems
