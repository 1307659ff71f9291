{#- Schemas by their own names (staging, intermediate, reference) and the marts in the target's
    schema (`main`), so SQL users type `select * from dim_gpu_cards`, not `main_marts.dim_gpu_cards`. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
