-- Electricity impact factors per country or region (GWP, ADPe, PE per kWh, each with its source
-- and reference year): boaviztapi's data/factors.yml as the seed
-- seeds/boavizta/boavizta_electricity_factors.csv holds it (written from the installed package by
-- `python -m training_impacts.boavizta`, checked against it by python/tests/test_boavizta.py).
select
    country_iso3, country_name,
    gwp_kgco2e_per_kwh, gwp_source, gwp_reference_year,
    adpe_kgsbeq_per_kwh, adpe_source, adpe_reference_year,
    pe_mj_per_kwh, pe_source, pe_reference_year,
    boaviztapi_version
from {{ ref('boavizta_electricity_factors') }}
