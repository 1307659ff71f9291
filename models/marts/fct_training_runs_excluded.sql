-- One row per input record the method cannot estimate, with the reason (a short code) and a
-- detail naming the value at fault. Together with fct_training_run_impacts it holds every input
-- record exactly once (test: assert_every_input_record_is_accounted_for). Under var
-- method_profile: the best_estimate profile may also exclude a fine-tune whose own compute is
-- unknown (finetune_compute_unknown).
select
    model_id,
    method_profile,
    model_name,
    organization,
    publication_date,
    publication_date_text,
    run_source,
    input_source,
    record_id,
    source_row_number,
    training_hardware,
    hardware_quantity_text,
    training_time_hours_text,
    training_compute_flop_text,
    exclusion_reason,
    exclusion_detail
from {{ ref('int_training_runs__classified') }}
where not is_estimated
  and method_profile = '{{ var("method_profile") }}'
