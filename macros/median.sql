{#- Median of a numeric expression (an aggregate). DuckDB and Postgres have percentile_cont;
    Spark and Trino use approx_percentile: dispatch keeps the models portable. -#}
{% macro median(expression) -%}
    {{ return(adapter.dispatch('median', 'training_impacts')(expression)) }}
{%- endmacro %}

{% macro default__median(expression) -%}
    percentile_cont(0.5) within group (order by {{ expression }})
{%- endmacro %}

{% macro spark__median(expression) -%}
    percentile({{ expression }}, 0.5)
{%- endmacro %}
