{#- dbt-duckdb's alter_column_comment, without its own look-up of the relation's columns: dbt's
    persist_docs (default__persist_docs) has just looked them up and passes only the documented
    columns that exist. The second look-up was an information_schema query per model and build. -#}
{% macro duckdb__alter_column_comment(relation, column_dict) %}
  {% for column_name in column_dict %}
    {% set comment = column_dict[column_name]['description'] %}
    comment on column {{ relation }}.{{ adapter.quote(column_name) if column_dict[column_name]['quote'] else column_name }} is {{ duckdb_escape_comment(comment) }};
  {% endfor %}
{% endmacro %}
