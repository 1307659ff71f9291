{#- Median of a numeric expression (an aggregate): the 0.5 percentile (macros/percentile.sql). -#}
{% macro median(expression) -%}
    {{ percentile(expression, 0.5) }}
{%- endmacro %}
