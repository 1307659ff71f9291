{#- Which CSV file an optional external input comes from, or none.
    1. the env var `env_name` (a path; relative to the working directory), which must name
       exactly one existing file (a pattern matching several is refused);
    2. else `fetched_relative_path`, if that file exists: under the raw-data folder for a path
       starting with 'raw/' (TRAINING_IMPACTS_RAW_DIR, default data/raw, where `make data` puts
       its files), else under the project root;
    3. else none: the caller falls back to the bundled seed (or skips the variant).
    Returns {'path': ..., 'origin': ...} or none. File checks need the database, so they run only
    at execution time. -#}
{% macro resolve_input_csv(env_name, fetched_relative_path) %}
    {%- set from_env = env_var(env_name, '') | trim -%}
    {%- if from_env -%}
        {%- if execute -%}
            {%- set found = run_query("select file from glob(" ~ quote_path(from_env) ~ ") order by file").columns[0].values() -%}
            {%- if found | length == 0 -%}
                {{ exceptions.raise_compiler_error(env_name ~ "=" ~ from_env ~ ": no such file. Point " ~ env_name ~ " at a CSV file, or unset it to use the default input.") }}
            {%- elif found | length > 1 -%}
                {#- DuckDB would read every match, and the checks would see only the first -#}
                {{ exceptions.raise_compiler_error(env_name ~ "=" ~ from_env ~ ": matches " ~ found | length ~ " files (" ~ (found[:5] | join(', ')) ~ (', ...' if found | length > 5 else '') ~ "). Name one file.") }}
            {%- endif -%}
        {%- endif -%}
        {{ return({'path': from_env, 'origin': 'env var ' ~ env_name}) }}
    {%- endif -%}
    {%- if fetched_relative_path.startswith('raw/') -%}
        {%- set fetched = raw_data_dir() ~ '/' ~ fetched_relative_path[4:] -%}
    {%- else -%}
        {%- set fetched = project_root() ~ '/' ~ fetched_relative_path -%}
    {%- endif -%}
    {%- if execute -%}
        {%- set found = run_query("select count(*) from glob(" ~ quote_path(fetched) ~ ")").columns[0].values()[0] -%}
        {%- if found > 0 -%}
            {{ return({'path': fetched, 'origin': 'fetched file (make data)'}) }}
        {%- endif -%}
    {%- endif -%}
    {{ return(none) }}
{% endmacro %}
