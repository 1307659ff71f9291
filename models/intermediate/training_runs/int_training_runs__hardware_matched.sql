-- Each input record's `Training hardware` list matched to catalogue cards through the aliases
-- (or, for custom jobs, a catalogue card id).
-- One row per record that lists any hardware (the matching runs once per distinct list). The rule for several chips (var
-- multi_hardware_rule) is applied downstream; here we count and keep the first matched card.

with records as (
    select record_id, training_hardware
    from {{ ref('int_training_runs__inputs') }}
    where training_hardware is not null
),

-- each distinct list once, split into its items
listed as (
    {{ distinct_list_items('records', 'training_hardware', 'hardware_name') }}
),

matched as (
    select
        listed.training_hardware,
        listed.item_position,
        listed.hardware_name,
        coalesce(aliases.gpu_card_id, cards.gpu_card_id)                  as gpu_card_id,
        coalesce(aliases.match_type, case when cards.gpu_card_id is not null then 'card_id' end) as match_type,
        -- the catalogue is NVIDIA's; Epoch prefixes chip names with the vendor
        (lower(listed.hardware_name) like '%nvidia%'
            or aliases.gpu_card_id is not null or cards.gpu_card_id is not null) as is_nvidia
    from listed
    left join {{ ref('stg_hardware__gpu_hardware_aliases') }} as aliases
        on {{ normalize_hardware_name('listed.hardware_name') }} = aliases.hardware_key
    left join {{ ref('stg_hardware__gpu_cards') }} as cards
        on lower(listed.hardware_name) = cards.gpu_card_id
),

ranked as (
    select
        *,
        row_number() over (
            partition by training_hardware, (gpu_card_id is not null)
            order by item_position
        ) as matched_rank
    from matched
),

per_list as (
    select
        training_hardware,
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
group by training_hardware
)

select
    records.record_id,
    per_list.listed_hardware_count,
    per_list.distinct_hardware_count,
    per_list.nvidia_hardware_count,
    per_list.matched_hardware_count,
    per_list.first_matched_gpu_card_id,
    per_list.first_matched_match_type,
    per_list.first_matched_hardware_name,
    per_list.unmatched_nvidia_hardware,
    per_list.non_nvidia_hardware
from records
inner join per_list on records.training_hardware = per_list.training_hardware
