"""The per-run Python loops the warehouse is compared with, run by run: two independent
implementations of the method's formulas, one job at a time (they are also the tests' oracle for
the SQL: python/tests/test_bench.py, test_bench_limit.py)."""

from __future__ import annotations

import csv
import itertools
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import yaml

from training_impacts import boavizta
from training_impacts.warehouse import project_root, read_only

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
        aliases = pd.read_csv(root / "seeds" / "hardware" / "gpu_hardware_aliases.csv")
        self.aliases = {name.lower(): card for name, card in aliases[["hardware_name", "gpu_card_id"]].values}
        self.server = (pd.read_csv(root / "seeds" / "reference" / "server_configuration.csv")
                       .set_index("parameter")["value"].to_dict())
        self.base = (pd.read_csv(root / "seeds" / "reference" / "gpu_embodied_base.csv")
                     .set_index("criterion")["gpu_base_impact"].to_dict())

    def pue(self, year: int) -> float:
        v = self.vars
        if year <= v["pue_early_year"]:
            return v["pue_early"]
        if year >= v["pue_late_year"]:
            return v["pue_late"]
        return (v["pue_early"] + (v["pue_late"] - v["pue_early"]) * (year - v["pue_early_year"])
                / (v["pue_late_year"] - v["pue_early_year"]))

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
        return (s["cpu_count"] * (s["cpu_die_area_cm2"] * f[("cpu", criterion, "die_impact_per_cm2")]
                                  + f[("cpu", criterion, "impact")])
                + modules * (s["ram_module_gb"] / s["ram_density_gb_per_cm2"] * f[("ram", criterion, "die_impact_per_cm2")]
                             + f[("ram", criterion, "impact")])
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


def relative_difference_to_warehouse(db, runs: str) -> tuple[float, int]:
    """The largest relative difference between the relation `runs` (a job_id column and the
    COMPARED columns: a loop's outputs, or the limit's) and the custom runs of the warehouse `db`
    is connected to, relative to the warehouse's values; and how many runs were compared."""
    differences = ", ".join(f"max(abs(l.{c} - w.{c}) / greatest(abs(w.{c}), 1e-30))" for c in COMPARED)
    row = db.execute(
        f"select count(*), greatest({differences}) from {runs} as l "
        "inner join fct_training_run_impacts as w on w.model_name = l.job_id and w.run_source = 'custom'").fetchone()
    return float(row[1] or 0.0), int(row[0])


def max_relative_difference(warehouse: Path, loop: pd.DataFrame) -> tuple[float, int]:
    """The largest relative difference between the warehouse and a loop over the runs the loop
    computed, and how many runs were compared."""
    with read_only(warehouse) as db:
        db.register("loop_runs", loop[["job_id", *COMPARED]])
        return relative_difference_to_warehouse(db, "loop_runs")
