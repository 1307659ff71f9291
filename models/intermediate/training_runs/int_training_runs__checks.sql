-- The checks every input record (Epoch and custom) goes through, once: its place among the
-- records sharing its key, the card it ran on, and either no exclusion (an estimable run) or the
-- first reason it cannot be estimated, as a short code and a detail a person can read.
-- A narrow table: int_training_runs__classified joins it back to the inputs. Writing a table
-- costs DuckDB 0.1 to 0.2 us per value, more than computing the checks: when this step also
-- carried the inputs' 30 columns, writing it took 3.5 s over 1 M runs; narrow, 0.9 s.

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
    where model_key in (select model_key from repeated_keys)
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

cards as (
    select
        cards.gpu_card_id,
        cards.tdp_w,
        cards.fp32_flops,
        embodied.gwp_embodied_kgco2e
    from {{ ref('stg_hardware__gpu_cards') }} as cards
    left join {{ ref('int_gpu_cards__embodied_impacts') }} as embodied
        on cards.gpu_card_id = embodied.gpu_card_id
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
        hardware.non_nvidia_hardware,
        hardware.first_matched_gpu_card_id                                   as gpu_card_id,
        hardware.first_matched_hardware_name                                 as matched_hardware_name,
        hardware.first_matched_match_type                                    as hardware_match_type,
        cards.tdp_w                                                          as card_tdp_w,
        cards.gwp_embodied_kgco2e                                            as card_gwp_embodied_kgco2e,
        cards.fp32_flops                                                     as card_fp32_flops
    from records
    left join hardware on records.record_id = hardware.record_id
    left join cards on hardware.first_matched_gpu_card_id = cards.gpu_card_id
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
            when training_hardware is null or listed_hardware_count is null
                then 'no_hardware'
            when nvidia_hardware_count = 0
                then 'non_nvidia_hardware'
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
             and card_fp32_flops is null
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
        when 'non_nvidia_hardware' then 'trained on ' || training_hardware || ': not an NVIDIA card'
        when 'multiple_hardware_types' then 'lists several chip types (' || training_hardware
            || '): var multi_hardware_rule = exclude'
        when 'unknown_nvidia_card' then 'no catalogue card for ' || coalesce(unmatched_nvidia_hardware, training_hardware)
            || coalesce(' (closest catalogue card ids: ' || closest_gpu_card_ids
                        || '; write one of them, or add the name to seeds/hardware/gpu_hardware_aliases.csv)',
                        ' (add it to seeds/hardware/gpu_hardware_aliases.csv)')
        when 'card_missing_specs' then 'catalogue card ' || gpu_card_id || ' lacks TDP, die area or memory'
        when 'non_numeric_value' then 'not a number: ' || unparsed_value
        when 'implausible_value' then 'out of range: ' || out_of_bounds_value
        when 'no_peak_flops_for_card' then 'only Training compute (FLOP) is given, and catalogue card '
            || gpu_card_id || ' has no peak FLOP/s'
        when 'no_compute_and_no_duration' then 'neither Training compute (FLOP) nor Training time (hours) with Hardware quantity'
            || case when run_source = 'custom' then ' (custom: gpu_hours, or gpu_count with hours)' else '' end
    end                                                                      as exclusion_detail
from classified
