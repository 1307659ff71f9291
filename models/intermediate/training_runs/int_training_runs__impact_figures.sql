-- The figures the use-phase and embodied steps compute for every estimated run, under every
-- profile it is estimated under (Epoch's runs under each of var compared_method_profiles, custom
-- jobs under var method_profile): the grid location, PUE, power, energy, the grid factors, and
-- for GWP, ADPe and PE the use and embodied impacts. Keyed on (record_id, method_profile).
-- A narrow table: each fact is stored once, in the table of the step that decides it. The run as
-- recorded is in int_training_runs__inputs, its hardware match in int_training_runs__checks, its
-- rule choices in int_training_runs__method_choices, its GPU-hours in int_training_runs__gpu_hours;
-- int_training_runs__impacts joins them on record_id and adds the totals and embodied shares.
-- Writing those columns a second time here cost more than half of this step over 1 M runs
-- (6.8 -> 2.9 CPU-s). Its contract's constraints are the guarantees of fct_training_run_impacts'
-- figures, checked as the rows are written; the model-level one (every total above zero) is
-- what makes each embodied share defined and within [0, 1].
with use_phase as (
    select * from {{ ref('int_training_runs__use_phase') }}
),

embodied as (
    select * from {{ ref('int_training_runs__embodied_allocated') }}
)

select
    use_phase.record_id,
    use_phase.method_profile,
    use_phase.country_iso3,
    use_phase.grid_countries_iso3,
    use_phase.grid_country_rule,
    use_phase.pue,
    use_phase.power_per_gpu_w,
    use_phase.energy_kwh,
    use_phase.energy_method,
    use_phase.gwp_grid_factor_source,
    use_phase.grid_gwp_kgco2e_per_kwh,
    use_phase.grid_adpe_kgsbeq_per_kwh,
    use_phase.grid_pe_mj_per_kwh,
    {%- for criterion, unit in impact_criteria() %}
    use_phase.{{ criterion }}_use_{{ unit }},
    embodied.{{ criterion }}_embodied_{{ unit }}{{ ',' if not loop.last }}
    {%- endfor %}
from use_phase
inner join embodied on use_phase.record_id = embodied.record_id and use_phase.method_profile = embodied.method_profile
