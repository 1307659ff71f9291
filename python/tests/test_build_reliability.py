"""A build that holds whatever happens around it: a killed read-write session's log, a second
build of the same warehouse, a session holding the file read-write, a signal, a full disk, a
read-only folder, a build that spills to disk, a symlinked or wrong warehouse path. Each ends in
one good warehouse, or in one clear line with the last good warehouse byte-identical and no
building folder left behind."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from benchmarks.timing import write_synthetic_jobs
from conftest import ROOT, build
from training_impacts.warehouse import row_counts

pytestmark = pytest.mark.build

THREE_RUNS = ROOT / "python" / "tests" / "data" / "bad_epoch_inputs" / "byte_order_mark.csv"
CLI = Path(sys.executable).with_name("training-impacts")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(folder: Path) -> list[Path]:
    return list(folder.glob(".building*"))


@pytest.fixture
def warehouse(sample_build, tmp_path) -> Path:
    """A copy of the sample warehouse to build over."""
    path = tmp_path / "training_impacts.duckdb"
    shutil.copyfile(sample_build.warehouse, path)
    return path


def _session(path: Path, statements: str) -> subprocess.Popen:
    """Another process with a read-write connection that ran `statements`, then waits (to be killed)."""
    code = textwrap.dedent(f"""
        import duckdb, sys, time
        con = duckdb.connect({str(path)!r})
        con.execute({statements!r})
        print("ready", flush=True)
        time.sleep(600)
    """)
    session = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert session.stdout.readline().strip() == "ready"
    return session


def test_a_killed_read_write_sessions_log_never_reaches_readers(warehouse):
    # a notebook edits the warehouse and is killed before any checkpoint: its log stays behind
    session = _session(warehouse, "delete from intermediate.int_training_runs__impact_figures where record_id in "
                                  "(select record_id from intermediate.int_training_runs__inputs where run_source = 'epoch')")
    session.kill()
    session.wait()
    wal = warehouse.with_name(warehouse.name + ".wal")
    assert wal.exists() and wal.stat().st_size > 0

    result = build(warehouse.parent, env={"EPOCH_MODELS_CSV": str(THREE_RUNS)})

    assert result.ok, result.output[-3000:] + result.message
    assert not wal.exists()
    assert any("write-ahead log" in note for note in result.notes)
    assert row_counts(warehouse) == result.row_counts          # readers see exactly what was tested
    assert result.row_counts["fct_training_run_impacts"] == 3


def test_a_session_holding_the_warehouse_read_write_stops_the_build_before_it_starts(warehouse):
    before = digest(warehouse)
    session = _session(warehouse, "select 1")
    try:
        result = build(warehouse.parent, env={"EPOCH_MODELS_CSV": str(THREE_RUNS)})
    finally:
        session.kill()
        session.wait()
    assert not result.ok
    assert f"is open read-write by another process (pid {session.pid})" in result.message
    assert result.output == ""                                     # dbt never started
    assert digest(warehouse) == before
    assert not leftovers(warehouse.parent)


def _start_cli_build(warehouse: Path, env_extra: dict | None = None) -> subprocess.Popen:
    env = dict(os.environ, TRAINING_IMPACTS_DB=str(warehouse), EPOCH_MODELS_CSV=str(THREE_RUNS), **(env_extra or {}))
    return subprocess.Popen([str(CLI), "build"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def _wait_for_dbt(warehouse: Path, timeout: float = 120) -> None:
    """Until the build's own building folder exists (it is made just before dbt starts)."""
    deadline = time.monotonic() + timeout
    while not leftovers(warehouse.parent):
        assert time.monotonic() < deadline, "the build never started"
        time.sleep(0.1)
    time.sleep(3)  # dbt is parsing or running


def test_two_builds_of_one_warehouse_end_with_one_good_warehouse_and_one_clear_message(warehouse):
    first = _start_cli_build(warehouse)
    _wait_for_dbt(warehouse)
    second = _start_cli_build(warehouse)
    second_output, _ = second.communicate(timeout=120)
    first_output, _ = first.communicate(timeout=600)

    assert first.returncode == 0, first_output[-3000:]
    assert second.returncode == 1
    assert f"another build of this warehouse is running (pid {first.pid})" in second_output
    assert row_counts(warehouse)["fct_training_run_impacts"] == 3
    assert not leftovers(warehouse.parent)


