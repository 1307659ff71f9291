{#- The columns that say which run a scenario row is of, as every per-run scenario mart starts:
    model_id, method_profile, publication_year, run_source, analysis_scope (each followed by a
    comma), qualified by `relation` when given. -#}
{% macro scenario_run_columns(relation=none) -%}
    {%- for column in ['model_id', 'method_profile', 'publication_year', 'run_source', 'analysis_scope'] %}
    {{ relation ~ '.' if relation else '' }}{{ column }},
    {%- endfor %}
{%- endmacro %}
