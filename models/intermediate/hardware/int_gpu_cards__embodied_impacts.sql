-- Production (embodied) impacts of one accelerator (an NVIDIA card or another vendor's chip; the
-- key keeps its historical name gpu_card_id), MLCA's bottom-up model (docs/method.md section 3):
--
--     gpu[c]    = die_area_cm2 * die_factor[c] + gpu_base[c] + memory[c]
--     memory[c] = (memory_gb / memory_density_gb_per_cm2) * ram_die_factor[c] + ram_base[c]
--
-- die_factor and the RAM factors are BoaviztAPI's (CPU die, RAM), read from the installed
-- package; gpu_base is MLCA's (seed gpu_embodied_base). With var die_factor_model = 'node_aware'
-- the GWP die factor is ACT's per-node factor instead (ADPe and PE stay area-only).

with cards as (
    select accelerator_id as gpu_card_id, die_area_mm2, memory_gb, process_node_nm
    from {{ ref('int_accelerators__catalogue') }}
),

component_factors as (
    select * from {{ ref('stg_boavizta__component_factors') }}
),

gpu_base as (
    select * from {{ ref('stg_reference__gpu_embodied_base') }}
),

factors as (
    select
        {% for criterion, _ in impact_criteria() %}
        max(case when criterion = '{{ criterion }}' then cpu_die_impact_per_cm2 end) as {{ criterion }}_die_factor_per_cm2,
        max(case when criterion = '{{ criterion }}' then ram_die_impact_per_cm2 end) as {{ criterion }}_ram_die_factor_per_cm2,
        max(case when criterion = '{{ criterion }}' then ram_impact end)             as {{ criterion }}_ram_base,
        (select gpu_base.gpu_base_impact from gpu_base where gpu_base.criterion = '{{ criterion }}')
                                                                          as {{ criterion }}_gpu_base{{ ',' if not loop.last }}
        {% endfor %}
    from component_factors
),

-- ACT: carbon per cm2 of die = (fab grid intensity * EPA + GPA + MPA) / yield, in kgCO2e/cm2.
act_factor_by_node as (
    select
        mapping.process_node_nm,
        (
            {{ var('act_fab_grid_gco2e_per_kwh') }} * act.epa_kwh_per_cm2
            + act.gpa_g_per_cm2
            + {{ var('act_mpa_g_per_cm2') }}
        ) / {{ var('act_fab_yield') }} / 1000.0                        as act_gwp_die_factor_per_cm2
    from {{ ref('stg_reference__process_node_act_mapping') }} as mapping
    inner join {{ ref('stg_reference__act_node_factors') }} as act
        on mapping.act_node_nm = act.act_node_nm
),

card_factors as (
    select
        cards.gpu_card_id,
        cards.die_area_mm2 / 100.0                                        as die_area_cm2,
        cards.memory_gb,
        cards.memory_gb / {{ var('memory_density_gb_per_cm2') }}           as memory_die_area_cm2,
        {% if var('die_factor_model') == 'node_aware' %}
        act_factor_by_node.act_gwp_die_factor_per_cm2                     as gwp_die_factor_per_cm2,
        {% elif var('die_factor_model') == 'area_only' %}
        factors.gwp_die_factor_per_cm2,
        {% else %}
        {{ exceptions.raise_compiler_error("var die_factor_model must be 'area_only' or 'node_aware', got '" ~ var('die_factor_model') ~ "'") }}
        {% endif %}
        factors.adpe_die_factor_per_cm2,
        factors.pe_die_factor_per_cm2,
        {% for criterion, _ in impact_criteria() %}
        factors.{{ criterion }}_ram_die_factor_per_cm2,
        factors.{{ criterion }}_ram_base,
        factors.{{ criterion }}_gpu_base,
        {% endfor %}
        '{{ var("die_factor_model") }}'                                   as die_factor_model
    from cards
    cross join factors
    -- read by the node_aware branch above only
    left join act_factor_by_node  -- noqa: ST11
        on cards.process_node_nm = act_factor_by_node.process_node_nm
)

select
    gpu_card_id,
    die_factor_model,
    gwp_die_factor_per_cm2                                                as gwp_die_factor_kgco2e_per_cm2,
    -- the formula's terms, for the Monte Carlo models that vary memory density and die factor
    die_area_cm2,
    memory_gb,
    {%- for criterion, _ in impact_criteria() %}
    {{ criterion }}_die_factor_per_cm2,
    {{ criterion }}_ram_die_factor_per_cm2,
    {{ criterion }}_gpu_base + {{ criterion }}_ram_base                          as {{ criterion }}_gpu_and_ram_base,
    {%- endfor %}
    {% for criterion, unit in impact_criteria() %}
    die_area_cm2 * {{ criterion }}_die_factor_per_cm2 + {{ criterion }}_gpu_base
        as {{ criterion }}_gpu_die_and_base_{{ unit }},
    memory_die_area_cm2 * {{ criterion }}_ram_die_factor_per_cm2 + {{ criterion }}_ram_base
        as {{ criterion }}_gpu_memory_{{ unit }},
    {{ card_embodied_impact('die_area_cm2', criterion ~ '_die_factor_per_cm2',
                            criterion ~ '_gpu_base + ' ~ criterion ~ '_ram_base', 'memory_gb',
                            var('memory_density_gb_per_cm2'), criterion ~ '_ram_die_factor_per_cm2') }}
        as {{ criterion }}_embodied_{{ unit }}{{ ',' if not loop.last }}
    {% endfor %}
from card_factors
