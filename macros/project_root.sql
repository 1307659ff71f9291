{#- The project's root folder, to resolve relative paths whatever the working directory:
    DBT_PROJECT_DIR when set (the `training-impacts` command line always sets it), else the
    working directory, which is the root when a user types `dbt build` there. -#}
{% macro project_root() -%}
    {{ return(env_var('DBT_PROJECT_DIR', '.') | replace('\\', '/') | trim) }}
{%- endmacro %}
