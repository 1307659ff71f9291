-- Every input record of every source, in one shape: Epoch AI's notable models (run_source
-- 'epoch') and an organisation's own jobs (run_source 'custom', CUSTOM_RUNS_CSV). record_id is
-- the key every later step joins on; source_row_number stays the position in its own file.
-- Columns only custom jobs have (reported GPU-hours, grid factor, measured energy) are null for
-- Epoch records.

with corrections as (
    select * from {{ ref('hardware_quantity_corrections') }}
),

-- Epoch's records, with the few TPU quantities that count TensorCores corrected to chips
-- (seeds/epoch/hardware_quantity_corrections.csv)
epoch as (
    select
        records.* replace (coalesce(corrections.corrected_quantity, records.hardware_quantity) as hardware_quantity),
        case when corrections.corrected_quantity is not null
             then 'Hardware quantity ' || records.hardware_quantity_text || ' -> '
                  || cast(corrections.corrected_quantity as bigint) || ' chips: ' || corrections.reason
        end                                     as hardware_quantity_correction,
        cast(null as {{ dbt.type_string() }})   as reported_gpu_hours_text,
        cast(null as double)                    as reported_gpu_hours,
        cast(null as {{ dbt.type_string() }})   as reported_grid_gwp_text,
        cast(null as double)                    as reported_grid_gwp_kgco2e_per_kwh,
        cast(null as {{ dbt.type_string() }})   as measured_energy_kwh_text,
        cast(null as double)                    as measured_energy_kwh
    from {{ ref('stg_epoch__notable_models') }} as records
    left join corrections
        on records.model_name = corrections.model
        and records.publication_date = corrections.publication_date
        and records.hardware_quantity = corrections.recorded_quantity
),

custom as (
    select *, cast(null as {{ dbt.type_string() }}) as hardware_quantity_correction
    from {{ ref('stg_custom__training_jobs') }}
),

unioned as (
    select {{ training_run_input_columns() }} from epoch
    union all
    select {{ training_run_input_columns() }} from custom
)

-- record_id numbers Epoch's records 1..n, then the custom jobs n+1..: arithmetic, not a sort
-- (a window over millions of custom jobs costs seconds)
select
    case when run_source = 'epoch' then source_row_number
         else source_row_number + (select count(*) from epoch) end    as record_id,
    *
from unioned
