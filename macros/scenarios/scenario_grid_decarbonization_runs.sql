{#- Grid decarbonisation (docs/method.md section 5): every estimated run's use-phase GWP if grid
    carbon intensity had fallen by `annual_reduction_rate` a year since
    var grid_decarbonization_reference_year:
    factor(year) = factor x (1 - rate) ^ max(0, year - reference year)
    for each rate of var grid_decarbonization_rates (0 = the baseline). ADPe, PE and embodied
    impacts are unchanged: the scenario is about carbon. -#}
{% macro scenario_grid_decarbonization_runs(runs_relation) %}
with runs as (
    select * from {{ runs_relation }}
),

rates as (
    {{ values_table(var('grid_decarbonization_rates'), 'annual_reduction_rate') }}
),

scaled as (
    select
        {{- scenario_run_columns('runs') }}
        cast(rates.annual_reduction_rate as double)                               as annual_reduction_rate,
        runs.energy_kwh,
        runs.grid_gwp_kgco2e_per_kwh
            * power(1 - cast(rates.annual_reduction_rate as double),
                    greatest(0, runs.publication_year - {{ var('grid_decarbonization_reference_year') }}))
                                                                                  as grid_gwp_kgco2e_per_kwh,
        runs.gwp_embodied_kgco2e
    from runs
    cross join rates
)

select
    {{- scenario_run_columns() }}
    annual_reduction_rate,
    energy_kwh,
    grid_gwp_kgco2e_per_kwh,
    {{ use_phase_impact('energy_kwh', 'grid_gwp_kgco2e_per_kwh') }}                as gwp_use_kgco2e,
    gwp_embodied_kgco2e,
    {{ total_impact(use_phase_impact('energy_kwh', 'grid_gwp_kgco2e_per_kwh'), 'gwp_embodied_kgco2e') }} as gwp_total_kgco2e
from scaled
{% endmacro %}
