"""`training-impacts bench` (`make bench`): how fast and how lean the warehouse is at scale.

For synthetic job files of 10 thousand, 100 thousand and 1 million runs (10 million with
--with-10m), in the custom-runs format (CUSTOM_RUNS_CSV), it runs `dbt run` of every model except
the Monte Carlo ones into a temporary DuckDB file and measures wall time and peak memory (the
dbt process's maximum resident set). dbt's fixed start-up, a run with no custom jobs, is measured
apart, and the cost per run is the time beyond it; start-up and each file are built in rounds,
one build of each per round, and each round's build set against that round's start-up. The same
formulas then run one job at a time in Python on the same file: as a per-call calculator such as MLCA computes them (boaviztapi's
component objects built and evaluated for every job: the baseline of the issue's target), and
as a lean hand-inlined loop. Both are compared with the warehouse run by run, and the speeds set
side by side. Finally the Monte Carlo models run alone (var monte_carlo_draws draws) over Epoch's
full 2025-11 snapshot when it is available. Issue 15's measures (bench_costs.py) follow: each
build's CPU time (user + system of dbt's process tree) per run beyond start-up against the limit,
one plain DuckDB statement over the same files (bench_limit.py), checked to agree run by run; the
CPU cost of `make build` on the snapshot against dbt's own start-up; and `dbt build` with its data
tests against `dbt run` on 1 M runs. The report, with each target marked met or not, goes to
reports/bench.md with the machine's description.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd
import yaml

from training_impacts import boavizta
from training_impacts.build import dbt_executable
from training_impacts.warehouse import project_root, read_only

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
# (`training-impacts bench --per-call-runs 0` times them all).
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
    return _timed_command([dbt_executable(), *args], env, label, runs)


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


# ---- the per-run Python loops -------------------------------------------------------------------
#
# Two independent implementations of the same formulas, one job at a time. Both read the same
# seeds and dbt vars as the warehouse, so the comparison checks the SQL, not the parameters.
#
# - BoaviztaPerCallCalculator is the baseline of the target: it works the way per-call
#   calculators work. MLCA (a fork of BoaviztAPI) answers each request by building the server's
#   component objects and evaluating each one's embedded impact through BoaviztAPI's impact
#   functions; this does the same with boaviztapi 2.5's own classes (ComponentCPU, ComponentRAM,
#   ComponentPowerSupply, ComponentMotherboard, ComponentCase, ComponentAssembly), and looks the
#   grid factors up through boaviztapi's factor provider, on every job.
# - LeanLoopCalculator is the fastest plain loop we could write: the factors are read once into
#   dictionaries and the formulas are inlined. No calculator of the field works this way; it is
#   reported beside the baseline so the reader sees both.

class PerRunCalculator:
    """What both loops share: the job's card, GPU-hours, PUE, energy and the allocation to the
    run. Subclasses say how a card's and a server's embodied impacts and a grid factor are got."""

    CRITERIA = (("gwp", "kgco2e"), ("adpe", "kgsbeq"), ("pe", "mj"))

    def __init__(self):
        root = project_root()
        self.vars = yaml.safe_load((root / "dbt_project.yml").read_text())["vars"]
        self.cards = pd.read_csv(root / "seeds" / "hardware" / "gpu_cards.csv").set_index("gpu_card_id").to_dict("index")
        self.aliases = {name.lower(): card for name, card in
                        pd.read_csv(root / "seeds" / "hardware" / "gpu_hardware_aliases.csv")[["hardware_name", "gpu_card_id"]].values}
        self.server = pd.read_csv(root / "seeds" / "reference" / "server_configuration.csv").set_index("parameter")["value"].to_dict()
        self.base = pd.read_csv(root / "seeds" / "reference" / "gpu_embodied_base.csv").set_index("criterion")["gpu_base_impact"].to_dict()

    def pue(self, year: int) -> float:
        v = self.vars
        if year <= v["pue_early_year"]:
            return v["pue_early"]
        if year >= v["pue_late_year"]:
            return v["pue_late"]
        return v["pue_early"] + (v["pue_late"] - v["pue_early"]) * (year - v["pue_early_year"]) / (v["pue_late_year"] - v["pue_early_year"])

    def hardware_embodied_per_gpu(self, card: dict) -> dict[str, float]:
        """Per criterion: the card's production impact plus its share of the server's (server
        without GPUs / gpus_per_server), before allocation to the run."""
        raise NotImplementedError

    def grid_factor(self, country_iso3: str, criterion: str) -> float:
        raise NotImplementedError

    def run(self, job: dict) -> dict:
        card_id = job["gpu"] if job["gpu"] in self.cards else self.aliases[job["gpu"].lower()]
        card = self.cards[card_id]
        gpu_hours = float(job["gpu_hours"]) if job["gpu_hours"] else float(job["gpu_count"]) * float(job["hours"])
        year = int(job["start_date"][:4])
        if job["measured_energy_kwh"]:
            energy = float(job["measured_energy_kwh"])
        else:
            energy = gpu_hours * card["tdp_w"] / 1000 * self.pue(year)
        allocation = gpu_hours / (self.vars["hardware_lifetime_years"] * 8760 * self.vars["hardware_utilization"])
        hardware = self.hardware_embodied_per_gpu(card)
        result = {"job_id": job["job_id"], "energy_kwh": energy}
        for criterion, unit in self.CRITERIA:
            if criterion == "gwp" and job["grid_gwp_kgco2e_per_kwh"]:
                factor = float(job["grid_gwp_kgco2e_per_kwh"])
            else:
                factor = self.grid_factor(job["country"], criterion)
            result[f"{criterion}_use_{unit}"] = energy * factor
            result[f"{criterion}_embodied_{unit}"] = allocation * hardware[criterion]
        return result


class LeanLoopCalculator(PerRunCalculator):
    """Factors read once into dictionaries; the formulas inlined."""

    def __init__(self):
        super().__init__()
        factors = boavizta.component_factors()
        self.factor = {(r.component, r.criterion, r.factor_name): r.factor_value for r in factors.itertuples()}
        self.grid = boavizta.electricity_factors().set_index("country_iso3").to_dict("index")

    def card_embodied(self, card: dict, criterion: str) -> float:
        f = self.factor
        return (card["die_area_mm2"] / 100 * f[("cpu", criterion, "die_impact_per_cm2")] + self.base[criterion]
                + card["memory_gb"] / self.vars["memory_density_gb_per_cm2"] * f[("ram", criterion, "die_impact_per_cm2")]
                + f[("ram", criterion, "impact")])

    def hardware_embodied_per_gpu(self, card: dict) -> dict[str, float]:
        return {criterion: self.card_embodied(card, criterion) + self.server_embodied(criterion) / self.vars["gpus_per_server"]
                for criterion, _ in self.CRITERIA}

    def server_embodied(self, criterion: str) -> float:
        f, s = self.factor, self.server
        modules = s["ram_total_gb"] / s["ram_module_gb"]
        return (s["cpu_count"] * (s["cpu_die_area_cm2"] * f[("cpu", criterion, "die_impact_per_cm2")] + f[("cpu", criterion, "impact")])
                + modules * (s["ram_module_gb"] / s["ram_density_gb_per_cm2"] * f[("ram", criterion, "die_impact_per_cm2")] + f[("ram", criterion, "impact")])
                + s["power_supply_count"] * s["power_supply_mass_kg"] * f[("power_supply", criterion, "impact_per_kg")]
                + s["motherboard_count"] * f[("motherboard", criterion, "impact")]
                + s["rack_case_count"] * f[("rack_case", criterion, "impact")]
                + s["assembly_count"] * f[("assembly", criterion, "impact")])

    def grid_factor(self, country_iso3: str, criterion: str) -> float:
        column = f"{criterion}_{boavizta.ELECTRICITY_UNITS[criterion]}"
        value = self.grid[country_iso3][column]
        return value if value == value else self.grid["WOR"][column]  # NaN: World's, as the warehouse


class BoaviztaPerCallCalculator(PerRunCalculator):
    """Each job is a request: the server and the card's memory are built as boaviztapi component
    objects and evaluated by boaviztapi's impact functions, as MLCA does per call. The card's die
    is BoaviztAPI's die factor times its area plus MLCA's GPU base impact (seeds/reference/
    gpu_embodied_base.csv), as MLCA's GPU component computes it."""

    def __init__(self):
        super().__init__()
        from boaviztapi.compute import impacts_computation
        from boaviztapi.data import factor_provider
        from boaviztapi.models.component import assembly, case, cpu, motherboard, power_supply, ram
        self._impacts, self._factors = impacts_computation, factor_provider
        self._classes = {"cpu": cpu.ComponentCPU, "ram": ram.ComponentRAM, "power_supply": power_supply.ComponentPowerSupply,
                         "motherboard": motherboard.ComponentMotherboard, "case": case.ComponentCase,
                         "assembly": assembly.ComponentAssembly}

    def _component(self, kind: str, units: float, **attributes):
        component = self._classes[kind]()
        component.units.value = units
        for name, value in attributes.items():
            getattr(component, name).value = value
        # the whole production impact: the method allocates it to the run itself
        component.usage.hours_life_time.value = 1.0
        return component

    def _embedded(self, component, criterion: str) -> float:
        function = self._impacts.get_impact_function(component, "embedded")
        return function(boavizta.COMPONENT_KEYS[criterion], 1.0, component)[0]

    def hardware_embodied_per_gpu(self, card: dict) -> dict[str, float]:
        # one request: the card's memory and the server are built once, then evaluated for each
        # criterion (as MLCA evaluates one server object for GWP, ADPe and PE)
        s = self.server
        memory = self._component("ram", 1, capacity=card["memory_gb"], density=self.vars["memory_density_gb_per_cm2"])
        server = [
            self._component("cpu", s["cpu_count"], die_size=s["cpu_die_area_cm2"] * 100),  # boaviztapi: mm2
            self._component("ram", s["ram_total_gb"] / s["ram_module_gb"], capacity=s["ram_module_gb"],
                            density=s["ram_density_gb_per_cm2"]),
            self._component("power_supply", s["power_supply_count"], unit_weight=s["power_supply_mass_kg"]),
            self._component("motherboard", s["motherboard_count"]),
            self._component("case", s["rack_case_count"], case_type="rack"),
            self._component("assembly", s["assembly_count"]),
        ]
        embodied = {}
        for criterion, _ in self.CRITERIA:
            die_factor_per_mm2 = self._factors.get_impact_factor("cpu", boavizta.COMPONENT_KEYS[criterion])["die_impact"]
            card_impact = card["die_area_mm2"] * die_factor_per_mm2 + self.base[criterion] + self._embedded(memory, criterion)
            server_impact = sum(self._embedded(component, criterion) for component in server)
            embodied[criterion] = card_impact + server_impact / self.vars["gpus_per_server"]
        return embodied

    def grid_factor(self, country_iso3: str, criterion: str) -> float:
        key = boavizta.ELECTRICITY_KEYS[criterion]
        try:
            return float(self._factors.get_electrical_impact_factor(country_iso3, key)["value"])
        except NotImplementedError:  # no factor for this criterion: World's, as the warehouse
            return float(self._factors.get_electrical_impact_factor("WOR", key)["value"])


