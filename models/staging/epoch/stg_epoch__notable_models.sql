-- depends_on: {{ ref('epoch_notable_models_sample') }}
-- One row per record of Epoch AI's notable models (or of the bundled sample), the columns the
-- method uses, renamed and typed. Header variants of older and newer exports are mapped by
-- macros/epoch_columns.sql; a missing required column stops the build with its name.
-- Values that do not parse become null here and keep their text in `*_text`, so the exclusion
-- step can say which value was wrong.
{#- the declared input (models/staging/_raw_inputs__sources.yml), for the lineage graph; the file
    itself is found by epoch_models_input() -#}
{%- do source('raw_inputs', 'epoch_notable_models') %}
{%- set input = epoch_models_input() %}
{%- set columns = epoch_column_mapping(input.relation_sql, input.label) %}
{%- if execute %}{{ log("Epoch models input: " ~ input.label, info=true) }}{% endif %}

{#- text[name]: the column as trimmed text, or a typed null where this export lacks it -#}
{%- set text = trimmed_text_columns(columns.keys() | list, columns) %}

with raw as (
    select
        *,
        row_number() over () as source_row_number
    from {{ input.relation_sql }}
),

typed as (
    select
        source_row_number,
        {{ text['model_name'] }}                                              as model_name,
        {{ text['organization'] }}                                            as organization,
        {{ text['publication_date'] }}                                        as publication_date_text,
        {{ dbt.safe_cast(text['publication_date'], 'date') }}                 as publication_date,
        {{ text['domain'] }}                                                  as domain,
        {{ text['training_compute_flop'] }}                                   as training_compute_flop_text,
        {{ dbt.safe_cast(text['training_compute_flop'], 'double') }}          as training_compute_flop,
        {{ text['training_time_hours'] }}                                     as training_time_hours_text,
        {{ dbt.safe_cast(text['training_time_hours'], 'double') }}            as training_time_hours,
        {{ text['training_hardware'] }}                                       as training_hardware,
        {{ text['hardware_quantity'] }}                                       as hardware_quantity_text,
        {{ dbt.safe_cast(text['hardware_quantity'], 'double') }}              as hardware_quantity,
        {{ dbt.safe_cast(text['hardware_utilization_mfu'], 'double') }}       as hardware_utilization_mfu,
        {{ text['numerical_format'] }}                                        as numerical_format,
        {{ text['country_of_organization'] }}                                 as country_of_organization,
        {{ text['base_model'] }}                                              as base_model,
        {{ dbt.safe_cast(text['finetune_compute_flop'], 'double') }}          as finetune_compute_flop,
        {{ text['confidence'] }}                                              as confidence,
        {{ text['link'] }}                                                    as link
    from raw
)

select
    -- Stable key: model names repeat across records in some exports, name and date do not (the
    -- rare exact repeats are excluded downstream as duplicates, with their own key).
    substr({{ dbt.hash("lower(coalesce(model_name, '')) || '|' || coalesce(publication_date_text, '')") }}, 1, 16)
                                                                              as model_key,
    'epoch'                                                                   as run_source,
    '{{ input.label | replace("'", "''") }}'                                  as input_source,
    *
from typed
