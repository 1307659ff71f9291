{#- Stops the build with a message a person understands when a CSV input cannot be read as
    CSV: an empty file, bytes that are not UTF-8, an odd number of double quotes (a quoted field
    left open: the file was cut short), or gzip bytes under a name without .gz (a .gz file is
    read compressed, as DuckDB's reader does). DuckDB's own errors for these name neither the
    problem nor, always, the file. Needs the database, so it runs at execution time only. -#}
{% macro assert_readable_csv(path, label) %}
    {%- if not execute -%}{{ return(none) }}{%- endif -%}
    {%- set check -%}
        with file as (select size, content, try(decode(content)) as text from read_blob({{ quote_path(path) }}))
        select size, text is null as is_not_utf8, (length(text) - length(replace(text, '"', ''))) % 2 = 1 as has_open_quote,
               -- gzip bytes are not UTF-8, so only such a file pays for looking at its first bytes
               case when text is null then left(hex(content), 4) = '1F8B' else false end as is_gzip
        from file
    {%- endset -%}
    {%- set row = run_query(check).rows[0] -%}
    {%- if row[3] and path.lower().endswith('.gz') -%}
        {#- DuckDB's CSV reader decompresses a .gz file itself; the byte checks above cannot see inside -#}
        {{ return(none) }}
    {%- elif row[3] -%}
        {{ exceptions.raise_compiler_error(label ~ " " ~ path ~ ": the file is gzip-compressed but its name does not end in .gz. Rename it to .csv.gz (it is then read as it is) or decompress it.") }}
    {%- elif row[0] == 0 -%}
        {{ exceptions.raise_compiler_error(label ~ " " ~ path ~ ": the file is empty (0 bytes). Download it again (`make data`) or point to another file.") }}
    {%- elif row[1] -%}
        {{ exceptions.raise_compiler_error(label ~ " " ~ path ~ ": the file is not UTF-8 text (it holds bytes of another encoding, e.g. Latin-1 or Windows-1252). Re-save it as UTF-8.") }}
    {%- elif row[2] -%}
        {{ exceptions.raise_compiler_error(label ~ " " ~ path ~ ": a quoted field is never closed (an odd number of double quotes): the file looks truncated. Download it again (`make data`).") }}
    {%- endif -%}
{% endmacro %}