LOOP_CHUNK_RUNS = 500_000  # the loops hand their results over in chunks: 10 M result dicts would not fit


def per_run_loop_chunks(jobs_csv: Path, calculator: PerRunCalculator, limit: int | None = None,
                        chunk_runs: int = LOOP_CHUNK_RUNS) -> Iterator[tuple[pd.DataFrame, float]]:
    """`calculator`'s results for the first `limit` jobs of the file (all when None), a chunk
    at a time, each with the seconds the loop spent computing it (reading the file included)."""
    with jobs_csv.open(newline="", encoding="utf-8") as handle:
        jobs = itertools.islice(csv.DictReader(handle), limit)
        while True:
            start = time.perf_counter()
            results = [calculator.run(job) for job in itertools.islice(jobs, chunk_runs)]
            seconds = time.perf_counter() - start
            if not results:
                return
            yield pd.DataFrame(results), seconds


def per_run_loop(jobs_csv: Path, calculator: PerRunCalculator | None = None,
                 limit: int | None = None) -> tuple[pd.DataFrame, float]:
    """Results of `calculator` (default the BoaviztAPI per-call one) for the first `limit` jobs
    of the file (all when None), and the seconds the loop took."""
    chunks = list(per_run_loop_chunks(jobs_csv, calculator or BoaviztaPerCallCalculator(), limit))
    frames = [frame for frame, _ in chunks] or [pd.DataFrame(columns=["job_id", *COMPARED])]
    return pd.concat(frames, ignore_index=True), sum(seconds for _, seconds in chunks)


