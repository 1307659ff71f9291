{#- A CSV file as a relation of text columns, header row as column names. DuckDB's reader copes
    with quoted fields holding newlines (Epoch's notes do). Other adapters: load the file as a
    source table instead. -#}
{% macro read_csv_as_text(path) -%}
    {{ return(adapter.dispatch('read_csv_as_text', 'training_impacts')(path)) }}
{%- endmacro %}

{% macro default__read_csv_as_text(path) -%}
    {{ exceptions.raise_compiler_error("read_csv_as_text: reading a CSV file at build time is implemented for DuckDB only; on " ~ target.type ~ ", load " ~ path ~ " as a source table") }}
{%- endmacro %}

{% macro duckdb__read_csv_as_text(path) -%}
    read_csv({{ quote_path(path) }}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')
{%- endmacro %}
