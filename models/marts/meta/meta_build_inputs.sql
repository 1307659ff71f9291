-- depends_on: {{ ref('epoch_notable_models_sample') }}
-- The inputs this build read, one row per input: which file (or the bundled sample), its size,
-- modification time and SHA-256 as read now, and, where `make data` fetched it, what
-- data/raw/manifest.json recorded (publisher's URL, retrieval time, or the folder and time of a
-- `--from` copy). A last row identifies the project's own code (its git commit, as the
-- `training-impacts build` command recorded it). The report's provenance section reads this.
{%- set epoch = epoch_models_input() %}
{%- set carbon = resolve_input_csv('CARBON_INTENSITY_CSV', 'raw/owid/carbon-intensity-electricity.csv') %}
{%- set custom = resolve_input_csv('CUSTOM_RUNS_CSV', 'data/custom/training_jobs.csv') %}
{%- set inputs = [
    {'name': 'epoch_models', 'description': "Epoch AI, Data on AI Models (notable models): the training runs",
     'path': epoch.path, 'origin': epoch.origin, 'is_bundled_sample': epoch.is_bundled_sample},
    {'name': 'carbon_intensity', 'description': "Our World in Data, carbon intensity of electricity (year-matched GWP variant)",
     'path': carbon.path if carbon else none, 'origin': carbon.origin if carbon else 'not read: no file given or fetched',
     'is_bundled_sample': false},
    {'name': 'custom_runs', 'description': "An organisation's own training jobs",
     'path': custom.path if custom else none, 'origin': custom.origin if custom else 'not read: no file given',
     'is_bundled_sample': false},
] %}
{#- Files larger than this are not hashed (read_blob holds the whole file in memory). Epoch's
    export is about 2 MB; an organisation's 10 M jobs are about 1 GB. -#}
{%- set max_hashed_bytes = var('max_hashed_input_bytes') %}
{%- set manifest_file = raw_data_dir() ~ '/manifest.json' %}
{%- set has_manifest = execute and run_query("select count(*) from glob(" ~ quote_path(manifest_file) ~ ")").columns[0].values()[0] > 0 %}

with files as (
{%- for input in inputs %}
    {%- if input.path %}
    {#- the size first (read_blob reads no content for it), so a large file is never loaded -#}
    {%- set size = run_query("select size from read_blob(" ~ quote_path(input.path) ~ ")").columns[0].values()[0] if execute else 0 %}
    select
        '{{ input.name }}' as input_name, size as bytes, last_modified as modified_at,
        {{ 'sha256(content)' if size <= max_hashed_bytes else 'cast(null as varchar)' }} as sha256
    from read_blob({{ quote_path(input.path) }})
    {%- else %}
    select
        '{{ input.name }}' as input_name, cast(null as bigint) as bytes, cast(null as timestamptz) as modified_at,
        cast(null as varchar) as sha256
    {%- endif %}
    union all
{%- endfor %}
    select
        'project_code' as input_name, cast(null as bigint) as bytes, cast(null as timestamptz) as modified_at,
        cast(null as varchar) as sha256
),

{# what `make data` recorded of each file it fetched or copied, matched by content (SHA-256) -#}
manifest as (
{%- if has_manifest %}
    select
        json_extract_string(entry, '$.sha256')       as sha256,
        json_extract_string(entry, '$.origin')       as manifest_origin,
        json_extract_string(entry, '$.source_url')   as source_url,
        json_extract_string(entry, '$.retrieved_at') as retrieved_at,
        json_extract_string(entry, '$.copied_at')    as copied_at
    from (select unnest(json_extract(content, '$.files[*]')) as entry
          from read_text({{ quote_path(manifest_file) }}))
{%- else %}
    select cast(null as varchar) as sha256, cast(null as varchar) as manifest_origin, cast(null as varchar) as source_url,
           cast(null as varchar) as retrieved_at, cast(null as varchar) as copied_at
    where false
{%- endif %}
),

described (input_order, input_name, description, path, origin, is_bundled_sample) as (
    values
{%- for input in inputs %}
        ({{ loop.index }}, '{{ input.name }}', '{{ input.description | replace("'", "''") }}',
         {{ quote_path(input.path) if input.path else 'null' }}, '{{ input.origin | replace("'", "''") }}',
         {{ 'true' if input.is_bundled_sample else 'false' }}),
{%- endfor %}
        ({{ inputs | length + 1 }}, 'project_code', 'training-impacts: models, seeds and macros',
         {{ quote_path(project_root()) }}, 'git checkout', false)
)

select
    cast(described.input_order as integer)                          as input_order,
    cast(described.input_name as {{ dbt.type_string() }})           as input_name,
    cast(described.description as {{ dbt.type_string() }})          as description,
    cast(described.origin as {{ dbt.type_string() }})               as origin,
    cast(described.path as {{ dbt.type_string() }})                 as path,
    cast(described.is_bundled_sample as boolean)                    as is_bundled_sample,
    cast(files.bytes as bigint)                                     as bytes,
    cast(files.modified_at as timestamp with time zone)             as modified_at,
    cast(files.sha256 as {{ dbt.type_string() }})                   as sha256,
    cast(case when described.input_name = 'project_code'
              then nullif('{{ env_var("TRAINING_IMPACTS_COMMIT", "") | replace("'", "''") }}', '') end
         as {{ dbt.type_string() }})                                as git_commit,
    cast(manifest.manifest_origin as {{ dbt.type_string() }})       as manifest_origin,
    cast(manifest.source_url as {{ dbt.type_string() }})            as source_url,
    cast(manifest.retrieved_at as timestamp with time zone)         as retrieved_at,
    cast(manifest.copied_at as timestamp with time zone)            as copied_at,
    cast('{{ run_started_at.isoformat() }}' as timestamp with time zone) as built_at,
    cast('{{ dbt_version }}' as {{ dbt.type_string() }})            as dbt_version,
    cast('{{ invocation_id }}' as {{ dbt.type_string() }})          as invocation_id
from described
left join files on described.input_name = files.input_name
left join manifest on files.sha256 = manifest.sha256
order by described.input_order