def loop_against_warehouse(warehouse: Path, jobs_csv: Path, calculator: PerRunCalculator, limit: int | None = None,
                           chunk_runs: int = LOOP_CHUNK_RUNS) -> tuple[float, int, float, int]:
    """Runs `calculator` over the file chunk by chunk and compares each chunk with the warehouse.
    Returns the loop's seconds, the runs it computed, the largest relative difference and the
    runs compared."""
    seconds, runs, worst, compared = 0.0, 0, 0.0, 0
    for frame, chunk_seconds in per_run_loop_chunks(jobs_csv, calculator, limit, chunk_runs):
        chunk_worst, chunk_compared = max_relative_difference(warehouse, frame)
        seconds, runs = seconds + chunk_seconds, runs + len(frame)
        worst, compared = max(worst, chunk_worst), compared + chunk_compared
    return seconds, runs, worst, compared


COMPARED = ["energy_kwh", "gwp_use_kgco2e", "gwp_embodied_kgco2e", "adpe_use_kgsbeq", "adpe_embodied_kgsbeq",
            "pe_use_mj", "pe_embodied_mj"]


def max_relative_difference(warehouse: Path, loop: pd.DataFrame) -> tuple[float, int]:
    """The largest relative difference between the warehouse and a loop over the runs the loop
    computed, and how many runs were compared."""
    with read_only(warehouse) as db:
        db.register("loop_jobs", loop[["job_id"]])
        sql = (f"select model_name as job_id, {', '.join(COMPARED)} from fct_training_run_impacts "
               "where run_source = 'custom' and model_name in (select job_id from loop_jobs)")
        ours = db.execute(sql).df()
    merged = ours.merge(loop, on="job_id", suffixes=("_sql", "_loop"))
    worst = 0.0
    for column in COMPARED:
        a, b = merged[f"{column}_sql"].to_numpy(), merged[f"{column}_loop"].to_numpy()
        worst = max(worst, float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-30))) if len(a) else 0.0)
    return worst, len(merged)


