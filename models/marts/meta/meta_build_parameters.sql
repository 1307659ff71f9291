-- The vars this build ran with, one row per var: every var of dbt_project.yml with the value
-- dbt resolved for this build (a `--vars` override wins), plus any var given only on the command
-- line. The report, and anyone citing a number, read the parameters here rather than from
-- dbt_project.yml, whose defaults a build may have overridden. Values are JSON text.
{%- set project_vars = {} %}
{%- set cli_vars = invocation_args_dict.get('vars') or {} %}
{%- if cli_vars is string %}{% set cli_vars = fromyaml(cli_vars) or {} %}{% endif %}
{%- if execute %}
    {#- dbt_project.yml is the one list of the project's vars; its values there are the defaults -#}
    {%- set project_file = project_root() ~ '/dbt_project.yml' %}
    {%- set content = run_query("select content from read_text(" ~ quote_path(project_file) ~ ")").columns[0].values()[0] %}
    {%- set project_vars = (fromyaml(content) or {}).get('vars') or {} %}
{%- endif %}
{%- set names = project_vars.keys() | list %}
{%- for name in cli_vars.keys() if name not in names %}{% do names.append(name) %}{% endfor %}

select
    cast(build_vars.parameter_order as integer)                as parameter_order,
    cast(build_vars.parameter as {{ dbt.type_string() }})      as parameter,
    cast(build_vars.value_json as {{ dbt.type_string() }})     as value_json,
    cast(build_vars.value_source as {{ dbt.type_string() }})   as value_source,
    cast(build_vars.default_value_json as {{ dbt.type_string() }}) as default_value_json
from (
{%- if names | length == 0 %}
    select null as parameter_order, null as parameter, null as value_json, null as value_source,
           null as default_value_json
    where false
{%- else %}
    values
    {%- for name in names %}
        ({{ loop.index }}, {{ quote_path(name) }}, {{ quote_path(tojson(var(name))) }},
         '{{ 'command line (--vars)' if name in cli_vars else 'dbt_project.yml' }}',
         {{ quote_path(tojson(project_vars[name])) if name in project_vars else 'null' }}){{ "," if not loop.last }}
    {%- endfor %}
{%- endif %}
) as build_vars (parameter_order, parameter, value_json, value_source, default_value_json)
