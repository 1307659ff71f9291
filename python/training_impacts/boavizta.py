"""Reference factors from the installed boaviztapi package (BoaviztAPI, AGPL-3.0, Boavizta).

BoaviztAPI ships its factors in `boaviztapi/data/factors.yml`. This module reads them from the
installed package into two tables, which `python -m training_impacts.boavizta` writes as the seeds
of seeds/boavizta/ (the warehouse's staging models select from them; python/tests/test_boavizta.py
fails when the seeds and the installed package differ): no factor is hand-copied into this project.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import metadata, util
from pathlib import Path

import pandas as pd
import yaml

# criterion in this project -> key in factors.yml (BoaviztAPI calls ADPe `adpe` for electricity
# and `adp` for components)
ELECTRICITY_KEYS = {"gwp": "gwp", "adpe": "adpe", "pe": "pe"}
COMPONENT_KEYS = {"gwp": "gwp", "adpe": "adp", "pe": "pe"}
ELECTRICITY_UNITS = {"gwp": "kgco2e_per_kwh", "adpe": "kgsbeq_per_kwh", "pe": "mj_per_kwh"}
COMPONENT_UNITS = {"gwp": "kgCO2e", "adpe": "kgSbeq", "pe": "MJ"}
DEFAULT_COMPONENT_SOURCE = (
    "BoaviztAPI data/factors.yml (Groger et al. 2021, Green Cloud Computing, UBA Texte 94/2021)"
)

# component, path in factors.yml under the criterion key ({c}), factor name, multiplier, per what.
# BoaviztAPI gives the CPU die factor per mm2 and the RAM die factor per cm2: both per cm2 here.
COMPONENT_FACTOR_PATHS = [
    ("cpu", ("cpu", "{c}", "die_impact"), "die_impact_per_cm2", 100.0, "cm2 of die"),
    ("cpu", ("cpu", "{c}", "impact"), "impact", 1.0, "CPU"),
    ("ram", ("ram", "{c}", "die_impact"), "die_impact_per_cm2", 1.0, "cm2 of die"),
    ("ram", ("ram", "{c}", "impact"), "impact", 1.0, "RAM module"),
    ("power_supply", ("power_supply", "{c}", "impact"), "impact_per_kg", 1.0, "kg of power supply"),
    ("motherboard", ("motherboard", "{c}", "impact"), "impact", 1.0, "motherboard"),
    ("rack_case", ("case", "{c}", "rack", "impact"), "impact", 1.0, "rack case"),
    ("assembly", ("assembly", "{c}", "impact"), "impact", 1.0, "server assembly"),
]


def factors_path() -> Path:
    spec = util.find_spec("boaviztapi")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "boaviztapi is not installed in this Python: run `make build`, which installs pyproject.toml's pins"
        )
    return Path(list(spec.submodule_search_locations)[0]) / "data" / "factors.yml"


@lru_cache(maxsize=1)
def load_factors() -> dict:
    # the C loader when PyYAML has it: factors.yml is large, and the pure-Python loader takes seconds
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(factors_path().read_text(encoding="utf-8"), Loader=loader)


def boaviztapi_version() -> str:
    return metadata.version("boaviztapi")


def electricity_factors() -> pd.DataFrame:
    """One row per country or region code, the three criteria with their source and year."""
    version = boaviztapi_version()
    rows = []
    for iso3, entry in sorted(load_factors()["electricity"].items()):
        # the section also holds bookkeeping keys (available_countries, min-max): keep the areas
        if not (isinstance(entry, dict) and len(iso3) == 3 and iso3.isupper()):
            continue
        row = {"country_iso3": iso3, "country_name": entry.get("country")}
        for criterion, key in ELECTRICITY_KEYS.items():
            factor = entry.get(key) or {}
            year = factor.get("reference_year")
            row[f"{criterion}_{ELECTRICITY_UNITS[criterion]}"] = factor.get("value")
            row[f"{criterion}_source"] = factor.get("source")
            row[f"{criterion}_reference_year"] = None if year in (None, "") else str(year)
        row["boaviztapi_version"] = version
        rows.append(row)
    frame = pd.DataFrame(rows)
    for criterion, unit in ELECTRICITY_UNITS.items():
        frame[f"{criterion}_{unit}"] = pd.to_numeric(frame[f"{criterion}_{unit}"]).astype("float64")
    return frame


def component_factors() -> pd.DataFrame:
    """One row per (component, criterion, factor name) with its unit and source."""
    factors = load_factors()
    version = boaviztapi_version()
    rows = []
    for component, path, factor_name, multiplier, per in COMPONENT_FACTOR_PATHS:
        for criterion, key in COMPONENT_KEYS.items():
            parts = [part.format(c=key) for part in path]
            node, parent = factors, {}
            for part in parts:
                if not isinstance(node, dict) or part not in node:
                    raise KeyError(f"boaviztapi {version}: factors.yml has no '{'.'.join(parts)}'")
                parent, node = node, node[part]
            rows.append(
                {
                    "component": component,
                    "criterion": criterion,
                    "factor_name": factor_name,
                    "factor_value": float(node) * multiplier,
                    "unit": f"{COMPONENT_UNITS[criterion]} per {per}",
                    "source": parent.get("source", DEFAULT_COMPONENT_SOURCE),
                    "boaviztapi_version": version,
                }
            )
    return pd.DataFrame(rows)


# ---- the factors as seeds ------------------------------------------------------------------------
#
# A build reads the factors from seeds/boavizta/, written from the installed package by
# `python -m training_impacts.boavizta` (and checked against it by python/tests/test_boavizta.py):
# a Python model per build cost about 6 thread-seconds of a build for tables that change only when
# the boaviztapi pin does.

SEED_FILES = {
    "boavizta_component_factors.csv": component_factors,
    "boavizta_electricity_factors.csv": electricity_factors,
}


def seeds_folder() -> Path:
    from training_impacts.warehouse import project_root
    return project_root() / "seeds" / "boavizta"


def write_seeds(folder: Path | None = None) -> list[Path]:
    """Write the factor seeds from the installed boaviztapi; returns the files written."""
    folder = folder or seeds_folder()
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame_of in SEED_FILES.items():
        path = folder / name
        frame_of().to_csv(path, index=False, lineterminator="\n")
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_seeds():
        print(f"wrote {written_path}")
