"""Reference factors come from the installed boaviztapi package, with their provenance."""

import pytest

from training_impacts import boavizta


def test_electricity_factors_are_boaviztapis():
    factors = boavizta.electricity_factors().set_index("country_iso3")
    assert len(factors) > 100
    assert all(len(code) == 3 and code.isupper() for code in factors.index)  # no bookkeeping keys
    assert factors.loc["WOR", "gwp_kgco2e_per_kwh"] == pytest.approx(0.39)   # BoaviztAPI's world average
    assert factors.loc["FRA", "gwp_kgco2e_per_kwh"] == pytest.approx(0.098)
    assert factors.loc["FRA", "gwp_reference_year"] == "2019"
    assert factors["adpe_kgsbeq_per_kwh"].notna().all()
    # a few areas have no PE factor (HKG, GIB, ANT in 2.5): the warehouse takes World's for them
    assert set(factors.index[factors["pe_mj_per_kwh"].isna()]) <= {"HKG", "GIB", "ANT"}
    assert factors["gwp_source"].notna().all()


def test_component_factors_are_per_cm2_of_die():
    factors = boavizta.component_factors().set_index(["component", "criterion", "factor_name"])["factor_value"]
    assert factors[("cpu", "gwp", "die_impact_per_cm2")] == pytest.approx(1.97)   # 0.0197 per mm2 in factors.yml
    assert factors[("ram", "gwp", "die_impact_per_cm2")] == pytest.approx(2.20)
    assert factors[("power_supply", "gwp", "impact_per_kg")] == pytest.approx(24.3)
    assert factors[("rack_case", "pe", "impact")] == pytest.approx(2200)
    assert len(factors) == 8 * 3


def test_a_missing_factor_is_named(monkeypatch):
    broken = {**boavizta.load_factors(), "motherboard": {}}
    monkeypatch.setattr(boavizta, "load_factors", lambda: broken)
    with pytest.raises(KeyError, match="motherboard.gwp.impact"):
        boavizta.component_factors()


@pytest.mark.parametrize("name", sorted(boavizta.SEED_FILES))
def test_the_seeds_hold_the_installed_packages_factors(name):
    """The build reads seeds/boavizta/; they must equal what the installed boaviztapi yields
    (after a new pin: `python -m training_impacts.boavizta` rewrites them)."""
    import pandas as pd

    seed = pd.read_csv(boavizta.seeds_folder() / name, dtype=str, keep_default_na=False)
    fresh = boavizta.SEED_FILES[name]()
    assert list(seed.columns) == list(fresh.columns)
    assert len(seed) == len(fresh)
    for column in fresh.columns:
        if pd.api.types.is_float_dtype(fresh[column]):
            written = pd.to_numeric(seed[column].replace("", None)).to_numpy(dtype=float)
            assert ((written == fresh[column].to_numpy()) | (pd.isna(written) & fresh[column].isna())).all(), column
        else:
            assert (seed[column] == fresh[column].fillna("").astype(str)).all(), column


def test_write_seeds_writes_every_file(tmp_path):
    written = boavizta.write_seeds(tmp_path)
    assert sorted(path.name for path in written) == sorted(boavizta.SEED_FILES)
    assert all(path.stat().st_size > 0 for path in written)
