"""`training-impacts build`: run `dbt build` (models, seeds and every test) atomically.

dbt builds into a file of the warehouse's own name in a building folder of this build's own,
beside the warehouse (atomic_swap.py). Only when the whole build and all its tests pass does
that file replace the warehouse, in one rename; a failed, refused or interrupted build leaves
the last good warehouse as it was, removes its building folder and says why in one line.
Readers holding the old file keep reading it until they reconnect.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from training_impacts.atomic_swap import (
    BuildLock,
    BuildRefused,
    check_target,
    describe_os_error,
    new_building_file,
    no_space_message,
    real_target,
    refuse_if_open_read_write,
    remove_dead_building_folders,
    swap_in,
)
from training_impacts.csv_diagnosis import explain_csv_failure
from training_impacts.raw_manifest import verify_raw_files
from training_impacts.warehouse import manifest_marts, project_root, row_counts, warehouse_path


@dataclass
class BuildResult:
    ok: bool
    warehouse: Path
    returncode: int
    output: str
    row_counts: dict[str, int] = field(default_factory=dict)
    inputs: list[str] = field(default_factory=list)
    # one line when the build failed for a reason other than dbt's own errors
    message: str = ""
    notes: list[str] = field(default_factory=list)


class BuildInterrupted(RuntimeError):
    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def duckdb_command() -> str:
    """The DuckDB command line installed beside this Python (package duckdb-cli), else `duckdb`."""
    candidate = Path(sys.executable).with_name("duckdb")
    return str(candidate) if candidate.exists() else "duckdb"


def dbt_command() -> list[str]:
    """How a build runs dbt: its command line in this Python, with the garbage collector set for it
    (training_impacts/dbt_process.py)."""
    return [sys.executable, "-m", "training_impacts.dbt_process"]


INPUT_MARKERS = ("Epoch models input: ", "Carbon intensity input: ", "Custom runs input: ", "Monte Carlo: ")
# below this much free space, a built file that cannot be read is taken as a full disk
NEARLY_FULL_BYTES = 64 * 1024 * 1024
DISK_FULL_MARKERS = ("No space left on device", "could not write all bytes", "Could not write file")


def _input_lines(output: str) -> list[str]:
    """The lines where the staging models say which input file they read (see their log calls)."""
    found = []
    for line in output.splitlines():
        for marker in INPUT_MARKERS:
            if marker in line:
                found.append(marker + line.split(marker, 1)[1].strip())
    return list(dict.fromkeys(found))


def _die_with_parent() -> None:
    """In the dbt child: get SIGTERM if the training-impacts process dies (even by SIGKILL), so no
    dbt is left running on its own. Linux only; elsewhere the signal handlers below still forward."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _run_dbt(command: list[str], root: Path, env: dict, echo: bool) -> tuple[int, str]:
    """dbt in its own process group; SIGINT, SIGTERM and SIGHUP sent to this process are passed
    on to dbt (which cancels its queries), and the build then ends as interrupted."""
    process = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, start_new_session=True, preexec_fn=_die_with_parent)
    received: list[int] = []

    def forward(signum, _frame):
        received.append(signum)
        if process.poll() is None:
            process.send_signal(signum)

    watched = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {signum: signal.signal(signum, forward) for signum in watched}
    lines = []
    try:
        for line in process.stdout:
            lines.append(line)
            if echo:
                sys.stdout.write(line)
        try:
            returncode = process.wait(timeout=60 if received else None)
        except subprocess.TimeoutExpired:
            process.kill()
            returncode = process.wait()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if process.poll() is None:
            process.kill()
            process.wait()
    if received:
        raise BuildInterrupted(received[0])
    return returncode, "".join(lines)


# dbt's unit tests check the SQL of the formulas on fixed inputs, not the data: they cannot pass
# or fail differently from one build to the next, so they run in `make test`
# (python/tests/test_dbt_unit_tests.py), not in every build, where they cost about 12 thread-seconds.
UNIT_TESTS_EXCLUDED = ["--exclude-resource-type", "unit_test"]


def _dbt_command(root: Path, target_path: Path | None, extra_args: list[str] | None) -> list[str]:
    command = [*dbt_command(), "build", "--project-dir", str(root), "--profiles-dir", str(root), *UNIT_TESTS_EXCLUDED]
    if target_path:
        command += ["--target-path", str(target_path), "--log-path", str(Path(target_path) / "logs")]
    return command + list(extra_args or [])


INPUT_VARIABLES = ("EPOCH_MODELS_CSV", "CARBON_INTENSITY_CSV", "CUSTOM_RUNS_CSV")


def _input_paths() -> dict[str, str]:
    """The input files named by env vars, absolute (a relative path means relative to where the
    user typed it). A FIFO or device is refused before dbt opens it: reading a FIFO that nobody
    writes to would hang the build."""
    paths = {}
    for name in INPUT_VARIABLES:
        if os.environ.get(name, "").strip():
            path = Path(os.environ[name].strip()).expanduser().resolve()
            if path.exists() and not path.is_file():
                kind = "a folder" if path.is_dir() else "not a regular file (a FIFO, socket or device)"
                raise BuildRefused(f"{name}={os.environ[name]}: {kind}; point it at a CSV file")
            paths[name] = str(path)
    return paths


