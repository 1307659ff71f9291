-- One row per catalogue card: specifications and production (embodied) impacts per card.
select
    cards.gpu_card_id,
    cards.card_name,
    cards.architecture,
    cards.release_date,
    cast(extract(year from cards.release_date) as integer)              as release_year,
    cards.segment,
    cards.form_factor,
    cards.die_area_mm2,
    cards.process_node_nm,
    cards.memory_gb,
    cards.memory_type,
    cards.tdp_w,
    cards.fp32_flops,
    cards.tf32_flops,
    cards.tensor_fp16_flops,
    cards.fp8_flops,
    cards.fp32_flops / nullif(cards.tdp_w, 0)                            as fp32_flops_per_w,
    cards.tensor_fp16_flops / nullif(cards.tdp_w, 0)                     as tensor_fp16_flops_per_w,
    embodied.die_factor_model,
    embodied.gwp_die_factor_kgco2e_per_cm2,
    embodied.gwp_embodied_kgco2e,
    embodied.adpe_embodied_kgsbeq,
    embodied.pe_embodied_mj,
    cards.source,
    cards.source_note
from {{ ref('stg_hardware__gpu_cards') }} as cards
left join {{ ref('int_gpu_cards__embodied_impacts') }} as embodied
    on cards.gpu_card_id = embodied.gpu_card_id
