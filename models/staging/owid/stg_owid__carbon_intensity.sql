-- Carbon intensity of electricity by country and year (Our World in Data, from Ember and the
-- Energy Institute; CC BY 4.0), used only by the year-matched GWP variant
-- (var gwp_grid_factor_source = 'year_matched'). Read from CARBON_INTENSITY_CSV, else from
-- data/raw/owid/carbon-intensity-electricity.csv when `make data` fetched it; with neither, this
-- view is empty. Rows without an ISO3 code (regions such as "ASEAN (Ember)") are kept out; World
-- is OWID_WRL.
{%- set csv = resolve_input_csv('CARBON_INTENSITY_CSV', 'data/raw/owid/carbon-intensity-electricity.csv') %}
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
    {{ log("Carbon intensity input: " ~ csv.path ~ " (" ~ csv.origin ~ ")", info=true) }}
{%- endif %}

{%- if csv and execute %}
select
    upper(trim("Code"))                                                     as country_code,
    trim("Entity")                                                          as entity_name,
    cast(trim("Year") as integer)                                           as year,
    {{ dbt.safe_cast('trim("' ~ intensity[0] ~ '")', 'double') }} / 1000.0  as gwp_kgco2e_per_kwh,
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
