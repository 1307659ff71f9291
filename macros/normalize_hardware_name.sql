{#- The key hardware strings are matched on: lower case, runs of spaces folded, trimmed. Used on
    both sides of the join, so "NVIDIA A100 SXM4 80 GB" and "nvidia  a100 sxm4 80 gb" meet. -#}
{% macro normalize_hardware_name(expression) -%}
    lower(trim(regexp_replace({{ expression }}, '\s+', ' ', 'g')))
{%- endmacro %}
