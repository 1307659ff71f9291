-- Reconciliation: every staged input record is in exactly one of fct_training_run_impacts and
-- fct_training_runs_excluded, and nothing else is. Returns the records that break it.
with staged as (
    select source_row_number from {{ ref('stg_epoch__notable_models') }}
),

accounted as (
    select source_row_number, 'fct_training_run_impacts' as mart from {{ ref('fct_training_run_impacts') }}
    union all
    select source_row_number, 'fct_training_runs_excluded' as mart from {{ ref('fct_training_runs_excluded') }}
),

counted as (
    select
        coalesce(staged.source_row_number, accounted.source_row_number) as source_row_number,
        count(accounted.mart)                                           as times_in_marts,
        max(case when staged.source_row_number is null then 1 else 0 end) as is_not_an_input_record
    from staged
    full outer join accounted on staged.source_row_number = accounted.source_row_number
    group by 1
)

select *
from counted
where times_in_marts <> 1 or is_not_an_input_record = 1
