{#- Relations are rendered without their catalog (the warehouse file's name), so the views stored
    in the warehouse reference "schema"."table" only. DuckDB binds a view's references in the
    view's own catalog, so a copy of the file under any name, or the file attached under another
    alias by a BI server, reads every view. -#}
{% macro ref() %}
    {%- set relation = builtins.ref(*varargs, **kwargs) -%}
    {%- if relation is not string and relation.include is defined -%}
        {{ return(relation.include(database=false)) }}
    {%- endif -%}
    {{ return(relation) }}
{% endmacro %}
