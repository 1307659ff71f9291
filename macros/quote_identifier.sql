{#- An input file's header as a SQL identifier: double-quoted, with every double quote inside
    doubled, so a header can only ever name a column. Headers come from files users give the
    build; pasted unquoted, a crafted one ran its own SQL (a COPY ... TO) during a build. -#}
{% macro quote_identifier(name) -%}
    "{{ name | replace('"', '""') }}"
{%- endmacro %}
