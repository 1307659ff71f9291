-- The checks every input record (Epoch and custom) goes through, once: its place among the
-- records sharing its key, the card it ran on, and either no exclusion (an estimable run) or the
-- first reason it cannot be estimated, as a short code and a detail a person can read.
-- A narrow table: int_training_runs__classified and int_training_runs__impacts join it back to
-- the inputs. Writing a table costs DuckDB 0.1 to 0.2 us per value, more than computing the
-- checks: when this step also carried the inputs' 30 columns, writing it took 3.5 s over 1 M
-- runs; narrow, 0.9 s.

with inputs as (
    select * from {{ ref('int_training_runs__inputs') }}
),

-- a record's place among the records that share its key (1 = first). Counted by a hash
-- aggregate, and numbered by a window only over keys that repeat: a window sort over millions
-- of jobs costs seconds, and repeats are rare
repeated_keys as (
    select model_key from inputs group by model_key having count(*) > 1
),

repeated_records as (
    select
        record_id,
        row_number() over (partition by model_key order by record_id) as key_occurrence
    from inputs
    where model_key in (select repeated_keys.model_key from repeated_keys)
),

records as (
    select
        inputs.*,
        coalesce(repeated_records.key_occurrence, 1)                       as key_occurrence
    from inputs
    left join repeated_records on inputs.record_id = repeated_records.record_id
),

hardware as (
    select * from {{ ref('int_training_runs__hardware_matched') }}
),

imputed as (
    select * from {{ ref('int_training_runs__hardware_imputed') }}
),

cards as (
    select
        cards.accelerator_id                                                 as gpu_card_id,
        cards.vendor,
        cards.tdp_w,
        cards.fp32_flops,
        cards.tf32_flops,
        cards.tensor_fp16_flops,
        cards.fp8_flops,
        embodied.gwp_embodied_kgco2e
    from {{ ref('int_accelerators__catalogue') }} as cards
    left join {{ ref('int_gpu_cards__embodied_impacts') }} as embodied
        on cards.accelerator_id = embodied.gpu_card_id
),

joined as (
    select
        records.*,
        hardware.listed_hardware_count,
        hardware.distinct_hardware_count,
        hardware.nvidia_hardware_count,
        hardware.matched_hardware_count,
        hardware.unmatched_nvidia_hardware,
        hardware.closest_gpu_card_ids,
        hardware.unknown_hardware,
        -- a record naming no hardware takes its imputed accelerator (var impute_missing_hardware)
        coalesce(hardware.first_matched_gpu_card_id, imputed.gpu_card_id)    as gpu_card_id,
        coalesce(hardware.first_matched_hardware_name, imputed.imputed_hardware_name) as matched_hardware_name,
        coalesce(hardware.first_matched_match_type, imputed.imputation_basis) as hardware_match_type,
        case when imputed.gpu_card_id is not null then 'imputed' else 'named' end as hardware_source,
        cards.vendor                                                         as accelerator_vendor,
        cards.tdp_w                                                          as card_tdp_w,
        cards.gwp_embodied_kgco2e                                            as card_gwp_embodied_kgco2e,
        {{ peak_flops_for_format('records.numerical_format', 'cards') }}    as card_peak_flops
    from records
    left join hardware on records.record_id = hardware.record_id
    left join imputed on records.record_id = imputed.record_id and hardware.record_id is null
    left join cards on coalesce(hardware.first_matched_gpu_card_id, imputed.gpu_card_id) = cards.gpu_card_id
),

-- the value checks, once per record: the reason and its detail both read them
valued as (
    select
        *,
        {{ first_unparsed_value() }}                                         as unparsed_value,
        {{ first_out_of_bounds_value() }}                                    as out_of_bounds_value
    from joined
),

