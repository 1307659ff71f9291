{#- A file path (or any text) as a SQL string literal (single quotes doubled). -#}
{% macro quote_path(path) -%}
    '{{ path | replace("'", "''") }}'
{%- endmacro %}
