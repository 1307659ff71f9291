-- The benchmark's limit: one plain DuckDB statement that reads a custom-jobs file and the
-- reference files and writes the core per-run outputs (energy; use and embodied GWP, ADPe, PE),
-- with the formulas of the warehouse's default path for such jobs (the bench's synthetic jobs):
-- GPU-hours given or count x hours, PUE interpolated by year, energy metered or TDP x PUE, the
-- grid factor given or the country's (World's where the country lacks one), the card's and its
-- share of the server's production impact allocated by GPU-hours over the hardware's life.
-- The brace placeholders are filled by limit.py from dbt_project.yml's vars and the seeds.
create or replace table limit_runs as
with
factors as (  -- per criterion: BoaviztAPI's component factors, one column each
    select
        criterion,
        max(factor_value) filter (where component = 'cpu' and factor_name = 'die_impact_per_cm2') as cpu_die,
        max(factor_value) filter (where component = 'cpu' and factor_name = 'impact') as cpu_unit,
        max(factor_value) filter (where component = 'ram' and factor_name = 'die_impact_per_cm2') as ram_die,
        max(factor_value) filter (where component = 'ram' and factor_name = 'impact') as ram_unit,
        max(factor_value) filter (where component = 'power_supply') as power_supply_per_kg,
        max(factor_value) filter (where component = 'motherboard') as motherboard,
        max(factor_value) filter (where component = 'rack_case') as rack_case,
        max(factor_value) filter (where component = 'assembly') as assembly
    from read_csv('{component_factors_csv}', header = true)
    group by criterion
),
server as (  -- the server's configuration, one column per parameter
    select
        max(value) filter (where parameter = 'cpu_count') as cpu_count,
        max(value) filter (where parameter = 'cpu_die_area_cm2') as cpu_die_area_cm2,
        max(value) filter (where parameter = 'ram_total_gb') as ram_total_gb,
        max(value) filter (where parameter = 'ram_module_gb') as ram_module_gb,
        max(value) filter (where parameter = 'ram_density_gb_per_cm2') as ram_density_gb_per_cm2,
        max(value) filter (where parameter = 'power_supply_count') as power_supply_count,
        max(value) filter (where parameter = 'power_supply_mass_kg') as power_supply_mass_kg,
        max(value) filter (where parameter = 'motherboard_count') as motherboard_count,
        max(value) filter (where parameter = 'rack_case_count') as rack_case_count,
        max(value) filter (where parameter = 'assembly_count') as assembly_count
    from read_csv('{server_csv}', header = true)
),
criteria as (  -- per criterion: what a card's impact needs, and the server's impact per GPU
    select
        factors.criterion, factors.cpu_die, factors.ram_die, factors.ram_unit, base.gpu_base_impact,
        (server.cpu_count * (server.cpu_die_area_cm2 * factors.cpu_die + factors.cpu_unit)
         + server.ram_total_gb / server.ram_module_gb
           * (server.ram_module_gb / server.ram_density_gb_per_cm2 * factors.ram_die + factors.ram_unit)
         + server.power_supply_count * server.power_supply_mass_kg * factors.power_supply_per_kg
         + server.motherboard_count * factors.motherboard
         + server.rack_case_count * factors.rack_case
         + server.assembly_count * factors.assembly) / {gpus_per_server} as server_per_gpu
    from factors
    cross join server
    inner join read_csv('{base_csv}', header = true) as base on base.criterion = factors.criterion
),
card_criteria as (  -- per card and criterion: its production impact plus its server share
    select
        card.gpu_card_id, card.tdp_w, criteria.criterion,
        card.die_area_mm2 / 100 * criteria.cpu_die + criteria.gpu_base_impact
        + card.memory_gb / {memory_density_gb_per_cm2} * criteria.ram_die + criteria.ram_unit
        + criteria.server_per_gpu as embodied
    from read_csv('{gpu_cards_csv}', header = true) as card
    cross join criteria
),
cards as (  -- per card: one column per criterion
    select
        gpu_card_id,
        any_value(tdp_w) as tdp_w,
        max(embodied) filter (where criterion = 'gwp') as gwp_embodied,
        max(embodied) filter (where criterion = 'adpe') as adpe_embodied,
        max(embodied) filter (where criterion = 'pe') as pe_embodied
    from card_criteria
    group by gpu_card_id
),
aliases as (  -- a job names a card by its id or by one of its aliases
    select distinct lower(hardware_name) as name, gpu_card_id from read_csv('{aliases_csv}', header = true)
),
grid as (  -- per country: the three factors, World's where one is missing
    select
        country.country_iso3,
        coalesce(country.gwp_kgco2e_per_kwh, world.gwp_kgco2e_per_kwh) as gwp,
        coalesce(country.adpe_kgsbeq_per_kwh, world.adpe_kgsbeq_per_kwh) as adpe,
        coalesce(country.pe_mj_per_kwh, world.pe_mj_per_kwh) as pe
    from read_csv('{electricity_factors_csv}', header = true) as country
    cross join (select * from read_csv('{electricity_factors_csv}', header = true) where country_iso3 = 'WOR') as world
),
jobs as (
    select
        job_id,
        coalesce(gpu_hours, gpu_count * hours) as gpu_hours,
        extract(year from start_date) as year,
        gpu, country, grid_gwp_kgco2e_per_kwh, measured_energy_kwh
    from read_csv('{jobs_csv}', header = true, columns = {{
        'job_id': 'varchar', 'start_date': 'date', 'gpu': 'varchar', 'gpu_count': 'double', 'hours': 'double',
        'gpu_hours': 'double', 'country': 'varchar', 'grid_gwp_kgco2e_per_kwh': 'double',
        'measured_energy_kwh': 'double', 'organization': 'varchar'}})
),
priced as (
    select
        jobs.*, cards.*,
        coalesce(jobs.measured_energy_kwh, jobs.gpu_hours * cards.tdp_w / 1000 * (case
            when jobs.year <= {pue_early_year} then {pue_early}
            when jobs.year >= {pue_late_year} then {pue_late}
            else {pue_early} + ({pue_late} - {pue_early}) * (jobs.year - {pue_early_year}) / ({pue_late_year} - {pue_early_year})
        end)) as energy_kwh,
        jobs.gpu_hours / ({hardware_lifetime_years} * 8760 * {hardware_utilization}) as allocation,
        coalesce(jobs.grid_gwp_kgco2e_per_kwh, grid.gwp) as grid_gwp, grid.adpe as grid_adpe, grid.pe as grid_pe
    from jobs
    left join cards as named_by_id on named_by_id.gpu_card_id = jobs.gpu
    left join aliases on aliases.name = lower(jobs.gpu)
    inner join cards on cards.gpu_card_id = coalesce(named_by_id.gpu_card_id, aliases.gpu_card_id)
    inner join grid on grid.country_iso3 = jobs.country
)
select
    job_id,
    energy_kwh,
    energy_kwh * grid_gwp as gwp_use_kgco2e,
    allocation * gwp_embodied as gwp_embodied_kgco2e,
    energy_kwh * grid_adpe as adpe_use_kgsbeq,
    allocation * adpe_embodied as adpe_embodied_kgsbeq,
    energy_kwh * grid_pe as pe_use_mj,
    allocation * pe_embodied as pe_embodied_mj
from priced
