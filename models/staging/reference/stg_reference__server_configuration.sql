-- The reference server of the embodied model and the host-power variant, pivoted once into one
-- row of named quantities. The seed seeds/reference/server_configuration.csv holds one row per
-- parameter with its unit and source; a parameter missing from it is a null here, which the
-- not_null_columns test of this model reports.
{%- set parameters = ['cpu_count', 'cpu_die_area_cm2', 'cpu_tdp_w', 'ram_total_gb', 'ram_module_gb',
                      'ram_density_gb_per_cm2', 'ram_power_w_per_gb', 'power_supply_count',
                      'power_supply_mass_kg', 'motherboard_count', 'rack_case_count', 'assembly_count'] %}
select
    {%- for parameter in parameters %}
    max(case when parameter = '{{ parameter }}' then cast(value as double) end)   as {{ parameter }}{{ ',' if not loop.last }}
    {%- endfor %}
from {{ ref('server_configuration') }}
