{#- A one-column relation of literal values (a var's list), for cross joins with scenarios:
    values_table([0.05, 0.1], 'rate') -> select 0.05 as rate union all select 0.1 as rate. -#}
{% macro values_table(values, column_name, quote=false) -%}
    {%- if values | length == 0 -%}
        {{ exceptions.raise_compiler_error("values_table: the list for " ~ column_name ~ " is empty") }}
    {%- endif -%}
    {%- for value in values %}
    select {% if quote %}'{{ value }}'{% else %}{{ value }}{% endif %} as {{ column_name }}
    {%- if not loop.last %} union all{% endif %}
    {%- endfor %}
{%- endmacro %}
