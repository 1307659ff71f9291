-- One row per estimated training run and method profile (Epoch's runs under each of var
-- compared_method_profiles, custom jobs under var method_profile), in the columns of
-- fct_training_run_impacts: the run as recorded (int_training_runs__inputs), its hardware match
-- and key (int_training_runs__checks), its rule choices (int_training_runs__method_choices), its
-- GPU-hours (int_training_runs__gpu_hours) and its energy and impacts
-- (int_training_runs__impact_figures), with each criterion's total and embodied share.
-- fct_training_run_impacts is its rows of var method_profile; the validation and the
-- side-by-side findings read every profile.
-- A view: each of those facts is stored once, in its own step's table, and joined here on the
-- integer record_id when read.
with figures as (
    select * from {{ ref('int_training_runs__impact_figures') }}
),

gpu_hours as (
    select * from {{ ref('int_training_runs__gpu_hours') }}
),

choices as (
    select * from {{ ref('int_training_runs__method_choices') }}
),

checks as (
    select * from {{ ref('int_training_runs__checks') }}
),

inputs as (
    select * from {{ ref('int_training_runs__inputs') }}
)

select
    {{ run_model_id('inputs.model_key', 'checks.key_occurrence') }}             as model_id,
    figures.method_profile,
    inputs.model_name,
    inputs.organization,
    inputs.publication_date,
    cast(extract(year from inputs.publication_date) as integer)                  as publication_year,
    inputs.domain,
    inputs.run_source,
    inputs.input_source,
    figures.record_id,
    inputs.source_row_number,
    inputs.confidence,
    inputs.base_model,
    inputs.base_model is not null                                                as is_finetune,
    inputs.link,
    choices.location_source,
    choices.training_data_centre,
    figures.country_iso3,
    figures.grid_countries_iso3,
    figures.grid_country_rule,
    inputs.training_hardware,
    checks.matched_hardware_name,
    checks.hardware_match_type,
    gpu_hours.gpu_card_id,
    checks.accelerator_vendor,
    checks.hardware_source,
    {{ analysis_scope_of_run('inputs.run_source', 'checks.accelerator_vendor', 'checks.hardware_source',
                             'extract(year from inputs.publication_date)') }}   as analysis_scope,
    inputs.hardware_quantity,
    inputs.hardware_quantity_correction,
    inputs.training_time_hours,
    choices.training_time_source,
    inputs.training_compute_flop,
    inputs.finetune_compute_flop,
    choices.compute_scope,
    choices.estimate_compute_flop,
    inputs.numerical_format,
    inputs.hardware_utilization_mfu,
    choices.performance_ratio,
    choices.performance_ratio_source,
    choices.peak_format,
    gpu_hours.peak_flops,
    gpu_hours.peak_flops_basis,
    gpu_hours.gpu_hours_h1,
    gpu_hours.gpu_hours_h2,
    gpu_hours.gpu_hours,
    gpu_hours.gpu_hours_method,
    gpu_hours.gpu_hours_h1_to_h2_ratio,
    gpu_hours.is_gpu_hours_divergent,
    figures.pue,
    choices.pue_source,
    figures.power_per_gpu_w,
    figures.energy_kwh,
    figures.energy_method,
    figures.gwp_grid_factor_source,
    figures.grid_gwp_kgco2e_per_kwh,
    figures.grid_adpe_kgsbeq_per_kwh,
    figures.grid_pe_mj_per_kwh,
    {%- for criterion, unit in impact_criteria() %}
    {%- set use, embodied = 'figures.' ~ criterion ~ '_use_' ~ unit, 'figures.' ~ criterion ~ '_embodied_' ~ unit %}
    {{ use }},
    {{ embodied }},
    {{ total_impact(use, embodied) }}                                           as {{ criterion }}_total_{{ unit }},
    {{ embodied_share(use, embodied) }}                                         as {{ criterion }}_embodied_share{{ ',' if not loop.last }}
    {%- endfor %}
from figures
inner join gpu_hours on figures.record_id = gpu_hours.record_id and figures.method_profile = gpu_hours.method_profile
inner join choices on figures.record_id = choices.record_id and figures.method_profile = choices.method_profile
inner join checks on figures.record_id = checks.record_id
inner join inputs on figures.record_id = inputs.record_id
