-- Each input record's `Training hardware` list matched to catalogue cards through the aliases.
-- One row per record that lists any hardware. The rule for several chips (var
-- multi_hardware_rule) is applied downstream; here we count and keep the first matched card.

with records as (
    select source_row_number, training_hardware
    from {{ ref('stg_epoch__notable_models') }}
    where training_hardware is not null
),

listed as (
    select
        records.source_row_number,
        split_items.item_position,
        trim(split_items.raw_item)                                    as hardware_name
    from records
    {{ split_list_to_rows('records', 'training_hardware') }}
    where trim(split_items.raw_item) <> ''
),

matched as (
    select
        listed.source_row_number,
        listed.item_position,
        listed.hardware_name,
        aliases.gpu_card_id,
        aliases.match_type,
        -- BoaviztAPI-style vendor test: the catalogue is NVIDIA's, Epoch prefixes names with the vendor
        (lower(listed.hardware_name) like '%nvidia%' or aliases.gpu_card_id is not null) as is_nvidia
    from listed
    left join {{ ref('stg_hardware__gpu_hardware_aliases') }} as aliases
        on {{ normalize_hardware_name('listed.hardware_name') }} = aliases.hardware_key
),

ranked as (
    select
        *,
        row_number() over (
            partition by source_row_number, (gpu_card_id is not null)
            order by item_position
        ) as matched_rank
    from matched
)

select
    source_row_number,
    count(*)                                                            as listed_hardware_count,
    count(distinct lower(hardware_name))                                as distinct_hardware_count,
    sum(case when is_nvidia then 1 else 0 end)                          as nvidia_hardware_count,
    sum(case when gpu_card_id is not null then 1 else 0 end)            as matched_hardware_count,
    max(case when gpu_card_id is not null and matched_rank = 1 then gpu_card_id end)   as first_matched_gpu_card_id,
    max(case when gpu_card_id is not null and matched_rank = 1 then match_type end)    as first_matched_match_type,
    max(case when gpu_card_id is not null and matched_rank = 1 then hardware_name end) as first_matched_hardware_name,
    {{ dbt.listagg("case when is_nvidia and gpu_card_id is null then hardware_name end", "', '") }} as unmatched_nvidia_hardware,
    {{ dbt.listagg("case when not is_nvidia then hardware_name end", "', '") }}                      as non_nvidia_hardware
from ranked
group by source_row_number
