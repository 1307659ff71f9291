-- Each input record's `Training hardware` list matched to catalogue accelerators (NVIDIA cards
-- and the other vendors' chips of int_accelerators__catalogue) through the aliases (or, for
-- custom jobs, a catalogue id). A name that matches nothing is either an NVIDIA card missing
-- from the catalogue (it holds an NVIDIA model code or product line: the exclusion detail then
-- names the closest cards) or an accelerator the catalogue does not know.
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

cards as (
    select accelerator_id as gpu_card_id, vendor from {{ ref('int_accelerators__catalogue') }}
),

-- the NVIDIA cards only: their id words tell an NVIDIA name the catalogue lacks
nvidia_cards as (
    select gpu_card_id from cards where vendor = 'NVIDIA'
),

-- the words of the catalogue's card ids ('h100_sxm5_80_gb' -> h100, sxm5, 80, gb)
card_words as (
    select ids.gpu_card_id, split_items.raw_item as word, split_items.item_position
    from (select gpu_card_id, replace(gpu_card_id, '_', ',') as id_words from nvidia_cards) as ids
    {{ split_list_to_rows('ids', 'id_words') }}
),

-- the words of each listed chip name ('H100 SXM5 80 GB' -> h100, sxm5, 80, gb)
name_words as (
    select distinct names.hardware_name, split_items.raw_item as word
    from (
        select distinct hardware_name, regexp_replace(lower(hardware_name), '[^a-z0-9]+', ',', 'g') as name_words
        from listed
    ) as names
    {{ split_list_to_rows('names', 'name_words') }}
    where split_items.raw_item <> ''
),

-- NVIDIA's model codes (h100, a100, t4, sxm5: letters and digits) and product lines (the first
-- word of a card id: tesla, geforce, quadro, rtx, titan). A chip name holding one is an NVIDIA
-- card even without the word NVIDIA, so 'H100 SXM5 80 GB' is reported as an NVIDIA card missing
-- from the catalogue, not as another vendor's chip. (None of Epoch's other vendors' names, TPU
-- v4, MI250X, Ascend 910, Trainium1, CS-2, holds one.)
nvidia_words as (
    select distinct word, regexp_matches(word, '[0-9]') as is_model_code
    from card_words
    where regexp_matches(word, '[a-z]')
      and (regexp_matches(word, '[0-9]') or (item_position = 1 and length(word) >= 3))
),

nvidia_named as (
    select distinct name_words.hardware_name
    from name_words
    inner join nvidia_words on name_words.word = nvidia_words.word
),

-- for an NVIDIA name matching no card, the catalogue cards sharing the most of its words, among
-- those sharing a model code or, with two words or more, a product line ('RTX 3090' ->
-- geforce_rtx_3090, geforce_rtx_3090_ti): the hint in the exclusion detail
closest_cards as (
    select hardware_name, gpu_card_id,
           rank() over (partition by hardware_name order by shared_words desc) as closeness_rank
    from (
        select name_words.hardware_name, card_words.gpu_card_id,
               count(*)                                                     as shared_words,
               sum(case when nvidia_words.is_model_code then 1 else 0 end)  as shared_model_codes,
               count(nvidia_words.word)                                     as shared_nvidia_words
        from name_words
        inner join card_words on name_words.word = card_words.word
        left join nvidia_words on card_words.word = nvidia_words.word
        group by name_words.hardware_name, card_words.gpu_card_id
    ) as shared
    where shared_model_codes >= 1 or (shared_nvidia_words >= 1 and shared_words >= 2)
),

closest_card_lists as (
    select
        hardware_name,
        {{ dbt.listagg("gpu_card_id", "', '", "order by gpu_card_id", 3) }}
            || case when count(*) > 3 then ' (' || count(*) || ' in all)' else '' end as closest_gpu_card_ids
    from closest_cards
    where closeness_rank = 1
    group by hardware_name
),

matched as (
    select
        listed.training_hardware,
        listed.item_position,
        listed.hardware_name,
        coalesce(aliases.gpu_card_id, cards.gpu_card_id)                  as gpu_card_id,
        coalesce(aliases.match_type, case when cards.gpu_card_id is not null then 'card_id' end) as match_type,
        matched_cards.vendor,
        -- Epoch prefixes chip names with the vendor, custom jobs may not
        coalesce(matched_cards.vendor = 'NVIDIA',
                 lower(listed.hardware_name) like '%nvidia%' or nvidia_named.hardware_name is not null) as is_nvidia,
        closest_card_lists.closest_gpu_card_ids
    from listed
    left join {{ ref('stg_hardware__gpu_hardware_aliases') }} as aliases
        on {{ normalize_hardware_name('listed.hardware_name') }} = aliases.hardware_key
    left join cards
        on lower(listed.hardware_name) = cards.gpu_card_id
    left join cards as matched_cards
        on coalesce(aliases.gpu_card_id, cards.gpu_card_id) = matched_cards.gpu_card_id
    left join nvidia_named
        on listed.hardware_name = nvidia_named.hardware_name
    left join closest_card_lists
        on listed.hardware_name = closest_card_lists.hardware_name
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
    max(case when gpu_card_id is not null and matched_rank = 1 then vendor end)       as first_matched_vendor,
    {{ dbt.listagg("case when is_nvidia and gpu_card_id is null then hardware_name end", "', '") }} as unmatched_nvidia_hardware,
    {{ dbt.listagg("case when is_nvidia and gpu_card_id is null then closest_gpu_card_ids end", "'; '") }} as closest_gpu_card_ids,
    {{ dbt.listagg("case when not is_nvidia and gpu_card_id is null then hardware_name end", "', '") }} as unknown_hardware
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
    per_list.first_matched_vendor,
    per_list.unmatched_nvidia_hardware,
    per_list.closest_gpu_card_ids,
    per_list.unknown_hardware
from records
inner join per_list on records.training_hardware = per_list.training_hardware
