-- One row per estimated training run and method profile (Epoch's runs under each of var
-- compared_method_profiles, custom jobs under var method_profile), in the columns of
-- fct_training_run_impacts: the run as recorded (int_training_runs__inputs, its key from
-- int_training_runs__checks) beside its figures (int_training_runs__impact_figures).
-- fct_training_run_impacts is its rows of var method_profile; the validation and the
-- side-by-side findings read every profile.
-- A view: the descriptive text of a run is stored once, in the inputs table, and joined here
-- on the integer record_id when read.
with figures as (
    select * from {{ ref('int_training_runs__impact_figures') }}
),

inputs as (
    select * from {{ ref('int_training_runs__inputs') }}
),

checks as (
    select record_id, key_occurrence from {{ ref('int_training_runs__checks') }}
)

select
    {{ run_model_id('inputs.model_key', 'checks.key_occurrence') }}             as model_id,
    figures.method_profile,
    inputs.model_name,
    inputs.organization,
    inputs.publication_date,
    cast(extract(year from inputs.publication_date) as integer)                  as publication_year,
    inputs.domain,
    figures.run_source,
    inputs.input_source,
    figures.record_id,
    inputs.source_row_number,
    inputs.confidence,
    inputs.base_model,
    inputs.base_model is not null                                                as is_finetune,
    inputs.link,
    figures.location_source,
    figures.training_data_centre,
    figures.country_iso3,
    figures.grid_countries_iso3,
    figures.grid_country_rule,
    inputs.training_hardware,
    figures.matched_hardware_name,
    figures.hardware_match_type,
    figures.gpu_card_id,
    figures.accelerator_vendor,
    figures.hardware_source,
    figures.analysis_scope,
    inputs.hardware_quantity,
    inputs.hardware_quantity_correction,
    inputs.training_time_hours,
    figures.training_time_source,
    inputs.training_compute_flop,
    inputs.finetune_compute_flop,
    figures.compute_scope,
    figures.estimate_compute_flop,
    inputs.numerical_format,
    inputs.hardware_utilization_mfu,
    figures.performance_ratio,
    figures.performance_ratio_source,
    figures.peak_format,
    figures.peak_flops,
    figures.peak_flops_basis,
    figures.gpu_hours_h1,
    figures.gpu_hours_h2,
    figures.gpu_hours,
    figures.gpu_hours_method,
    figures.gpu_hours_h1_to_h2_ratio,
    figures.is_gpu_hours_divergent,
    figures.pue,
    figures.pue_source,
    figures.power_per_gpu_w,
    figures.energy_kwh,
    figures.energy_method,
    figures.gwp_grid_factor_source,
    figures.grid_gwp_kgco2e_per_kwh,
    figures.grid_adpe_kgsbeq_per_kwh,
    figures.grid_pe_mj_per_kwh,
    {%- for criterion, unit in impact_criteria() %}
    figures.{{ criterion }}_use_{{ unit }},
    figures.{{ criterion }}_embodied_{{ unit }},
    figures.{{ criterion }}_total_{{ unit }},
    figures.{{ criterion }}_embodied_share{{ ',' if not loop.last }}
    {%- endfor %}
from figures
inner join inputs on figures.record_id = inputs.record_id
inner join checks on figures.record_id = checks.record_id
