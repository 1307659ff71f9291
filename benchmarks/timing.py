"""The benchmark's builds and their timers: the synthetic job files, `dbt` run in a child
process whose wall time, CPU time (user + system of its process tree) and peak memory are
measured, and the interleaved rounds in which every size is built against the same start-up."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from training_impacts.build import dbt_command
from training_impacts.warehouse import project_root

MONTE_CARLO_MODELS = [
    "int_monte_carlo__parameter_draws", "int_monte_carlo__run_draws", "fct_training_run_impacts_uncertainty",
    "agg_impacts_by_year_uncertainty", "rpt_growth_factor_uncertainty",
]
# Synthetic jobs use data-centre cards and countries with a BoaviztAPI factor.
BENCH_CARDS = [
    "tesla_v100_sxm2_16_gb", "tesla_v100_sxm2_32_gb", "a100_sxm4_40_gb", "a100_sxm4_80_gb", "a100_pcie_80_gb",
    "h100_sxm5_80_gb", "h100_pcie_80_gb", "l40s", "a10", "tesla_t4", "h200_sxm_141_gb", "a800_sxm4_80_gb",
]
BENCH_COUNTRIES = ["USA", "CHN", "FRA", "GBR", "DEU", "CAN", "JPN", "KOR", "SWE", "IND"]


NOISE_SECONDS = 0.5  # dbt's start-up varies by about this much from one run to the next
# The per-call loop costs about half a millisecond a run: it times at most this many runs of each file
# (`python -m benchmarks --per-call-runs 0` times them all).
DEFAULT_PER_CALL_RUNS = 100_000
JUDGED_FROM_RUNS = 100_000  # the targets are judged on files of this many runs and more
# Issue 6's targets speak of 100 thousand to 1 million runs ("cost growing linearly from 100
# thousand to 1 million"); 10 million runs, built when asked, are reported for information.
TARGETS_UP_TO_RUNS = 1_000_000
# Start-up and every file of up to REPEATED_UP_TO_RUNS runs are built in ROUNDS rounds, one build
# of each in turn per round, and the medians used: at 100 k runs the cost beyond start-up (about a
# second) is the size of start-up's own spread (one build in five or so takes 1 to 3 s longer),
# and slow drifts of the machine then fall on every size alike. Nine rounds rather than five: over
# the benches of 2026-11-28, the median of five rounds at 100 k runs ranged from 0.7 to 1.5 s.
# Larger files (10 M) are built once, after the rounds.
ROUNDS = 9
REPEATED_UP_TO_RUNS = 1_000_000


@dataclass
class Timing:
    label: str
    runs: int
    seconds: float
    peak_rss_mib: float
    cpu_seconds: float = 0.0  # user + system of the process and its children


def write_synthetic_jobs(path: Path, count: int, seed: int = 7) -> Path:
    """A custom-runs CSV of `count` jobs: random cards, counts, hours, countries, start dates;
    one in ten gives GPU-hours directly, one in twenty a metered energy, one in twenty its own
    grid factor."""
    rng = np.random.default_rng(seed)
    cards = pd.read_csv(project_root() / "seeds" / "hardware" / "gpu_cards.csv")
    missing = [card for card in BENCH_CARDS if card not in set(cards["gpu_card_id"])]
    if missing:
        raise ValueError(f"bench cards not in seeds/hardware/gpu_cards.csv: {missing}")
    usable = BENCH_CARDS
    index = np.arange(count)
    gpu_count = rng.integers(1, 2049, count)
    hours = np.round(rng.uniform(1, 2000, count), 2)
    reported = index % 10 == 3
    metered = index % 20 == 7
    own_grid = index % 20 == 11
    frame = pd.DataFrame({
        "job_id": [f"job-{i:08d}" for i in index],
        "start_date": (pd.Timestamp("2016-01-01") + pd.to_timedelta(rng.integers(0, 3600, count), unit="D")).strftime("%Y-%m-%d"),
        "gpu": np.array(usable)[rng.integers(0, len(usable), count)],
        "gpu_count": np.where(reported, "", gpu_count.astype(str)),
        "hours": np.where(reported, "", hours.astype(str)),
        "gpu_hours": np.where(reported, np.round(gpu_count * hours, 2).astype(str), ""),
        "country": np.array(BENCH_COUNTRIES)[rng.integers(0, len(BENCH_COUNTRIES), count)],
        "grid_gwp_kgco2e_per_kwh": np.where(own_grid, np.round(rng.uniform(0.01, 0.8, count), 4).astype(str), ""),
        "measured_energy_kwh": np.where(metered, np.round(rng.uniform(10, 1e6, count), 1).astype(str), ""),
        "organization": "bench",
    })
    frame.to_csv(path, index=False)
    return path


def _timed_dbt(args: list[str], env: dict, label: str, runs: int) -> Timing:
    """Run dbt in a child process; its peak RSS and CPU time are read by a tiny parent that waits
    for it."""
    return _timed_command([*dbt_command(), *args], env, label, runs)


def _timed_command(command: list[str], env: dict, label: str, runs: int) -> Timing:
    probe = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT).returncode\n"
        "elapsed = time.perf_counter() - start\n"
        "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(code, elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime)\n"
    )
    output = subprocess.run([sys.executable, "-c", probe, *command], env=env, capture_output=True, text=True,
                            check=True).stdout.split()
    code, elapsed, rss_kib, cpu = int(output[0]), float(output[1]), int(output[2]), float(output[3])
    if code != 0:
        raise RuntimeError(f"{Path(command[0]).name} {command[1]} failed for {label} (exit {code}); rerun it by hand to see why")
    return Timing(label, runs, elapsed, rss_kib / 1024, cpu)


def _dbt_env(warehouse: Path, custom_csv: Path | None, epoch_csv: Path | None = None) -> dict:
    env = dict(os.environ)
    env["TRAINING_IMPACTS_DB"] = str(warehouse)
    env["DBT_PROJECT_DIR"] = str(project_root())
    env.pop("CUSTOM_RUNS_CSV", None)
    env.pop("EPOCH_MODELS_CSV", None)
    if custom_csv:
        env["CUSTOM_RUNS_CSV"] = str(custom_csv)
    if epoch_csv:
        env["EPOCH_MODELS_CSV"] = str(epoch_csv)
    return env


def _dbt_args(command: str, work: Path, extra: list[str]) -> list[str]:
    root = str(project_root())
    return [command, "--project-dir", root, "--profiles-dir", root, "--target-path", str(work / "target"),
            "--log-path", str(work / "logs"), *extra]


def _median(timings: list[Timing]) -> Timing:
    return sorted(timings, key=lambda timing: timing.seconds)[len(timings) // 2]


def _size_timing(size: int, rounds: list[Timing]) -> Timing:
    """One file's builds over the rounds as one figure: the median wall time, the median CPU time
    (user + system), the highest peak memory."""
    return Timing(f"{size:,} runs", size, _median(rounds).seconds, max(t.peak_rss_mib for t in rounds),
                  sorted(t.cpu_seconds for t in rounds)[len(rounds) // 2])


def _timed_build(base: Path, warehouse: Path, jobs: Path | None, exclude: list[str], label: str, runs: int) -> Timing:
    """`dbt run` into a fresh copy of the seeded base file at `warehouse`."""
    shutil.copyfile(base, warehouse)
    return _timed_dbt(_dbt_args("run", base.parent, exclude), _dbt_env(warehouse, jobs), label, runs)


def _timed_rounds(base: Path, jobs_by_size: dict[int, Path | None], exclude: list[str], rounds: int,
                  once: dict[int, Path]) -> dict[int, list[Timing]]:
    """Each size of `jobs_by_size` (0: start-up, no custom jobs) built once per round, in turn
    (in reverse order every other round), then each size of `once` (10 M) a single time; always
    into the same file, so dbt's partial parse stays valid from one build to the next. An untimed
    build first pays dbt's full parse and warms the caches. The last build of each size is kept
    as bench_<size>.duckdb, for the loops to compare with."""
    work = base.parent
    warehouse = work / "build.duckdb"
    _timed_build(base, warehouse, None, exclude, "warm-up", 0)
    timings: dict[int, list[Timing]] = {size: [] for size in [*jobs_by_size, *once]}
    # Builds got faster over the first rounds (start-up 11.2 s down to 9.2 s over seven): in a
    # fixed order each size would be built later in its round than start-up, and gain from it.
    # Reversing every other round cancels that.
    in_order, reversed_order = list(jobs_by_size.items()), list(jobs_by_size.items())[::-1]
    schedule = [(round_number == rounds - 1, reversed_order if round_number % 2 else in_order)
                for round_number in range(rounds)] + [(True, list(once.items()))]
    for is_last, builds in schedule:
        for size, jobs in builds:
            label = "start-up" if size == 0 else f"{size:,} runs"
            timings[size].append(_timed_build(base, warehouse, jobs, exclude, label, size))
            if is_last and size:
                warehouse.replace(work / f"bench_{size}.duckdb")
    return timings


def _beyond_startup(size_timings: list[Timing], startup_timings: list[Timing],
                    measure: Callable[[Timing], float] = lambda timing: timing.seconds,
                    ) -> tuple[float, tuple[float, float] | None]:
    """The median over the rounds of a build's `measure` (wall time unless told: costs.py gives
    CPU-seconds) minus the same round's start-up's, and the lowest and highest of those
    differences (None for a single build). A size built fewer times than start-up is set
    against start-up's median."""
    if len(size_timings) == len(startup_timings):
        differences = sorted(measure(size) - measure(startup) for size, startup in zip(size_timings, startup_timings))
    else:
        startup = statistics.median(measure(timing) for timing in startup_timings)
        differences = sorted(measure(size) - startup for size in size_timings)
    spread = (differences[0], differences[-1]) if len(differences) > 1 else None
    return differences[len(differences) // 2], spread