classified as (
    select
        *,
        case
            when key_occurrence > 1
                then 'duplicate_record'
            when model_name is null
                then 'no_model_name'
            when publication_date is null
                then 'invalid_publication_date'
            when publication_date > current_date
                then 'publication_date_in_future'
            when run_source = 'epoch'
             and {{ dbt.date_trunc('year', 'publication_date') }} < cast('{{ var("min_publication_year") }}-01-01' as date)
                then 'published_before_min_year'
            when (training_hardware is null or listed_hardware_count is null) and hardware_source = 'named'
                then 'no_hardware'
            when hardware_source = 'named' and matched_hardware_count = 0 and nvidia_hardware_count = 0
                then 'unknown_accelerator'
            when distinct_hardware_count > 1 and '{{ var("multi_hardware_rule") }}' = 'exclude'
                then 'multiple_hardware_types'
            when gpu_card_id is null
                then 'unknown_nvidia_card'
            when card_tdp_w is null or card_gwp_embodied_kgco2e is null
                then 'card_missing_specs'
            when unparsed_value is not null
                then 'non_numeric_value'
            when out_of_bounds_value is not null
                then 'implausible_value'
            when training_compute_flop is null and reported_gpu_hours is null
             and (training_time_hours is null or hardware_quantity is null)
                then 'no_compute_and_no_duration'
            when reported_gpu_hours is null and (training_time_hours is null or hardware_quantity is null)
             and card_peak_flops is null
                then 'no_peak_flops_for_card'
        end                                                                  as exclusion_reason
    from valued
)

select
    record_id,
    key_occurrence,
    gpu_card_id,
    matched_hardware_name,
    hardware_match_type,
    hardware_source,
    accelerator_vendor,
    exclusion_reason,
    case exclusion_reason
        when 'duplicate_record' then 'same key as an earlier record (Epoch: model name and publication date; '
            || 'custom: job_id): kept the first'
        when 'no_model_name' then 'empty Model column'
        when 'invalid_publication_date' then 'Publication date ' || coalesce('''' || publication_date_text || '''', 'is empty')
            || {{ "' (expected YYYY-MM-DD)'" }}
        when 'publication_date_in_future' then 'Publication date ' || publication_date_text || ' is after the build date'
        when 'published_before_min_year' then 'published ' || publication_date_text
            || ', before {{ var("min_publication_year") }} (var min_publication_year)'
        when 'no_hardware' then 'Training hardware is empty'
            || case when {{ 'true' if var('impute_missing_hardware') else 'false' }}
                    then ' and no accelerator could be imputed (no record of the organisation or year names one)'
                    else ' (var impute_missing_hardware: true imputes the likeliest accelerator)' end
        when 'unknown_accelerator' then 'no catalogue accelerator for ' || coalesce(unknown_hardware, training_hardware)
            || ' (add its specs to seeds/hardware/accelerators.csv and its name to seeds/hardware/gpu_hardware_aliases.csv)'
        when 'multiple_hardware_types' then 'lists several chip types (' || training_hardware
            || '): var multi_hardware_rule = exclude'
        when 'unknown_nvidia_card' then 'no catalogue card for ' || coalesce(unmatched_nvidia_hardware, training_hardware)
            || coalesce(' (closest catalogue card ids: ' || closest_gpu_card_ids
                        || '; write one of them, or add the name to seeds/hardware/gpu_hardware_aliases.csv)',
                        ' (add it to seeds/hardware/gpu_hardware_aliases.csv)')
        when 'card_missing_specs' then 'catalogue card ' || gpu_card_id || ' lacks TDP, die area or memory'
        when 'non_numeric_value' then 'not a number: ' || unparsed_value
        when 'implausible_value' then 'out of range: ' || out_of_bounds_value
        when 'no_peak_flops_for_card' then 'only Training compute (FLOP) is given, and catalogue accelerator '
            || gpu_card_id || ' has no peak FLOP/s for ' || coalesce('numerical format ' || numerical_format, 'its formats')
        when 'no_compute_and_no_duration' then 'neither Training compute (FLOP) nor Training time (hours) with Hardware quantity'
            || case when run_source = 'custom' then ' (custom: gpu_hours, or gpu_count with hours)' else '' end
    end                                                                      as exclusion_detail
from classified
