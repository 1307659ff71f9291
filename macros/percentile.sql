{#- The p-quantile (0-1) of an expression, interpolated (an aggregate). -#}
{% macro percentile(expression, p) -%}
    {{ return(adapter.dispatch('percentile', 'training_impacts')(expression, p)) }}
{%- endmacro %}

{% macro default__percentile(expression, p) -%}
    percentile_cont({{ p }}) within group (order by {{ expression }})
{%- endmacro %}

{% macro spark__percentile(expression, p) -%}
    percentile({{ expression }}, {{ p }})
{%- endmacro %}