def machine_description() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    memory_kib = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                       if line.startswith("MemTotal")), 0) if Path("/proc/meminfo").exists() else 0
    import duckdb
    from importlib.metadata import version
    return (f"{os.cpu_count()} cores ({cpu}), {memory_kib / 1024 / 1024:.1f} GiB RAM, {platform.system()} "
            f"{platform.release()}; Python {platform.python_version()}, dbt-core {version('dbt-core')}, "
            f"dbt-duckdb {version('dbt-duckdb')}, duckdb {duckdb.__version__}")


@dataclass
class SizeResult:
    runs: int
    warehouse: Timing
    beyond_startup: float  # the median over the rounds of this build's wall time minus start-up's
    per_call_runs: int
    per_call_seconds: float
    per_call_difference: float
    lean_runs: int
    lean_seconds: float
    lean_difference: float
    beyond_startup_spread: tuple[float, float] | None = None  # lowest and highest over the rounds

    @property
    def measurable(self) -> bool:
        # below NOISE_SECONDS the time beyond start-up is start-up noise, not a cost per run
        return self.beyond_startup >= NOISE_SECONDS

    @property
    def warehouse_us_per_run(self) -> float:
        return self.beyond_startup / self.runs * 1e6

    @property
    def per_call_us_per_run(self) -> float:
        return self.per_call_seconds / self.per_call_runs * 1e6

    @property
    def lean_us_per_run(self) -> float:
        return self.lean_seconds / self.lean_runs * 1e6


