-- The figures of every estimated run under every profile it is estimated under (Epoch's runs
-- under each of var compared_method_profiles, custom jobs under var method_profile): the rules
-- each number followed, GPU-hours, energy, and for GWP, ADPe and PE the use, embodied and total
-- impacts and the embodied share. Keyed on (record_id, method_profile).
-- A narrow table: the run's descriptive text (name, organisation, link, the recorded inputs) is
-- stored once, in int_training_runs__inputs, and joined where read (int_training_runs__impacts,
-- fct_training_run_impacts). Writing it a second time here was most of the cost of a build over
-- millions of runs. Its contract's constraints are the guarantees of fct_training_run_impacts'
-- figures, checked as the rows are written.
with runs as (
    select * from {{ ref('int_training_runs__classified') }} where is_estimated
),

gpu_hours as (
    select * from {{ ref('int_training_runs__gpu_hours') }}
),

use_phase as (
    select * from {{ ref('int_training_runs__use_phase') }}
),

embodied as (
    select * from {{ ref('int_training_runs__embodied_allocated') }}
)

select
    runs.record_id,
    runs.method_profile,
    runs.run_source,
    use_phase.location_source,
    use_phase.training_data_centre,
    use_phase.country_iso3,
    use_phase.grid_countries_iso3,
    use_phase.grid_country_rule,
    runs.matched_hardware_name,
    runs.hardware_match_type,
    runs.gpu_card_id,
    runs.accelerator_vendor,
    runs.hardware_source,
    {{ analysis_scope_of_run('runs.run_source', 'runs.accelerator_vendor', 'runs.hardware_source',
                             'extract(year from runs.publication_date)') }}   as analysis_scope,
    runs.training_time_source,
    runs.compute_scope,
    runs.estimate_compute_flop,
    runs.performance_ratio,
    runs.performance_ratio_source,
    runs.peak_format,
    gpu_hours.peak_flops,
    gpu_hours.peak_flops_basis,
    gpu_hours.gpu_hours_h1,
    gpu_hours.gpu_hours_h2,
    gpu_hours.gpu_hours,
    gpu_hours.gpu_hours_method,
    gpu_hours.gpu_hours_h1_to_h2_ratio,
    gpu_hours.is_gpu_hours_divergent,
    use_phase.pue,
    use_phase.pue_source,
    use_phase.power_per_gpu_w,
    use_phase.energy_kwh,
    use_phase.energy_method,
    use_phase.gwp_grid_factor_source,
    use_phase.grid_gwp_kgco2e_per_kwh,
    use_phase.grid_adpe_kgsbeq_per_kwh,
    use_phase.grid_pe_mj_per_kwh,
    {%- for criterion, unit in impact_criteria() %}
    use_phase.{{ criterion }}_use_{{ unit }},
    embodied.{{ criterion }}_embodied_{{ unit }},
    {%- set use, embodied = 'use_phase.' ~ criterion ~ '_use_' ~ unit, 'embodied.' ~ criterion ~ '_embodied_' ~ unit %}
    {{ total_impact(use, embodied) }}                                           as {{ criterion }}_total_{{ unit }},
    {{ embodied_share(use, embodied) }}                                         as {{ criterion }}_embodied_share{{ ',' if not loop.last }}
    {%- endfor %}
from runs
inner join gpu_hours on runs.record_id = gpu_hours.record_id and runs.method_profile = gpu_hours.method_profile
inner join use_phase on runs.record_id = use_phase.record_id and runs.method_profile = use_phase.method_profile
inner join embodied on runs.record_id = embodied.record_id and runs.method_profile = embodied.method_profile
