-- Component manufacturing factors of BoaviztAPI, pivoted once into one row per criterion with a
-- column per component and factor (<component>_<factor name>): boaviztapi's data/factors.yml as
-- the seed seeds/boavizta/boavizta_component_factors.csv holds it, one row per (component,
-- criterion, factor name) with its unit and source (written from the installed package by
-- `python -m training_impacts.boavizta`, checked against it by python/tests/test_boavizta.py).
{%- set factors = [('cpu', 'die_impact_per_cm2'), ('cpu', 'impact'), ('ram', 'die_impact_per_cm2'), ('ram', 'impact'),
                   ('power_supply', 'impact_per_kg'), ('motherboard', 'impact'), ('rack_case', 'impact'),
                   ('assembly', 'impact')] %}
select
    criterion,
    {%- for component, factor_name in factors %}
    max(case when component = '{{ component }}' and factor_name = '{{ factor_name }}' then factor_value end)
                                                                      as {{ component }}_{{ factor_name }},
    {%- endfor %}
    max(boaviztapi_version)                                           as boaviztapi_version
from {{ ref('boavizta_component_factors') }}
group by criterion
