-- Component manufacturing factors (CPU, RAM, power supply, motherboard, rack case, assembly), one
-- row per (component, criterion, factor name): boaviztapi's data/factors.yml as the seed
-- seeds/boavizta/boavizta_component_factors.csv holds it (written from the installed package by
-- `python -m training_impacts.boavizta`, checked against it by python/tests/test_boavizta.py).
select component, criterion, factor_name, factor_value, unit, source, boaviztapi_version
from {{ ref('boavizta_component_factors') }}