def project_commit(root: Path) -> str:
    """The git commit the project is built from, "-dirty" when files differ from it; "" outside a
    git checkout. Recorded in meta_build_inputs so a number can be traced to the code that made it."""
    def git(*args) -> str:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              check=True, timeout=30).stdout.strip()
    try:
        commit = git("rev-parse", "HEAD")
        return commit + ("-dirty" if git("status", "--porcelain", "--untracked-files=no") else "")
    except (OSError, subprocess.SubprocessError):
        return ""


def _dbt_env(root: Path, building: Path, inputs: dict[str, str]) -> dict:
    return dict(os.environ, TRAINING_IMPACTS_DB=str(building), DBT_PROJECT_DIR=str(root),
                TRAINING_IMPACTS_COMMIT=project_commit(root), **inputs)


def _failure_line(returncode: int, output: str, building: Path) -> str:
    """One line for a dbt run that did not leave a tested file behind."""
    if any(marker in output for marker in DISK_FULL_MARKERS):
        return no_space_message(building.parent)
    if csv_fault := explain_csv_failure(output):
        return csv_fault
    if returncode == 0:
        return f"dbt exited 0 but wrote no readable warehouse file ({building.name}); see dbt's output above"
    return ""


def _counted(building: Path, marts: list[str]) -> dict[str, int]:
    """Row counts of every mart the build made (`marts`, from its manifest) in the built file; a
    file dbt could not finish writing (a full disk at the last checkpoint: tables missing or
    unreadable) fails here, and is reported as what it is."""
    try:
        return row_counts(building, marts)
    except (duckdb.Error, OSError) as error:
        # dbt-duckdb reports success even when the last checkpoint, at close, found no room
        if "No space left" in str(error) or shutil.disk_usage(building.parent).free < NEARLY_FULL_BYTES:
            raise BuildRefused(no_space_message(building.parent)) from error
        first_line = str(error).splitlines()[0]
        raise BuildRefused(f"the built file {building} cannot be read ({first_line})") from error


def run_build(
    warehouse: Path | None = None,
    extra_args: list[str] | None = None,
    target_path: Path | None = None,
    echo: bool = True,
) -> BuildResult:
    """Build the warehouse with dbt; replace `warehouse` only if everything passed."""
    root = project_root()
    warehouse = Path(warehouse) if warehouse else warehouse_path()
    try:
        check_target(warehouse)
        with BuildLock(warehouse):
            refuse_if_open_read_write(warehouse)
            remove_dead_building_folders(warehouse)
            return _build_locked(root, warehouse, extra_args, target_path, echo)
    except BuildRefused as error:
        return BuildResult(False, warehouse, 1, "", message=str(error))
    except OSError as error:  # the lock or the building folder cannot be written
        return BuildResult(False, warehouse, 1, "", message=describe_os_error(error, real_target(warehouse).parent))
    except BuildInterrupted as interrupted:
        return BuildResult(False, warehouse, 128 + interrupted.signum, "",
                           message=f"interrupted by {interrupted}: dbt was stopped")


def _build_locked(root: Path, warehouse: Path, extra_args, target_path, echo) -> BuildResult:
    inputs = _input_paths()
    notes = [f"input data differs from data/raw/manifest.json: {line}" for line in verify_raw_files()]
    for note in notes:
        print(f"warning: {note}", file=sys.stderr)
    building = new_building_file(warehouse)
    try:
        command = _dbt_command(root, target_path, extra_args)
        returncode, output = _run_dbt(command, root, _dbt_env(root, building, inputs), echo)
        read = _input_lines(output)
        if returncode != 0 or not building.is_file():
            message = _failure_line(returncode, output, building)
            return BuildResult(False, warehouse, returncode, output, inputs=read, message=message, notes=notes)
        marts = manifest_marts(Path(target_path or os.environ.get("DBT_TARGET_PATH") or root / "target") / "manifest.json")
        counts = _counted(building, marts)
        notes += swap_in(building, warehouse)
        if row_counts(warehouse, marts) != counts:  # what readers open must be what the build tested
            raise BuildRefused(f"the warehouse {warehouse} was replaced but reads differently from the file the "
                               "build tested: did another process open it read-write during the swap? Build again")
        return BuildResult(True, warehouse, returncode, output, counts, read, notes=notes)
    except OSError as error:
        raise BuildRefused(describe_os_error(error, building.parent)) from error
    finally:
        shutil.rmtree(building.parent, ignore_errors=True)


def summary(result: BuildResult) -> str:
    if not result.ok:
        errors = [line.strip() for line in result.output.splitlines()
                  if any(word in line for word in ("Error", "error", "FAIL", "not found", "required column"))]
        detail = "\n  ".join(dict.fromkeys([result.message] + errors if result.message else errors))
        return (
            f"BUILD FAILED (exit code {result.returncode}). The warehouse was not changed: {result.warehouse}\n"
            f"  {detail or '(see dbt output above)'}"
        )
    width = max((len(name) for name in result.row_counts), default=0)
    lines = ["", "Built the warehouse (dbt build: models, seeds and all data tests passed):"]
    lines += [f"  {name:<{width}}  {count:>7,} rows" for name, count in result.row_counts.items()]
    lines += [f"  {line}" for line in result.inputs]
    lines += [f"  note: {note}" for note in result.notes]
    lines.append(f"  file:  {result.warehouse}")
    lines.append(f"  query: {duckdb_command()} -readonly {result.warehouse}")
    return "\n".join(lines)
