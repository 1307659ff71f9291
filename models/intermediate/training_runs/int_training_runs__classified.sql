-- Every input record (Epoch and custom), once, with its checks (int_training_runs__checks): the
-- card it ran on and either no exclusion (an estimable run) or the first reason it cannot be
-- estimated. The two fct marts split this view; the reconciliation test proves nothing is lost.
-- A view: the checks are a narrow table, and joining them back costs less than writing every
-- input column a second time.

select
    inputs.*,
    checks.key_occurrence,
    -- a duplicate record keeps a key of its own, so both marts stay keyed
    case when checks.key_occurrence = 1 then inputs.model_key
         else inputs.model_key || '-' || cast(checks.key_occurrence as {{ dbt.type_string() }})
    end                                                                      as model_id,
    checks.gpu_card_id,
    checks.matched_hardware_name,
    checks.hardware_match_type,
    checks.hardware_source,
    checks.accelerator_vendor,
    checks.exclusion_reason,
    checks.exclusion_detail,
    checks.exclusion_reason is null                                          as is_estimated
from {{ ref('int_training_runs__inputs') }} as inputs
inner join {{ ref('int_training_runs__checks') }} as checks
    on inputs.record_id = checks.record_id
