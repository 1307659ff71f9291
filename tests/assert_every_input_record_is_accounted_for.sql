-- Reconciliation: every input record (Epoch and custom) is in exactly one of fct_training_run_impacts and
-- fct_training_runs_excluded, and nothing else is. Returns the records that break it.
with staged as (
    select record_id from {{ ref('int_training_runs__inputs') }}
),

accounted as (
    select record_id, 'fct_training_run_impacts' as mart from {{ ref('fct_training_run_impacts') }}
    union all
    select record_id, 'fct_training_runs_excluded' as mart from {{ ref('fct_training_runs_excluded') }}
),

counted as (
    select
        coalesce(staged.record_id, accounted.record_id) as record_id,
        count(accounted.mart)                                           as times_in_marts,
        max(case when staged.record_id is null then 1 else 0 end) as is_not_an_input_record
    from staged
    full outer join accounted on staged.record_id = accounted.record_id
    group by 1
)

select *
from counted
where times_in_marts <> 1 or is_not_an_input_record = 1
