{#- The folder of fetched upstream files (`make data`): TRAINING_IMPACTS_RAW_DIR when set (tests
    point it at an empty folder, so they never read what a user fetched), else data/raw under
    the project root. python/training_impacts/raw_manifest.py resolves the same variable. -#}
{% macro raw_data_dir() -%}
    {%- set from_env = env_var('TRAINING_IMPACTS_RAW_DIR', '') | trim -%}
    {{ return(from_env if from_env else project_root() ~ '/data/raw') }}
{%- endmacro %}
