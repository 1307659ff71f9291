-- Every input record (Epoch and custom), once per method profile it is estimated under
-- (int_training_runs__method_choices), with its checks (int_training_runs__checks): the card it
-- ran on and either no exclusion (an estimable run) or the first reason it cannot be estimated
-- (the checks' reason first, then the profile's own). Keyed on (record_id, method_profile); the
-- fct marts take the rows of var method_profile, and the reconciliation test proves nothing is lost.
-- A view: the checks are a narrow table, and joining them back costs less than writing every
-- input column a second time.

select
    inputs.*,
    checks.key_occurrence,
    {{ run_model_id('inputs.model_key', 'checks.key_occurrence') }}         as model_id,
    checks.gpu_card_id,
    checks.matched_hardware_name,
    checks.hardware_match_type,
    checks.hardware_source,
    checks.accelerator_vendor,
    choices.method_profile,
    choices.estimate_training_time_hours,
    choices.training_time_source,
    choices.compute_scope,
    choices.estimate_compute_flop,
    choices.performance_ratio,
    choices.performance_ratio_source,
    choices.peak_format,
    choices.grid_location,
    choices.location_source,
    choices.training_data_centre,
    choices.operator_pue,
    choices.pue_source,
    choices.grid_factor_fallback,
    coalesce(checks.exclusion_reason, choices.exclusion_reason)              as exclusion_reason,
    case when checks.exclusion_reason is not null then checks.exclusion_detail
         else choices.exclusion_detail end                                   as exclusion_detail,
    checks.exclusion_reason is null and choices.exclusion_reason is null     as is_estimated
from {{ ref('int_training_runs__inputs') }} as inputs
inner join {{ ref('int_training_runs__checks') }} as checks
    on inputs.record_id = checks.record_id
inner join {{ ref('int_training_runs__method_choices') }} as choices
    on inputs.record_id = choices.record_id
