-- One row per estimated training run and method profile (Epoch's runs under each of var
-- compared_method_profiles, custom jobs under var method_profile): GPU-hours, energy, and for
-- GWP, ADPe and PE the use, embodied and total impacts and the embodied share, with the rule
-- each number followed. fct_training_run_impacts is its rows of var method_profile; the
-- validation and the side-by-side findings read every profile.
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
    runs.model_id,
    runs.method_profile,
    runs.model_name,
    runs.organization,
    runs.publication_date,
    cast(extract(year from runs.publication_date) as integer)                    as publication_year,
    runs.domain,
    runs.run_source,
    runs.input_source,
    runs.record_id,
    runs.source_row_number,
    runs.confidence,
    runs.base_model,
    runs.base_model is not null                                                  as is_finetune,
    runs.link,
    use_phase.location_source,
    use_phase.training_data_centre,
    use_phase.country_iso3,
    use_phase.grid_countries_iso3,
    use_phase.grid_country_rule,
    runs.training_hardware,
    runs.matched_hardware_name,
    runs.hardware_match_type,
    runs.gpu_card_id,
    runs.accelerator_vendor,
    runs.hardware_source,
    {{ analysis_scope_of_run('runs.run_source', 'runs.accelerator_vendor', 'runs.hardware_source',
                             'extract(year from runs.publication_date)') }}   as analysis_scope,
    runs.hardware_quantity,
    runs.hardware_quantity_correction,
    runs.training_time_hours,
    runs.training_time_source,
    runs.training_compute_flop,
    runs.finetune_compute_flop,
    runs.compute_scope,
    runs.estimate_compute_flop,
    runs.numerical_format,
    runs.hardware_utilization_mfu,
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
    {%- for criterion, unit in [('gwp', 'kgco2e'), ('adpe', 'kgsbeq'), ('pe', 'mj')] %}
    use_phase.{{ criterion }}_use_{{ unit }},
    embodied.{{ criterion }}_embodied_{{ unit }},
    use_phase.{{ criterion }}_use_{{ unit }} + embodied.{{ criterion }}_embodied_{{ unit }}   as {{ criterion }}_total_{{ unit }},
    embodied.{{ criterion }}_embodied_{{ unit }}
        / nullif(use_phase.{{ criterion }}_use_{{ unit }} + embodied.{{ criterion }}_embodied_{{ unit }}, 0)
                                                                                 as {{ criterion }}_embodied_share{{ ',' if not loop.last }}
    {%- endfor %}
from runs
inner join gpu_hours on runs.record_id = gpu_hours.record_id and runs.method_profile = gpu_hours.method_profile
inner join use_phase on runs.record_id = use_phase.record_id and runs.method_profile = use_phase.method_profile
inner join embodied on runs.record_id = embodied.record_id and runs.method_profile = embodied.method_profile
