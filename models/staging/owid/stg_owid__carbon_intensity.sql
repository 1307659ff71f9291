-- Carbon intensity of electricity by country and year (Our World in Data, from Ember and the
-- Energy Institute; CC BY 4.0), used only by the year-matched GWP variant
-- (var gwp_grid_factor_source = 'year_matched'). Read from CARBON_INTENSITY_CSV, else from
-- data/raw/owid/carbon-intensity-electricity.csv when `make data` fetched it; with neither, this
-- view is empty. Rows without an ISO3 code (regions such as "ASEAN (Ember)") are kept out; World
-- is OWID_WRL.
{#- the declared input (models/staging/_raw_inputs__sources.yml), for the lineage graph; the file
    itself is found by resolve_input_csv() -#}
{%- do source('raw_inputs', 'owid_carbon_intensity') %}
{%- set csv = resolve_input_csv('CARBON_INTENSITY_CSV', 'raw/owid/carbon-intensity-electricity.csv') %}
{%- if not csv and execute and var('gwp_grid_factor_source') == 'year_matched' %}
    {{ exceptions.raise_compiler_error("var gwp_grid_factor_source = 'year_matched' needs OWID's carbon-intensity file: set CARBON_INTENSITY_CSV to its path, or run `make data`") }}
{%- endif %}
{%- if csv and execute %}
    {%- do assert_readable_csv(csv.path, 'Carbon intensity input') %}
    {%- set headers = run_query("describe select * from " ~ read_csv_as_text(csv.path)).columns[0].values() %}
    {%- set intensity = [] %}
    {%- for header in headers if 'carbon intensity' in (header | lower) %}
        {%- do intensity.append(header) %}
    {%- endfor %}
    {%- for required in ['Code', 'Year'] if required not in headers %}
        {{ exceptions.raise_compiler_error("Carbon intensity input " ~ csv.path ~ ": column '" ~ required ~ "' not found; columns present: " ~ headers | join(', ')) }}
    {%- endfor %}
    {%- if not intensity %}
        {{ exceptions.raise_compiler_error("Carbon intensity input " ~ csv.path ~ ": no 'Carbon intensity of electricity - gCO2e/kWh' column; columns present: " ~ headers | join(', ')) }}
    {%- endif %}
    {#- a fractional Year would be rounded by the cast below, and a country's value then looked
        up in the wrong year (or not at all, falling back to World): refuse the file instead -#}
    {%- set bad_value -%}
        with records as (
            select row_number() over () as record_number, trim("Year") as year_text,
                   regexp_full_match(coalesce(trim("Year"), ''), '[0-9]{4}') as is_year,
                   trim({{ quote_identifier(intensity[0]) }}) as intensity_text
            from {{ read_csv_as_text(csv.path) }}
        )
        select record_number,
               case when not is_year then 'Year' else {{ "'" ~ intensity[0] | replace("'", "''") ~ "'" }} end,
               case when not is_year then year_text else intensity_text end
        from records
        where not is_year
           or (intensity_text <> '' and not coalesce(try_cast(intensity_text as double) between 0 and {{ var('max_grid_gwp_kgco2e_per_kwh') }} * 1000, false))
        order by record_number
        limit 1
    {%- endset %}
    {%- set bad = run_query(bad_value).rows %}
    {%- if bad %}
        {{ exceptions.raise_compiler_error("Carbon intensity input " ~ csv.path ~ ": record " ~ bad[0][0] ~ " (after the header): " ~ bad[0][1] ~ " = '" ~ bad[0][2] ~ "' is not " ~ ("a four-digit year" if bad[0][1] == 'Year' else "a carbon intensity in gCO2e/kWh between 0 and " ~ var('max_grid_gwp_kgco2e_per_kwh') * 1000 ~ " (var max_grid_gwp_kgco2e_per_kwh)")) }}
    {%- endif %}
    {{ log("Carbon intensity input: " ~ csv.path ~ " (" ~ csv.origin ~ ")", info=true) }}
{%- endif %}

{%- if csv and execute %}
select
    upper(trim("Code"))                                                     as country_code,
    trim("Entity")                                                          as entity_name,
    cast(trim("Year") as integer)                                           as year,
    {{ dbt.safe_cast('trim(' ~ quote_identifier(intensity[0]) ~ ')', 'double') }} / 1000.0  as gwp_kgco2e_per_kwh,
    '{{ csv.path | replace("'", "''") }}'                                   as input_source
from {{ read_csv_as_text(csv.path) }}
where nullif(trim("Code"), '') is not null
{%- else %}
select
    cast(null as {{ dbt.type_string() }})  as country_code,
    cast(null as {{ dbt.type_string() }})  as entity_name,
    cast(null as integer)                  as year,
    cast(null as double)                   as gwp_kgco2e_per_kwh,
    cast(null as {{ dbt.type_string() }})  as input_source
where 1 = 0
{%- endif %}