TARGETS = {"one_million_seconds": 30.0, "per_call_ratio": 50.0, "monte_carlo_seconds": 60.0, "peak_mib": 4096.0,
           "per_run_cost_growth": 1.5}


def _verdicts(rows: list[SizeResult], startup: Timing, monte_carlo: Timing | None) -> list[str]:
    """The issue's targets against what was measured, each computed here and marked met or not."""
    def mark(ok: bool) -> str:
        return "met" if ok else "**not met**"

    lines = []
    million = next((row for row in rows if row.runs == 1_000_000), None)
    if million:
        lines.append(f"- 1 M runs through every mart except the Monte Carlo under {TARGETS['one_million_seconds']:.0f} s: "
                     f"{million.warehouse.seconds:.1f} s, {mark(million.warehouse.seconds < TARGETS['one_million_seconds'])}.")
    # the targets speak of 100 thousand runs and more; below, the time beyond start-up is within
    # a second or two of start-up noise
    judged = [row for row in rows if row.measurable and row.runs >= JUDGED_FROM_RUNS]
    for small, large in zip(judged, judged[1:]):
        growth = large.warehouse_us_per_run / small.warehouse_us_per_run
        text = (f"- Cost growing linearly from {small.runs:,} to {large.runs:,} runs (met when the cost per run "
                f"beyond start-up grows by at most x{TARGETS['per_run_cost_growth']}): {small.warehouse_us_per_run:.1f} "
                f"-> {large.warehouse_us_per_run:.1f} us per run (x{growth:.2f}), ")
        if large.runs <= TARGETS_UP_TO_RUNS:
            lines.append(text + f"{mark(growth <= TARGETS['per_run_cost_growth'])}.")
        else:  # 10 M runs, when asked: reported, but the target stops at 1 M
            lines.append(text + f"for information (the target covers up to {TARGETS_UP_TO_RUNS:,} runs; above "
                         "DuckDB's memory cap the build spills to disk).")
    for row in judged:
        ratio = row.per_call_us_per_run / row.warehouse_us_per_run
        verdict = (mark(ratio >= TARGETS['per_call_ratio']) if row.runs <= TARGETS_UP_TO_RUNS
                   else f"for information (the targets cover up to {TARGETS_UP_TO_RUNS:,} runs)")
        lines.append(f"- {row.runs:,} runs: warehouse cost per run at least {TARGETS['per_call_ratio']:.0f}x below the "
                     f"per-call loop's: {row.per_call_us_per_run:,.0f} / {row.warehouse_us_per_run:.1f} us = {ratio:.0f}x, "
                     f"{verdict}. (Against the lean loop: {row.lean_us_per_run / row.warehouse_us_per_run:.1f}x.)")
    if monte_carlo:
        lines.append(f"- Monte Carlo, 1,000 draws over the 2025-11 snapshot, under {TARGETS['monte_carlo_seconds']:.0f} s: "
                     f"{monte_carlo.seconds:.1f} s, {mark(monte_carlo.seconds < TARGETS['monte_carlo_seconds'])}.")
    peak = max([startup.peak_rss_mib] + [row.warehouse.peak_rss_mib for row in rows]
               + ([monte_carlo.peak_rss_mib] if monte_carlo else []))
    lines.append(f"- Peak memory under 4 GiB throughout: {peak:,.0f} MiB at most, {mark(peak < TARGETS['peak_mib'])}.")
    return lines


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


