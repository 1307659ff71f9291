-- Each record's grid location matched to ISO3 codes and to the electricity factors of
-- boaviztapi, per method profile: the `Country (of organization)` list, or the documented data
-- centre's country (rule grid_location, int_training_runs__method_choices). Several distinct
-- countries: var multi_country_rule ('mean' of their factors, or the 'first' listed); no known
-- country, or no factor: World (WOR). A criterion a country lacks (BoaviztAPI 2.5 has no PE
-- factor for HKG): rule grid_factor_fallback, 'mean_of_available' (the paper's: the country drops
-- out of that criterion's mean) or 'world_per_criterion' (it takes World's factor).
-- One row per record and method profile (the matching runs once per distinct list).

with records as (
    select record_id, method_profile, grid_location as country_of_organization, grid_factor_fallback
    from {{ ref('int_training_runs__method_choices') }}
),

-- each distinct list once, split into its items
listed as (
    {{ distinct_list_items('records', 'country_of_organization', 'country_name') }}
),

world_factors as (
    select * from {{ ref('stg_boavizta__electricity_factors') }} where country_iso3 = 'WOR'
),

iso3_codes as (
    select distinct country_iso3 from {{ ref('stg_reference__country_iso3') }} where country_iso3 is not null
),

coded as (
    select
        listed.country_of_organization,
        listed.country_name,
        coalesce(countries.country_iso3, codes.country_iso3)            as country_iso3,
        (countries.country_key is not null or codes.country_iso3 is not null) as is_known_name,
        min(listed.item_position) over (partition by listed.country_of_organization, coalesce(countries.country_iso3, codes.country_iso3))
                                                                       as first_position
    from listed
    left join {{ ref('stg_reference__country_iso3') }} as countries
        on lower(listed.country_name) = countries.country_key
    left join iso3_codes as codes
        on upper(listed.country_name) = codes.country_iso3
),

-- distinct countries with an electricity factor, in the order first listed
with_factor as (
    select distinct
        coded.country_of_organization,
        coded.country_iso3,
        coded.first_position,
        factors.gwp_kgco2e_per_kwh,
        factors.adpe_kgsbeq_per_kwh,
        factors.pe_mj_per_kwh
    from coded
    inner join {{ ref('stg_boavizta__electricity_factors') }} as factors
        on coded.country_iso3 = factors.country_iso3
),

chosen as (
    select
        country_of_organization,
        country_iso3,
        first_position,
        gwp_kgco2e_per_kwh,
        adpe_kgsbeq_per_kwh,
        pe_mj_per_kwh,
        {% if var('multi_country_rule') == 'mean' %}
        true                                                           as is_used
        {% elif var('multi_country_rule') == 'first' %}
        first_position = min(first_position) over (partition by country_of_organization) as is_used
        {% else %}
        {{ exceptions.raise_compiler_error("var multi_country_rule must be 'mean' or 'first', got '" ~ var('multi_country_rule') ~ "'") }}
        {% endif %}
    from with_factor
),

per_record as (
    select
        country_of_organization,
        count(*)                                                        as used_country_count,
        max(case when first_position = min_position then country_iso3 end) as first_country_iso3,
        {{ dbt.listagg('country_iso3', "','", 'order by first_position') }} as used_countries_iso3,
        {%- for criterion, unit in impact_criteria() %}
        avg({{ criterion }}_{{ unit }}_per_kwh)                         as {{ criterion }}_{{ unit }}_per_kwh,
        avg(coalesce({{ criterion }}_{{ unit }}_per_kwh, (select {{ criterion }}_{{ unit }}_per_kwh from world_factors)))
                                                                        as {{ criterion }}_{{ unit }}_per_kwh_world_filled{{ ',' if not loop.last }}
        {%- endfor %}
    from (
        select *, min(first_position) over (partition by country_of_organization) as min_position
        from chosen
        where is_used
    ) as used
    group by country_of_organization
),

unmatched as (
    select
        country_of_organization,
        {{ dbt.listagg("case when not is_known_name then country_name end", "', '") }} as unmatched_country_names
    from coded
    group by country_of_organization
)

select
    records.record_id,
    records.method_profile,
    coalesce(per_record.first_country_iso3, 'WOR')                          as country_iso3,
    coalesce(per_record.used_countries_iso3, 'WOR')                         as grid_countries_iso3,
    case
        when per_record.used_country_count is null then 'world_default'
        when per_record.used_country_count = 1 then 'single_country'
        else 'mean_of_countries'
    end                                                                     as grid_country_rule,
    unmatched.unmatched_country_names,
    {%- for criterion, unit in impact_criteria() %}
    coalesce(
        case records.grid_factor_fallback
            when 'mean_of_available' then per_record.{{ criterion }}_{{ unit }}_per_kwh
            when 'world_per_criterion' then per_record.{{ criterion }}_{{ unit }}_per_kwh_world_filled
        end,
        world.{{ criterion }}_{{ unit }}_per_kwh)                             as grid_{{ criterion }}_{{ unit }}_per_kwh{{ ',' if not loop.last }}
    {%- endfor %}
from records
cross join world_factors as world
left join per_record on records.country_of_organization = per_record.country_of_organization
left join unmatched on records.country_of_organization = unmatched.country_of_organization
