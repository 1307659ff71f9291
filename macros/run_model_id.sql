{#- The stable key of a run in the marts: its record's model_key, or model_key-N for the Nth
    record with the same key (a duplicate keeps a key of its own, so the marts stay keyed). -#}
{% macro run_model_id(model_key, key_occurrence) -%}
    case when {{ key_occurrence }} = 1 then {{ model_key }}
         else {{ model_key }} || '-' || cast({{ key_occurrence }} as {{ dbt.type_string() }}) end
{%- endmacro %}
