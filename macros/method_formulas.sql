{#- The method's formulas, each in one place (docs/method.md sections 3 and 4), used by the
    deterministic models and by the Monte Carlo models that re-run them with drawn parameters. -#}

{#- Production impact of one GPU card (MLCA): die + card base + memory, where memory is
    (memory_gb / memory density) cm2 of DRAM die. `gpu_and_ram_base` is MLCA's GPU base plus
    BoaviztAPI's RAM base. -#}
{% macro card_embodied_impact(die_area_cm2, die_factor_per_cm2, gpu_and_ram_base, memory_gb, memory_density_gb_per_cm2, ram_die_factor_per_cm2) -%}
    ({{ die_area_cm2 }} * {{ die_factor_per_cm2 }} + {{ gpu_and_ram_base }}
     + {{ memory_gb }} / {{ memory_density_gb_per_cm2 }} * {{ ram_die_factor_per_cm2 }})
{%- endmacro %}

{#- A run's share of its hardware's production impact: the hardware per GPU (card plus its
    share of the server) over the GPU-hours of its useful life (8760 hours a year). -#}
{% macro allocated_embodied_impact(gpu_hours, hardware_per_gpu, lifetime_years, utilization) -%}
    ({{ gpu_hours }} * {{ hardware_per_gpu }} / ({{ lifetime_years }} * 8760.0 * {{ utilization }}))
{%- endmacro %}

{#- Energy of a run, kWh: GPU-hours x power per GPU (W) / 1000 x PUE. -#}
{% macro run_energy_kwh(gpu_hours, power_per_gpu_w, pue) -%}
    ({{ gpu_hours }} * {{ power_per_gpu_w }} / 1000.0 * {{ pue }})
{%- endmacro %}

{#- The impact criteria of every per-run table, with the unit in their column names
    (gwp_use_kgco2e, adpe_embodied_kgsbeq, pe_total_mj): the one list the models loop over. -#}
{% macro impact_criteria() -%}
    {{ return([('gwp', 'kgco2e'), ('adpe', 'kgsbeq'), ('pe', 'mj')]) }}
{%- endmacro %}

{#- Use-phase impact of a criterion: energy (kWh) x the grid's factor per kWh. -#}
{% macro use_phase_impact(energy_kwh, grid_factor_per_kwh) -%}
    ({{ energy_kwh }} * {{ grid_factor_per_kwh }})
{%- endmacro %}

{#- A run's total impact of a criterion: use phase + embodied (production). -#}
{% macro total_impact(use, embodied) -%}
    ({{ use }} + {{ embodied }})
{%- endmacro %}

{#- The embodied share of a criterion's total (null when the total is 0). -#}
{% macro embodied_share(use, embodied) -%}
    ({{ embodied }} / nullif({{ use }} + {{ embodied }}, 0))
{%- endmacro %}
