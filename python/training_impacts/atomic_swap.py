"""The files around a warehouse build: one build per warehouse at a time, a building folder of
its own, and a swap that leaves readers exactly the file the build tested.

A DuckDB database is more than its file. A read-write session that was killed leaves
`<file>.wal` beside it, and DuckDB replays a log with that name onto whatever file it opens
next under the name: after a plain rename of a new build over the old file, every reader would
see the new tables with the dead session's edits replayed on top. So the swap removes the old
file's log first (while no session holds the file read-write, so the log is stale), then
renames the new file in, then checks that what a reader opens is what the build counted.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import struct
from dataclasses import dataclass, field
from pathlib import Path

# DuckDB's database files start with an 8-byte checksum, then "DUCK".
DUCKDB_MAGIC = b"DUCK"
BUILDING_PREFIX = ".building-"


class BuildRefused(RuntimeError):
    """The build cannot start or cannot swap its file in; the message is one line for a person."""


def wal_of(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def is_duckdb_file(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(12)[8:12] == DUCKDB_MAGIC


def real_target(warehouse: Path) -> Path:
    """Where the warehouse really lives: a symlinked warehouse path keeps its link, and the
    build replaces the file the link points to."""
    return Path(os.path.realpath(warehouse))


def check_target(warehouse: Path) -> None:
    """Refuse to build over something that is not a warehouse (a CSV named by mistake)."""
    target = real_target(warehouse)
    if target.is_dir():
        raise BuildRefused(f"warehouse path {warehouse} is a folder: name a file such as {warehouse}/training_impacts.duckdb")
    if target.exists() and (not target.is_file() or (target.stat().st_size and not is_duckdb_file(target))):
        raise BuildRefused(
            f"warehouse path {warehouse} holds a file that is not a DuckDB database: refusing to replace it. "
            "Point TRAINING_IMPACTS_DB at a .duckdb file (or a new name)")


def writer_pid(path: Path) -> int | None:
    """The process holding `path` read-write (DuckDB takes a POSIX write lock on the file), or
    none. Asks with F_GETLK, which takes no lock itself."""
    if not path.is_file():
        return None
    fd = os.open(path, os.O_RDONLY)
    try:
        query = struct.pack("hhqqi", fcntl.F_RDLCK, os.SEEK_SET, 0, 0, 0)
        l_type, _, _, _, pid = struct.unpack("hhqqi", fcntl.fcntl(fd, fcntl.F_GETLK, query))
        return pid if l_type != fcntl.F_UNLCK else None
    finally:
        os.close(fd)


def refuse_if_open_read_write(warehouse: Path) -> None:
    pid = writer_pid(real_target(warehouse))
    if pid:
        raise BuildRefused(
            f"the warehouse {warehouse} is open read-write by another process (pid {pid}): close that session "
            "(or open the file read-only) and build again")


@dataclass
class BuildLock:
    """An exclusive lock on `.<file>.lock` beside the warehouse for the length of one build."""

    warehouse: Path
    _fd: int | None = field(default=None, repr=False)

    @property
    def path(self) -> Path:
        target = real_target(self.warehouse)
        return target.with_name(f".{target.name}.lock")

    def __enter__(self) -> BuildLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise BuildRefused(f"another build of this warehouse is running (pid {holder}): {self.warehouse}") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd
        return self

    def __exit__(self, *exc_info) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            os.close(self._fd)  # closing releases the flock
            self._fd = None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def building_folder(warehouse: Path) -> Path:
    """The building folder of this warehouse, beside the real warehouse file (one file system, so
    the swap is a rename). One fixed name per warehouse, not one per build: the build lock lets a
    single build of a warehouse run at a time, and a fixed path keeps dbt's profile the same from
    one build to the next (the attached file is part of it), so dbt parses the project partially
    instead of whole, about 5 CPU-seconds a build."""
    return real_target(warehouse).parent / f"{BUILDING_PREFIX}{warehouse.name}"


def remove_dead_building_folders(warehouse: Path) -> None:
    """What killed builds left (SIGKILL leaves their folder). Runs under the build lock, so no live
    build of this warehouse owns the folder; folders named by a pid (made before the folder's name
    was fixed) go when their process is gone."""
    shutil.rmtree(building_folder(warehouse), ignore_errors=True)
    for folder in real_target(warehouse).parent.glob(BUILDING_PREFIX + "*"):
        pid = folder.name[len(BUILDING_PREFIX):].split("-", 1)[0]
        if folder.is_dir() and pid.isdigit() and not _pid_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def new_building_file(warehouse: Path) -> Path:
    """The building folder, new and empty, holding a file of the warehouse's own name."""
    folder = building_folder(warehouse)
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
    except OSError as error:
        raise BuildRefused(f"cannot write in {folder.parent}: {error.strerror.lower()}") from error
    return folder / warehouse.name


def swap_in(building: Path, warehouse: Path) -> list[str]:
    """Replace the warehouse by the tested building file; returns notes for the build summary.
    Order matters: the stale log goes first, so that no reader can replay it onto the new file."""
    target = real_target(warehouse)
    refuse_if_open_read_write(warehouse)
    notes = []
    stale_wal = wal_of(target)
    if stale_wal.exists():
        stale_wal.unlink()
        notes.append(f"removed {stale_wal}: the write-ahead log of a read-write session that ended without a "
                     "checkpoint; its uncommitted edits to the old warehouse are discarded with that warehouse")
    try:
        os.replace(building, target)
    except OSError as error:
        raise BuildRefused(f"cannot replace {target}: {error.strerror.lower()}") from error
    return notes


def no_space_message(where: Path) -> str:
    return describe_os_error(OSError(errno.ENOSPC, "No space left on device"), where)


def describe_os_error(error: OSError, where: Path) -> str:
    """One line for the faults a build meets in its folder: a full disk, a read-only folder."""
    if error.errno == errno.ENOSPC:
        free = shutil.disk_usage(where).free / 1e6
        return f"no space left on the device of {where} ({free:,.0f} MB free): free some space and build again"
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"cannot write in {where}: {error.strerror.lower()}"
    return f"{where}: {error.strerror or error}"
