{#- Location shifting (docs/method.md section 5): every estimated run under three scenarios.
    baseline            as in fct_training_run_impacts
    lowest_carbon_grid  trained on the lowest-GWP grid of var location_shifting_candidate_grids
    grid_<ISO3>         trained on the grid of var location_shifting_named_grid
    A run moves only if the target grid's GWP factor is lower than its own (is_shifted), so
    use-phase GWP never rises; a moved run takes the target's ADPe and PE factors too. Embodied
    impacts do not move. -#}
{% macro scenario_location_shifting_runs(runs_relation) %}
with runs as (
    select * from {{ runs_relation }}
),

factors as (
    select country_iso3, gwp_kgco2e_per_kwh, adpe_kgsbeq_per_kwh, pe_mj_per_kwh
    from {{ ref('stg_boavizta__electricity_factors') }}
),

candidates as (
    select factors.*
    from factors
    inner join ({{ values_table(var('location_shifting_candidate_grids'), 'country_iso3', quote=true) }}) as listed
        on factors.country_iso3 = listed.country_iso3
),

targets as (
    select 'lowest_carbon_grid' as scenario, *
    from (select *, row_number() over (order by gwp_kgco2e_per_kwh, country_iso3) as rank_by_gwp from candidates) as ranked
    where rank_by_gwp = 1
    union all
    select 'grid_{{ var("location_shifting_named_grid") }}' as scenario, *, 1 as rank_by_gwp
    from factors
    where country_iso3 = '{{ var("location_shifting_named_grid") }}'
),

shifted as (
    select
        runs.model_id,
        runs.method_profile,
        targets.scenario,
        targets.country_iso3                                                       as target_grid_iso3,
        targets.gwp_kgco2e_per_kwh < runs.grid_gwp_kgco2e_per_kwh                    as is_shifted,
        runs.publication_year,
        runs.run_source,
        runs.analysis_scope,
        runs.energy_kwh,
        runs.grid_gwp_kgco2e_per_kwh,
        runs.grid_adpe_kgsbeq_per_kwh,
        runs.grid_pe_mj_per_kwh,
        runs.gwp_embodied_kgco2e,
        runs.adpe_embodied_kgsbeq,
        runs.pe_embodied_mj,
        targets.gwp_kgco2e_per_kwh                                                 as target_gwp_kgco2e_per_kwh,
        targets.adpe_kgsbeq_per_kwh                                                as target_adpe_kgsbeq_per_kwh,
        targets.pe_mj_per_kwh                                                      as target_pe_mj_per_kwh
    from runs
    cross join targets
),

scenarios as (
    select
        model_id, method_profile, publication_year, run_source, analysis_scope, 'baseline' as scenario, country_iso3 as target_grid_iso3, false as is_shifted,
        energy_kwh,
        grid_gwp_kgco2e_per_kwh, grid_adpe_kgsbeq_per_kwh, grid_pe_mj_per_kwh,
        gwp_embodied_kgco2e, adpe_embodied_kgsbeq, pe_embodied_mj
    from runs
    union all
    select
        model_id, method_profile, publication_year, run_source, analysis_scope, scenario, target_grid_iso3, is_shifted,
        energy_kwh,
        case when is_shifted then target_gwp_kgco2e_per_kwh else grid_gwp_kgco2e_per_kwh end,
        case when is_shifted then target_adpe_kgsbeq_per_kwh else grid_adpe_kgsbeq_per_kwh end,
        case when is_shifted then target_pe_mj_per_kwh else grid_pe_mj_per_kwh end,
        gwp_embodied_kgco2e, adpe_embodied_kgsbeq, pe_embodied_mj
    from shifted
)

select
    {{- scenario_run_columns() }}
    scenario,
    target_grid_iso3,
    is_shifted,
    energy_kwh,
    grid_gwp_kgco2e_per_kwh,
    {%- for criterion, unit in impact_criteria() %}
    {%- set use = use_phase_impact('energy_kwh', 'grid_' ~ criterion ~ '_' ~ unit ~ '_per_kwh') %}
    {{ use }}                                                       as {{ criterion }}_use_{{ unit }},
    {{ criterion }}_embodied_{{ unit }},
    {{ total_impact(use, criterion ~ '_embodied_' ~ unit) }}        as {{ criterion }}_total_{{ unit }}{{ ',' if not loop.last }}
    {%- endfor %}
from scenarios
{% endmacro %}
