{#- Stops the build with a message a person understands when a CSV input cannot be read as
    CSV: an empty file, bytes that are not UTF-8, or an odd number of double quotes (a quoted
    field left open: the file was cut short). DuckDB's own errors for these name neither the
    problem nor, always, the file. Needs the database, so it runs at execution time only. -#}
{% macro assert_readable_csv(path, label) %}
    {%- if not execute -%}{{ return(none) }}{%- endif -%}
    {%- set check -%}
        with file as (select size, try(decode(content)) as text from read_blob({{ quote_path(path) }}))
        select size, text is null as is_not_utf8, (length(text) - length(replace(text, '"', ''))) % 2 = 1 as has_open_quote
        from file
    {%- endset -%}
    {%- set row = run_query(check).rows[0] -%}
    {%- if row[0] == 0 -%}
        {{ exceptions.raise_compiler_error(label ~ " " ~ path ~ ": the file is empty (0 bytes). Download it again (`make data`) or point to another file.") }}
    {%- elif row[1] -%}
        {{ exceptions.raise_compiler_error(label ~ " " ~ path ~ ": the file is not UTF-8 text (it holds bytes of another encoding, e.g. Latin-1 or Windows-1252). Re-save it as UTF-8.") }}
    {%- elif row[2] -%}
        {{ exceptions.raise_compiler_error(label ~ " " ~ path ~ ": a quoted field is never closed (an odd number of double quotes): the file looks truncated. Download it again (`make data`).") }}
    {%- endif -%}
{% endmacro %}
