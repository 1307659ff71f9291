-- Production impacts of the server that hosts the GPUs, without the GPUs themselves (docs/method.md
-- section 3): CPUs, RAM, power supplies, motherboard, rack case and assembly, one row per
-- criterion. The quantities are the seed server_configuration's; the factors are BoaviztAPI's,
-- computed as BoaviztAPI does (RAM per module: capacity / density * die factor + base).

with config as (
    select
        max(case when parameter = 'cpu_count' then value end)              as cpu_count,
        max(case when parameter = 'cpu_die_area_cm2' then value end)       as cpu_die_area_cm2,
        max(case when parameter = 'ram_total_gb' then value end)           as ram_total_gb,
        max(case when parameter = 'ram_module_gb' then value end)          as ram_module_gb,
        max(case when parameter = 'ram_density_gb_per_cm2' then value end) as ram_density_gb_per_cm2,
        max(case when parameter = 'power_supply_count' then value end)     as power_supply_count,
        max(case when parameter = 'power_supply_mass_kg' then value end)   as power_supply_mass_kg,
        max(case when parameter = 'motherboard_count' then value end)      as motherboard_count,
        max(case when parameter = 'rack_case_count' then value end)        as rack_case_count,
        max(case when parameter = 'assembly_count' then value end)         as assembly_count
    from {{ ref('stg_reference__server_configuration') }}
),

factors as (
    select
        criterion,
        max(case when component = 'cpu' and factor_name = 'die_impact_per_cm2' then factor_value end) as cpu_die_factor,
        max(case when component = 'cpu' and factor_name = 'impact' then factor_value end)             as cpu_base,
        max(case when component = 'ram' and factor_name = 'die_impact_per_cm2' then factor_value end) as ram_die_factor,
        max(case when component = 'ram' and factor_name = 'impact' then factor_value end)             as ram_base,
        max(case when component = 'power_supply' then factor_value end)                               as power_supply_per_kg,
        max(case when component = 'motherboard' then factor_value end)                                as motherboard,
        max(case when component = 'rack_case' then factor_value end)                                  as rack_case,
        max(case when component = 'assembly' then factor_value end)                                   as assembly
    from {{ ref('stg_boavizta__component_factors') }}
    group by criterion
),

components as (
    select
        factors.criterion,
        config.cpu_count * (config.cpu_die_area_cm2 * factors.cpu_die_factor + factors.cpu_base)   as cpus_impact,
        (config.ram_total_gb / config.ram_module_gb)
            * ((config.ram_module_gb / config.ram_density_gb_per_cm2) * factors.ram_die_factor + factors.ram_base)
                                                                                                  as ram_impact,
        config.power_supply_count * config.power_supply_mass_kg * factors.power_supply_per_kg     as power_supplies_impact,
        config.motherboard_count * factors.motherboard                                            as motherboard_impact,
        config.rack_case_count * factors.rack_case                                                as rack_case_impact,
        config.assembly_count * factors.assembly                                                  as assembly_impact
    from factors
    cross join config
)

select
    criterion,
    cpus_impact,
    ram_impact,
    power_supplies_impact,
    motherboard_impact,
    rack_case_impact,
    assembly_impact,
    cpus_impact + ram_impact + power_supplies_impact + motherboard_impact + rack_case_impact + assembly_impact
        as server_without_gpus_impact
from components
