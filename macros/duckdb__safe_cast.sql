{#- dbt.safe_cast for DuckDB: try_cast, so a value that does not parse becomes null instead of
    failing the build (dbt-duckdb 1.11 falls back to dbt's plain `cast`). Wired in by the
    `dispatch` block of dbt_project.yml. -#}
{% macro duckdb__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}
