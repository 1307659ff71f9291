"""`training-impacts build`: run `dbt build` (models, seeds and every test) atomically.

dbt builds into a temporary file beside the warehouse, `<warehouse dir>/.building/<same name>`
(the same file name, because DuckDB views record the catalog name, which is the file's stem).
Only when the whole build and all its tests pass does that file replace the warehouse, in one
rename; a failed build leaves the last good warehouse untouched and says why. Readers holding
the old file keep reading it until they reconnect.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from training_impacts.warehouse import MARTS, check_catalog_name, project_root, row_counts, warehouse_path


@dataclass
class BuildResult:
    ok: bool
    warehouse: Path
    returncode: int
    output: str
    row_counts: dict[str, int] = field(default_factory=dict)
    inputs: list[str] = field(default_factory=list)


class BuildFailed(RuntimeError):
    pass


def dbt_executable() -> str:
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


INPUT_MARKERS = ("Epoch models input: ", "Carbon intensity input: ", "Custom runs input: ")


def _input_lines(output: str) -> list[str]:
    """The lines where the staging models say which input file they read (see their log calls)."""
    found = []
    for line in output.splitlines():
        for marker in INPUT_MARKERS:
            if marker in line:
                found.append(marker + line.split(marker, 1)[1].strip())
    return list(dict.fromkeys(found))


def run_build(
    warehouse: Path | None = None,
    extra_args: list[str] | None = None,
    target_path: Path | None = None,
    echo: bool = True,
) -> BuildResult:
    """Build the warehouse with dbt; replace `warehouse` only if everything passed."""
    root = project_root()
    warehouse = Path(warehouse) if warehouse else warehouse_path()
    check_catalog_name(warehouse)
    building = warehouse.parent / ".building" / warehouse.name
    building.parent.mkdir(parents=True, exist_ok=True)
    for leftover in (building, building.with_name(building.name + ".wal")):
        leftover.unlink(missing_ok=True)

    env = dict(os.environ)
    env["TRAINING_IMPACTS_DB"] = str(building)
    env["DBT_PROJECT_DIR"] = str(root)
    for name in ("EPOCH_MODELS_CSV", "CARBON_INTENSITY_CSV", "CUSTOM_RUNS_CSV"):
        if env.get(name):  # a relative path means relative to where the user typed it
            env[name] = str(Path(env[name]).expanduser().resolve())
    command = [dbt_executable(), "build", "--project-dir", str(root), "--profiles-dir", str(root)]
    if target_path:
        command += ["--target-path", str(target_path), "--log-path", str(Path(target_path) / "logs")]
    command += list(extra_args or [])

    process = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    for line in process.stdout:
        lines.append(line)
        if echo:
            sys.stdout.write(line)
    returncode = process.wait()
    output = "".join(lines)
    inputs = _input_lines(output)

    if returncode != 0 or not building.is_file():
        shutil.rmtree(building.parent, ignore_errors=True)
        return BuildResult(False, warehouse, returncode, output, inputs=inputs)

    counts = row_counts(building)
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    os.replace(building, warehouse)  # atomic on one file system: readers see the old or the new file
    shutil.rmtree(building.parent, ignore_errors=True)
    return BuildResult(True, warehouse, returncode, output, counts, inputs)


def summary(result: BuildResult) -> str:
    if not result.ok:
        errors = [line.strip() for line in result.output.splitlines()
                  if any(word in line for word in ("Error", "error", "FAIL", "not found", "required column"))]
        detail = "\n  ".join(dict.fromkeys(errors)) or "(see dbt's output above)"
        return (
            f"BUILD FAILED (dbt exit code {result.returncode}). The warehouse was not changed: {result.warehouse}\n"
            f"  {detail}"
        )
    width = max(len(name) for name in MARTS)
    lines = ["", "Built the warehouse (dbt build: models, seeds and all tests passed):"]
    lines += [f"  {name:<{width}}  {count:>7,} rows" for name, count in result.row_counts.items()]
    lines += [f"  {line}" for line in result.inputs]
    lines.append(f"  file:  {result.warehouse}")
    lines.append(f"  query: duckdb -readonly {result.warehouse}")
    return "\n".join(lines)