def _beyond_startup(size_timings: list[Timing],
                    startup_timings: list[Timing]) -> tuple[float, tuple[float, float] | None]:
    """The median over the rounds of a build's wall time minus the same round's start-up, and
    the lowest and highest of those differences (None for a single build)."""
    differences = sorted(size.seconds - startup.seconds for size, startup in zip(size_timings, startup_timings))
    spread = (differences[0], differences[-1]) if len(differences) > 1 else None
    return differences[len(differences) // 2], spread


def run_bench(sizes: list[int], out_path: Path, snapshot_csv: Path | None,
              per_call_limit: int | None = DEFAULT_PER_CALL_RUNS) -> str:
    """Run the benchmark, write its report to out_path and return the report's text.
    per_call_limit: the per-call loop times at most this many runs of each file (None: all)."""
    work = Path(tempfile.mkdtemp(prefix="training_impacts_bench_"))
    try:
        # seeds once into a base file; each build starts from a copy of it
        base = work / "base.duckdb"
        _timed_dbt(_dbt_args("seed", work, []), _dbt_env(base, None), "seed", 0)
        exclude = ["--exclude", *MONTE_CARLO_MODELS]

        jobs_by_size = {size: write_synthetic_jobs(work / f"jobs_{size}.csv", size) for size in sizes}
        repeated = {0: None, **{size: jobs for size, jobs in jobs_by_size.items() if size <= REPEATED_UP_TO_RUNS}}
        once = {size: jobs for size, jobs in jobs_by_size.items() if size > REPEATED_UP_TO_RUNS}
        timings = _timed_rounds(base, repeated, exclude, ROUNDS, once)
        startups = timings.pop(0)
        startup = _median(startups)
        print(f"  start-up: {startup.seconds:.1f} s (median of {', '.join(f'{t.seconds:.1f}' for t in startups)}), "
              f"peak {startup.peak_rss_mib:.0f} MiB", flush=True)

        from training_impacts import bench_costs  # it imports this module's timers

        rows, limits, tests_ratio, ten_million = [], [], None, None
        for size in sizes:
            jobs, warehouse = jobs_by_size[size], work / f"bench_{size}.duckdb"
            # beyond start-up: paired with the same round's start-up (a size built once is set
            # against start-up's median)
            timing = _size_timing(size, timings[size])
            beyond, spread = _beyond_startup(timings[size], startups if size in repeated else [startup])
            per_call_seconds, per_call_computed, per_call_difference, per_call_runs = loop_against_warehouse(
                warehouse, jobs, BoaviztaPerCallCalculator(), per_call_limit)
            lean_seconds, lean_computed, lean_difference, lean_runs = loop_against_warehouse(
                warehouse, jobs, LeanLoopCalculator())
            if per_call_runs != per_call_computed or lean_runs != size:
                raise RuntimeError(f"{size:,} runs: the warehouse estimated {lean_runs:,} of the synthetic jobs; "
                                   "every one should be estimated")
            row = SizeResult(size, timing, max(beyond, 1e-9), per_call_runs, per_call_seconds, per_call_difference,
                             lean_runs, lean_seconds, lean_difference, spread)
            rows.append(row)
            if size == 1_000_000:
                tests_ratio = bench_costs.tests_on_a_million(base, jobs, exclude)
            if size == 10_000_000:
                ten_million = timing
            print(f"  {size:>10,} runs: warehouse {timing.seconds:.1f} s, {row.beyond_startup:.1f} s beyond start-up"
                  f"{_spread_text(row)}, peak {timing.peak_rss_mib:.0f} MiB; per-call loop "
                  f"{row.per_call_us_per_run:,.0f} us/run over {per_call_runs:,} runs; lean loop "
                  f"{row.lean_us_per_run:.1f} us/run", flush=True)
            limits.append(bench_costs.against_the_limit(
                size, jobs, warehouse, bench_costs.cpu_beyond_startup(timings[size], startups)))
            print(f"  {size:>10,} runs: warehouse {limits[-1].warehouse_cpu_us:.1f} CPU-us/run beyond start-up, limit "
                  f"{limits[-1].limit_cpu_us:.2f} CPU-us/run ({limits[-1].ratio:.1f}x)", flush=True)
            warehouse.unlink(missing_ok=True)
            jobs.unlink(missing_ok=True)

        monte_carlo, mc_runs, mc_draws = None, 0, 0
        if snapshot_csv and snapshot_csv.is_file():
            mc_db = work / "mc.duckdb"
            shutil.copyfile(base, mc_db)
            env = _dbt_env(mc_db, None, snapshot_csv)
            _timed_dbt(_dbt_args("run", work, exclude), env, "snapshot", 0)
            monte_carlo = _timed_dbt(_dbt_args("run", work, ["--select", *MONTE_CARLO_MODELS]), env, "Monte Carlo", 0)
            with read_only(mc_db) as db:
                mc_runs = db.execute("select count(*) from fct_training_run_impacts_uncertainty").fetchone()[0]
                mc_draws = db.execute("select max(draw_count) from fct_training_run_impacts_uncertainty").fetchone()[0]
            print(f"  Monte Carlo: {mc_draws} draws x {mc_runs} runs in {monte_carlo.seconds:.1f} s, "
                  f"peak {monte_carlo.peak_rss_mib:.0f} MiB", flush=True)

        fixed = None
        if snapshot_csv and snapshot_csv.is_file():
            fixed = bench_costs.fixed_cost(work, snapshot_csv, Path(sys.executable).with_name("training-impacts"))
            print(f"  make build on the snapshot: {bench_costs.FixedCost.median_cpu(fixed.make_build):.1f} CPU-s; dbt "
                  f"start-up {bench_costs.FixedCost.median_cpu(fixed.dbt_startup):.1f} CPU-s", flush=True)
        text = _report(rows, startups, monte_carlo, mc_runs, mc_draws, snapshot_csv, per_call_limit)
        text += "\n".join(["", "## Targets (issue 15: CPU time, against the limit)", "",
                           "The **limit** is one plain DuckDB statement (python/training_impacts/bench_limit.sql) that reads "
                           "the same jobs file and reference files and writes the core per-run outputs (energy; use and "
                           "embodied GWP, ADPe, PE) to a table: the work without dbt, staging, checks and the marts' other "
                           "columns. Its CPU time is the statement's alone; the warehouse's is the median over the rounds of "
                           "each build's CPU time (user + system of dbt's process tree) minus its round's start-up.", "",
                           *bench_costs.verdict_lines(limits, fixed, tests_ratio, ten_million)]) + "\n"
        out_path.parent.mkdir(parents=True, exist_ok=True)
        out_path.write_text(text, encoding="utf-8")
        return text
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _report(rows: list[SizeResult], startups: list[Timing], monte_carlo: Timing | None, mc_runs: int, mc_draws: int,
            snapshot_csv: Path | None, per_call_limit: int | None) -> str:
    startup = _median(startups)
    spread = (min(t.seconds for t in startups), max(t.seconds for t in startups))
    limit_text = "every run of each file" if per_call_limit is None else f"the first {per_call_limit:,} runs of each file"
    lines = [
        "# Benchmark", "", f"Machine: {machine_description()}.", "",
        f"`make bench` on {time.strftime('%Y-%m-%d %H:%M')}. The warehouse: `dbt run` of every model except the Monte "
        "Carlo ones, on synthetic custom-run files (CUSTOM_RUNS_CSV), into a temporary DuckDB file, 2 threads. Then "
        "the same formulas, one run at a time in Python, on the same file, in two ways:", "",
        "- **per-call loop** (the baseline of the target): each run is one request, as in MLCA, a fork of BoaviztAPI. "
        "The server's components and the card's memory are built as boaviztapi objects and evaluated by boaviztapi's "
        f"impact functions; the grid factors come from boaviztapi's factor provider. It is timed on {limit_text} "
        "(its cost per run does not depend on the file's size).",
        "- **lean loop**: the fastest plain loop we could write, with the factors read once into dictionaries and the "
        "formulas inlined; no calculator of the field works this way. Timed on every run.", "",
        "Both are checked run by run against the warehouse (largest relative difference over the runs they computed).", "",
        f"dbt's fixed start-up (no custom jobs; seeds, 30-odd models and the 125-record Epoch sample): "
        f"**{startup.seconds:.1f} s** (median of {len(startups)} rounds, {spread[0]:.1f} to {spread[1]:.1f} s), peak "
        f"{startup.peak_rss_mib:.0f} MiB. The cost per run is the time beyond it; the targets are judged from "
        f"{JUDGED_FROM_RUNS:,} runs up. Start-up and the files of up to {REPEATED_UP_TO_RUNS:,} runs are built in "
        f"{len(startups)} rounds, one build of each per round in turn (in reverse order every other round), all into "
        "the same file (an untimed build first "
        "pays dbt's full parse): the wall time is the median over the rounds, the time beyond start-up the median of "
        "each round's difference with that round's start-up (its lowest and highest in brackets), the peak memory the "
        "highest.", "",
        "| runs | warehouse wall time | beyond start-up | warehouse us/run | runs/s | peak memory | per-call loop us/run (runs timed) | per-call / warehouse | lean loop us/run | lean / warehouse | max relative difference (per-call; lean) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        measured = row.measurable
        mark = "" if row.runs >= JUDGED_FROM_RUNS else " †"  # a per-run cost too small to tell from start-up noise
        lines.append(
            f"| {row.runs:,} | {row.warehouse.seconds:.1f} s | {row.beyond_startup:.1f} s{_spread_text(row)} | "
            f"{f'{row.warehouse_us_per_run:.1f}{mark}' if measured else 'within start-up noise'} | "
            f"{f'{row.runs / row.beyond_startup:,.0f}{mark}' if measured else 'n/a'} | {row.warehouse.peak_rss_mib:,.0f} MiB | "
            f"{row.per_call_us_per_run:,.0f} ({row.per_call_runs:,}) | "
            f"{f'{row.per_call_us_per_run / row.warehouse_us_per_run:.0f}x{mark}' if measured else 'n/a'} | "
            f"{row.lean_us_per_run:.1f} | "
            f"{f'{row.lean_us_per_run / row.warehouse_us_per_run:.1f}x{mark}' if measured else 'n/a'} | "
            f"{row.per_call_difference:.1e}; {row.lean_difference:.1e} |")
    if any(row.runs < JUDGED_FROM_RUNS and row.measurable for row in rows):
        lines += ["", f"† Under {JUDGED_FROM_RUNS:,} runs the time beyond start-up is about the spread of start-up itself "
                  f"({spread[0]:.1f} to {spread[1]:.1f} s over {len(startups)} rounds): these per-run figures are shown, "
                  "not judged."]
    if monte_carlo:
        lines += ["", f"Monte Carlo alone ({mc_draws} draws over {mc_runs} runs of Epoch's full snapshot, "
                  f"`{snapshot_csv}`): **{monte_carlo.seconds:.1f} s**, peak {monte_carlo.peak_rss_mib:.0f} MiB."]
    else:
        lines += ["", "Monte Carlo over the full snapshot: not measured (no snapshot file found; pass --snapshot or run `make data`)."]
    lines += ["", "## Targets (issue 6)", "", *_verdicts(rows, startup, monte_carlo)]
    return "\n".join(lines) + "\n"


def _spread_text(row: SizeResult) -> str:
    spread = row.beyond_startup_spread
    return f" (rounds {spread[0]:.1f} to {spread[1]:.1f})" if spread else ""


def default_snapshot() -> Path | None:
    root = project_root()
    # the 2025-11 snapshot the targets name, where the reference data is beside the project;
    # else a full export fetched by `make data`
    for candidate in (root.parent / "shared" / "data" / "external" / "epoch_ai_models_2025-11" / "notable_ai_models.csv",
                      root / "data" / "raw" / "epoch" / "notable_ai_models.csv"):
        if candidate.is_file():
            return candidate
    return None