def _dbt_processes_for(warehouse: Path) -> list[int]:
    """dbt processes whose environment points at a building file of this warehouse."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            environ = (proc / "environ").read_bytes()
        except OSError:
            continue
        if f"TRAINING_IMPACTS_DB={warehouse.parent}/.building-".encode() in environ:
            found.append(int(proc.name))
    return found


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_dbt_and_leaves_the_warehouse_and_no_leftovers(warehouse, signum):
    before = digest(warehouse)
    process = _start_cli_build(warehouse)
    _wait_for_dbt(warehouse)
    process.send_signal(signum)
    output, _ = process.communicate(timeout=120)

    assert process.returncode == 128 + signum
    assert f"interrupted by {signal.Signals(signum).name}" in output
    assert digest(warehouse) == before
    assert not leftovers(warehouse.parent)
    assert not _dbt_processes_for(warehouse)


def test_a_killed_build_leaves_no_dbt_running_and_the_next_build_cleans_up(warehouse):
    before = digest(warehouse)
    process = _start_cli_build(warehouse)
    _wait_for_dbt(warehouse)
    process.kill()                                   # SIGKILL: no handler runs
    process.wait()
    deadline = time.monotonic() + 60
    while _dbt_processes_for(warehouse) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not _dbt_processes_for(warehouse)         # dbt got SIGTERM when its parent died
    assert digest(warehouse) == before
    result = build(warehouse.parent, env={"EPOCH_MODELS_CSV": str(THREE_RUNS)})
    assert result.ok
    assert not leftovers(warehouse.parent)           # the dead build's folder was removed


def _mount_tmpfs(folder: Path, size: str) -> None:
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small file system here (needs root): {mounted.stderr.strip()}")


def test_a_full_disk_ends_in_one_clear_line_and_no_leftovers(sample_build, tmp_path):
    small = tmp_path / "small"
    size = sample_build.warehouse.stat().st_size
    _mount_tmpfs(small, f"{int(size * 1.5) // 1024}k")        # room for the old file, not for a new one too
    try:
        warehouse = small / "training_impacts.duckdb"
        shutil.copyfile(sample_build.warehouse, warehouse)
        before = digest(warehouse)
        result = build(small, env={"EPOCH_MODELS_CSV": str(THREE_RUNS)})
        assert not result.ok
        assert "no space left on the device of" in result.message
        assert digest(warehouse) == before
        assert not leftovers(small)
    finally:
        subprocess.run(["umount", str(small)], check=False)


def test_a_read_only_folder_ends_in_one_clear_line(sample_build, tmp_path):
    folder = tmp_path / "readonly"
    _mount_tmpfs(folder, "64m")
    try:
        warehouse = folder / "training_impacts.duckdb"
        shutil.copyfile(sample_build.warehouse, warehouse)
        before = digest(warehouse)
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        result = build(folder, env={"EPOCH_MODELS_CSV": str(THREE_RUNS)})
        assert not result.ok
        assert result.message.startswith(f"cannot write in {folder}: read-only file system")
        assert digest(warehouse) == before
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_a_build_that_spills_to_disk_passes(tmp_path):
    """A small input under a tiny memory cap forces DuckDB to spill, as 10 M runs do under 3 GB."""
    jobs = write_synthetic_jobs(tmp_path / "jobs.csv", 30_000)
    spilled = []
    done = threading.Event()

    def watch():
        while not done.is_set():
            sizes = [sum(f.stat().st_size for f in d.rglob("*") if f.is_file()) for d in tmp_path.rglob("*.tmp")]
            spilled.append(max(sizes, default=0))
            time.sleep(0.2)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        # one dbt thread: the spill is then the test's, not a race between two models that each
        # hold part of the cap (with two threads the build either spills or runs out of memory
        # depending on which models the scheduler runs side by side)
        result = build(tmp_path, env={"CUSTOM_RUNS_CSV": str(jobs), "TRAINING_IMPACTS_MEMORY_LIMIT": "150MB"},
                       dbt_args=["--threads", "1", "--vars", "{monte_carlo_draws: 100}"])
    finally:
        done.set()
        watcher.join()
    assert result.ok, result.output[-3000:]
    assert max(spilled) > 0, "nothing spilled: lower the memory cap of this test"
    assert result.row_counts["fct_training_run_impacts"] > 20_000


def test_a_symlinked_warehouse_path_keeps_its_link(warehouse, tmp_path):
    link = tmp_path / "links" / "training_impacts.duckdb"
    link.parent.mkdir()
    link.symlink_to(warehouse)
    result = build(link.parent, env={"EPOCH_MODELS_CSV": str(THREE_RUNS)})
    assert result.ok, result.output[-3000:] + result.message
    assert link.is_symlink() and link.resolve() == warehouse
    assert row_counts(warehouse)["fct_training_run_impacts"] == 3
    assert not leftovers(warehouse.parent) and not leftovers(link.parent)


def test_a_warehouse_path_naming_a_csv_is_refused_and_the_csv_kept(tmp_path):
    csv_file = tmp_path / "training_impacts.duckdb"
    csv_file.write_text("job_id,start_date\nx,2024-01-01\n", encoding="utf-8")
    result = build(tmp_path)
    assert not result.ok
    assert "not a DuckDB database: refusing to replace it" in result.message
    assert csv_file.read_text(encoding="utf-8") == "job_id,start_date\nx,2024-01-01\n"


def _every_relation_answers(path: Path) -> int:
    """select count(*) on every table and view of the warehouse at `path`; the number of relations."""
    import duckdb

    with duckdb.connect(str(path), read_only=True) as db:
        relations = db.execute("select table_schema, table_name from information_schema.tables").fetchall()
        for schema, name in relations:
            db.execute(f'select count(*) from "{schema}"."{name}"').fetchone()
    return len(relations)


@pytest.mark.parametrize("name", ["impacts-2025.duckdb", "memory.duckdb", "select.duckdb"])
def test_a_warehouse_under_any_name_builds_and_its_copies_read_everywhere(tmp_path, name):
    """Views do not record the file's name: a warehouse built under a name that is no SQL
    identifier (or is DuckDB's own), then copied to another name and folder, answers on every
    mart and view, and so does the file attached under another alias, as a BI server does."""
    import duckdb

    result = build(tmp_path, name=name, env={"EPOCH_MODELS_CSV": str(THREE_RUNS)})
    assert result.ok, result.output[-3000:] + result.message
    copy = tmp_path / "shared with a colleague" / "renamed copy.duckdb"
    copy.parent.mkdir()
    shutil.copyfile(result.warehouse, copy)
    assert _every_relation_answers(result.warehouse) == _every_relation_answers(copy) > 50
    with duckdb.connect() as db:
        db.execute(f"attach '{copy}' as bi_server_alias (read_only)")
        assert db.execute("select count(*) from bi_server_alias.main.scn_location_shifting").fetchone()[0] > 0
