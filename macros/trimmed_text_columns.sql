{#- For a staging model over a CSV read as text: {name: SQL expression} with, for each column
    name, the trimmed text of the input column `headers[name]` ('' as null), or a typed null
    where the input has no such column. Shared by the Epoch and custom-runs staging models. -#}
{% macro trimmed_text_columns(names, headers) %}
    {%- set text = {} -%}
    {%- for name in names -%}
        {%- if headers.get(name) -%}
            {%- do text.update({name: "nullif(trim(cast(" ~ quote_identifier(headers[name]) ~ " as " ~ dbt.type_string() ~ ")), '')"}) -%}
        {%- else -%}
            {%- do text.update({name: "cast(null as " ~ dbt.type_string() ~ ")"}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(text) }}
{% endmacro %}
