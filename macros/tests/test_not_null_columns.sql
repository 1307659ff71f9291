{#- Generic test: no row has a null in any of `columns`. Returns the offending rows. One query
    for a table's many columns, where a not_null test per column costs a dbt node each (about
    40 ms of CPU apiece): used on views, which cannot carry dbt's not_null constraints. -#}
{% test not_null_columns(model, columns) %}
select *
from {{ model }}
where false
{%- for column in columns %}
   or {{ column }} is null
{%- endfor %}
{% endtest %}
