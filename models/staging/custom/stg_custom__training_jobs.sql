-- An organisation's own training jobs (CUSTOM_RUNS_CSV; format: docs/custom_runs.md),
-- renamed to the shape of the Epoch staging model so they flow through the same models with
-- run_source = 'custom'. Without CUSTOM_RUNS_CSV this view is empty. Values that do not parse
-- become null and keep their text in *_text, as for Epoch.
{#- the declared input (models/staging/_raw_inputs__sources.yml), for the lineage graph; the file
    itself is found by resolve_input_csv() -#}
{%- do source('raw_inputs', 'custom_training_jobs') %}
{%- set csv = resolve_input_csv('CUSTOM_RUNS_CSV', 'data/custom/training_jobs.csv') %}
{%- set columns = {} %}
{%- if csv and execute %}
    {%- do assert_readable_csv(csv.path, 'Custom runs input') %}
    {%- set headers = input_headers(read_csv_as_text(csv.path)) %}
    {%- set missing = [] %}
    {%- for column in custom_run_columns() %}
        {%- if column.name in headers %}
            {%- do columns.update({column.name: headers[column.name]}) %}
        {%- elif column.required %}
            {%- do missing.append(column.name) %}
        {%- endif %}
    {%- endfor %}
    {%- if missing %}
        {{ exceptions.raise_compiler_error("Custom runs input " ~ csv.path ~ ": required column(s) not found: " ~ missing | join(', ') ~ ". Columns present: " ~ headers.values() | list | join(', ')) }}
    {%- endif %}
    {%- if 'gpu_hours' not in columns and ('gpu_count' not in columns or 'hours' not in columns) %}
        {{ exceptions.raise_compiler_error("Custom runs input " ~ csv.path ~ ": give gpu_hours, or gpu_count and hours") }}
    {%- endif %}
    {{ log("Custom runs input: " ~ csv.path ~ " (" ~ csv.origin ~ ")", info=true) }}
{%- endif %}
{%- set text = trimmed_text_columns(custom_run_columns() | map(attribute='name') | list, columns) %}

with raw as (
    {%- if csv and execute %}
    select *, row_number() over () as source_row_number
    from {{ read_csv_as_text(csv.path) }}
    {%- else %}
    select cast(null as bigint) as source_row_number where 1 = 0
    {%- endif %}
)

select
    substr({{ dbt.hash("'custom|' || lower(coalesce(" ~ text['job_id'] ~ ", ''))") }}, 1, 16)  as model_key,
    'custom'                                                                  as run_source,
    '{{ (csv.path if csv else "") | replace("'", "''") }}'                    as input_source,
    source_row_number,
    {{ text['job_id'] }}                                                      as model_name,
    {{ text['organization'] }}                                                as organization,
    {{ text['start_date'] }}                                                  as publication_date_text,
    {{ dbt.safe_cast(text['start_date'], 'date') }}                           as publication_date,
    cast(null as {{ dbt.type_string() }})                                     as domain,
    cast(null as {{ dbt.type_string() }})                                     as training_compute_flop_text,
    cast(null as double)                                                      as training_compute_flop,
    {{ text['hours'] }}                                                       as training_time_hours_text,
    {{ dbt.safe_cast(text['hours'], 'double') }}                              as training_time_hours,
    {{ text['gpu'] }}                                                         as training_hardware,
    {{ text['gpu_count'] }}                                                   as hardware_quantity_text,
    {{ dbt.safe_cast(text['gpu_count'], 'double') }}                          as hardware_quantity,
    cast(null as double)                                                      as hardware_utilization_mfu,
    cast(null as {{ dbt.type_string() }})                                     as numerical_format,
    {{ text['country'] }}                                                     as country_of_organization,
    cast(null as {{ dbt.type_string() }})                                     as base_model,
    cast(null as double)                                                      as finetune_compute_flop,
    cast(null as {{ dbt.type_string() }})                                     as confidence,
    cast(null as {{ dbt.type_string() }})                                     as link,
    {{ text['gpu_hours'] }}                                                   as reported_gpu_hours_text,
    {{ dbt.safe_cast(text['gpu_hours'], 'double') }}                          as reported_gpu_hours,
    {{ text['grid_gwp_kgco2e_per_kwh'] }}                                     as reported_grid_gwp_text,
    {{ dbt.safe_cast(text['grid_gwp_kgco2e_per_kwh'], 'double') }}            as reported_grid_gwp_kgco2e_per_kwh,
    {{ text['measured_energy_kwh'] }}                                         as measured_energy_kwh_text,
    {{ dbt.safe_cast(text['measured_energy_kwh'], 'double') }}                as measured_energy_kwh
from raw
