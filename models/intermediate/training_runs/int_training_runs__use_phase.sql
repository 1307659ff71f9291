-- depends_on: {{ ref('stg_owid__carbon_intensity') }}
-- Energy and use-phase impacts of each estimable run (docs/method.md section 4):
--   energy_kwh = gpu_hours x power_w / 1000 x PUE
--   use[c]     = energy_kwh x grid factor[c](the grid location's country)
-- PUE is the publication year's (var pue_early..pue_late), or under rule pue = by_operator the
-- documented operator type's; the grid location is the profile's (int_training_runs__countries_matched).
-- One row per estimable record and method profile.
-- power_w is the card's TDP; with var include_host_power, plus the host's share per GPU (CPUs'
-- TDP and RAM power of server_configuration, divided over gpus_per_server). With var
-- gwp_grid_factor_source = 'year_matched', GWP uses OWID's carbon intensity for the country and
-- publication year (World's for that year where the country has none). Custom jobs may bring
-- their own grid GWP factor and their metered energy, which then replace the estimates.

{%- set grid_source = var('gwp_grid_factor_source') %}
{%- if grid_source not in ['boavizta', 'year_matched'] %}
    {{ exceptions.raise_compiler_error("var gwp_grid_factor_source must be 'boavizta' or 'year_matched', got '" ~ grid_source ~ "'") }}
{%- endif %}

with runs as (
    select
        classified.record_id,
        classified.method_profile,
        classified.model_id,
        extract(year from classified.publication_date)                  as publication_year,
        classified.operator_pue,
        classified.pue_source,
        classified.location_source,
        classified.training_data_centre,
        gpu_hours.gpu_hours,
        classified.measured_energy_kwh,
        classified.reported_grid_gwp_kgco2e_per_kwh,
        cards.tdp_w
    from {{ ref('int_training_runs__classified') }} as classified
    inner join {{ ref('int_training_runs__gpu_hours') }} as gpu_hours
        on classified.record_id = gpu_hours.record_id
        and classified.method_profile = gpu_hours.method_profile
    inner join {{ ref('int_accelerators__catalogue') }} as cards
        on classified.gpu_card_id = cards.accelerator_id
),

host as (
    select
        (cpu_count * cpu_tdp_w + ram_total_gb * ram_power_w_per_gb) / {{ var('gpus_per_server') }} as host_power_w_per_gpu
    from {{ ref('stg_reference__server_configuration') }}
),

countries as (
    select * from {{ ref('int_training_runs__countries_matched') }}
),

{%- if grid_source == 'year_matched' %}
intensity as (
    select * from {{ ref('stg_owid__carbon_intensity') }}
),

year_matched as (
    select
        runs.record_id,
        runs.method_profile,
        coalesce(avg(country_year.gwp_kgco2e_per_kwh), max(world_year.gwp_kgco2e_per_kwh)) as gwp_kgco2e_per_kwh,
        case when avg(country_year.gwp_kgco2e_per_kwh) is not null then 'owid_country_year'
             when max(world_year.gwp_kgco2e_per_kwh) is not null then 'owid_world_year'
        end                                                              as gwp_grid_factor_source
    from runs
    inner join countries on runs.record_id = countries.record_id and runs.method_profile = countries.method_profile
    {{ split_list_to_rows('countries', 'grid_countries_iso3') }}
    left join intensity as country_year
        on country_year.country_code = trim(split_items.raw_item) and country_year.year = runs.publication_year
    left join intensity as world_year
        on world_year.country_code = 'OWID_WRL' and world_year.year = runs.publication_year
    group by runs.record_id, runs.method_profile
),
{%- endif %}

energy as (
    select
        runs.record_id,
        runs.method_profile,
        runs.model_id,
        runs.gpu_hours,
        runs.measured_energy_kwh,
        coalesce(runs.operator_pue, {{ pue_for_year('runs.publication_year') }}) as pue,
        runs.pue_source,
        runs.location_source,
        runs.training_data_centre,
        runs.tdp_w {% if var('include_host_power') %}+ host.host_power_w_per_gpu{% endif %} as power_per_gpu_w,
        countries.country_iso3,
        countries.grid_countries_iso3,
        countries.grid_country_rule,
        -- a custom job's own grid factor wins over the country's
        {%- if grid_source == 'year_matched' %}
        coalesce(runs.reported_grid_gwp_kgco2e_per_kwh, year_matched.gwp_kgco2e_per_kwh, countries.grid_gwp_kgco2e_per_kwh) as grid_gwp_kgco2e_per_kwh,
        case when runs.reported_grid_gwp_kgco2e_per_kwh is not null then 'reported'
             else coalesce(year_matched.gwp_grid_factor_source, 'boavizta') end             as gwp_grid_factor_source,
        {%- else %}
        coalesce(runs.reported_grid_gwp_kgco2e_per_kwh, countries.grid_gwp_kgco2e_per_kwh)  as grid_gwp_kgco2e_per_kwh,
        case when runs.reported_grid_gwp_kgco2e_per_kwh is not null then 'reported'
             else 'boavizta' end                                                            as gwp_grid_factor_source,
        {%- endif %}
        countries.grid_adpe_kgsbeq_per_kwh,
        countries.grid_pe_mj_per_kwh
    from runs
    cross join host
    inner join countries on runs.record_id = countries.record_id and runs.method_profile = countries.method_profile
    {%- if grid_source == 'year_matched' %}
    left join year_matched on runs.record_id = year_matched.record_id and runs.method_profile = year_matched.method_profile
    {%- endif %}
),

-- a custom job's metered energy replaces the estimate
energy_chosen as (
    select
        *,
        coalesce(measured_energy_kwh, {{ run_energy_kwh('gpu_hours', 'power_per_gpu_w', 'pue') }}) as energy_kwh,
        case when measured_energy_kwh is not null then 'measured' else 'gpu_hours_x_tdp_x_pue' end as energy_method
    from energy
)

select
    *,
    {%- for criterion, unit in impact_criteria() %}
    {{ use_phase_impact('energy_kwh', 'grid_' ~ criterion ~ '_' ~ unit ~ '_per_kwh') }}   as {{ criterion }}_use_{{ unit }}{{ ',' if not loop.last }}
    {%- endfor %}
from energy_chosen
