{#- Hardware lifespan (docs/method.md section 5): every estimated run's embodied impacts amortised
    over each lifetime of var lifespan_scenario_years and each utilization of
    var lifespan_scenario_utilizations. Allocation is inversely proportional to lifetime x
    utilization, so the run's embodied impact at (L, U) is its baseline embodied impact x
    (hardware_lifetime_years x hardware_utilization) / (L x U). Use-phase impacts do not change. -#}
{% macro scenario_hardware_lifespan_runs(runs_relation) %}
with runs as (
    select * from {{ runs_relation }}
),

lifetimes as (
    {{ values_table(var('lifespan_scenario_years'), 'hardware_lifetime_years') }}
),

utilizations as (
    {{ values_table(var('lifespan_scenario_utilizations'), 'hardware_utilization') }}
),

scaled as (
    select
        runs.*,
        cast(lifetimes.hardware_lifetime_years as double)                          as scenario_lifetime_years,
        cast(utilizations.hardware_utilization as double)                          as scenario_utilization,
        ({{ var('hardware_lifetime_years') }} * {{ var('hardware_utilization') }})
            / (cast(lifetimes.hardware_lifetime_years as double) * cast(utilizations.hardware_utilization as double))
                                                                                  as allocation_scale
    from runs
    cross join lifetimes
    cross join utilizations
)

select
    {{- scenario_run_columns() }}
    scenario_lifetime_years                                                       as hardware_lifetime_years,
    scenario_utilization                                                          as hardware_utilization,
    {%- for criterion, unit in impact_criteria() %}
    {{ criterion }}_use_{{ unit }},
    {%- set use, embodied = criterion ~ '_use_' ~ unit, criterion ~ '_embodied_' ~ unit ~ ' * allocation_scale' %}
    {{ embodied }}                                                                as {{ criterion }}_embodied_{{ unit }},
    {{ total_impact(use, embodied) }}                                             as {{ criterion }}_total_{{ unit }},
    {{ embodied_share(use, embodied) }}                                           as {{ criterion }}_embodied_share{{ ',' if not loop.last }}
    {%- endfor %}
from scaled
{% endmacro %}
