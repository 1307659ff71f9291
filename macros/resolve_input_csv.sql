{#- Which CSV file an optional external input comes from, or none.
    1. the env var `env_name` (a path; relative to the working directory), which must exist;
    2. else `fetched_relative_path` under the project root, if `make data` fetched it;
    3. else none: the caller falls back to the bundled seed (or skips the variant).
    Returns {'path': ..., 'origin': ...} or none. File checks need the database, so they run only
    at execution time. -#}
{% macro resolve_input_csv(env_name, fetched_relative_path) %}
    {%- set from_env = env_var(env_name, '') | trim -%}
    {%- if from_env -%}
        {%- if execute -%}
            {%- set found = run_query("select count(*) from glob(" ~ quote_path(from_env) ~ ")").columns[0].values()[0] -%}
            {%- if found == 0 -%}
                {{ exceptions.raise_compiler_error(env_name ~ "=" ~ from_env ~ ": no such file. Point " ~ env_name ~ " at a CSV file, or unset it to use the default input.") }}
            {%- endif -%}
        {%- endif -%}
        {{ return({'path': from_env, 'origin': 'env var ' ~ env_name}) }}
    {%- endif -%}
    {%- set fetched = project_root() ~ '/' ~ fetched_relative_path -%}
    {%- if execute -%}
        {%- set found = run_query("select count(*) from glob(" ~ quote_path(fetched) ~ ")").columns[0].values()[0] -%}
        {%- if found > 0 -%}
            {{ return({'path': fetched, 'origin': 'fetched file (make data)'}) }}
        {%- endif -%}
    {%- endif -%}
    {{ return(none) }}
{% endmacro %}
