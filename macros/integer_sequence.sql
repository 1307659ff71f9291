{#- A relation of the integers 1..n in a column `n` (DuckDB: range()). -#}
{% macro integer_sequence(count) -%}
    {{ return(adapter.dispatch('integer_sequence', 'training_impacts')(count)) }}
{%- endmacro %}

{% macro default__integer_sequence(count) -%}
    {{ exceptions.raise_compiler_error("integer_sequence has no implementation for " ~ target.type ~ " (Spark: sequence(1, n) exploded)") }}
{%- endmacro %}

{% macro duckdb__integer_sequence(count) -%}
    select cast(range + 1 as bigint) as n from range({{ count }})
{%- endmacro %}
