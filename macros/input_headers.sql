{#- The header names of a CSV relation, as {normalised name: header as written}: lower case,
    trimmed, byte-order mark removed, so a BOM or stray spaces never hide a column. Shared by the
    staging models that read user files. Needs the database: call it when `execute` is true. -#}
{% macro input_headers(relation_sql) %}
    {%- set headers = {} -%}
    {%- for header in run_query("describe select * from " ~ relation_sql).columns[0].values() -%}
        {%- do headers.update({header | replace('\ufeff', '') | trim | lower: header}) -%}
    {%- endfor -%}
    {{ return(headers) }}
{% endmacro %}
