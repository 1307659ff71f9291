-- Production impacts of the server that hosts the GPUs, without the GPUs themselves (docs/method.md
-- section 3): CPUs, RAM, power supplies, motherboard, rack case and assembly, one row per
-- criterion. The quantities are the seed server_configuration's; the factors are BoaviztAPI's,
-- computed as BoaviztAPI does (RAM per module: capacity / density * die factor + base).

with config as (
    select * from {{ ref('stg_reference__server_configuration') }}
),

factors as (
    select * from {{ ref('stg_boavizta__component_factors') }}
),

components as (
    select
        factors.criterion,
        config.cpu_count * (config.cpu_die_area_cm2 * factors.cpu_die_impact_per_cm2 + factors.cpu_impact) as cpus_impact,
        (config.ram_total_gb / config.ram_module_gb)
            * ((config.ram_module_gb / config.ram_density_gb_per_cm2) * factors.ram_die_impact_per_cm2 + factors.ram_impact)
                                                                                                  as ram_impact,
        config.power_supply_count * config.power_supply_mass_kg * factors.power_supply_impact_per_kg as power_supplies_impact,
        config.motherboard_count * factors.motherboard_impact                                     as motherboard_impact,
        config.rack_case_count * factors.rack_case_impact                                         as rack_case_impact,
        config.assembly_count * factors.assembly_impact                                           as assembly_impact
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
