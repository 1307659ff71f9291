{#- Generic model test: `columns` are the model's key, in one query: no row has a null in any of
    them, and no two rows share their values. Returns the null or repeated keys. -#}
{% test primary_key(model, columns) %}
select {{ columns | join(', ') }}, count(*) as occurrences
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{%- for column in columns %}
    or {{ column }} is null
{%- endfor %}
{% endtest %}
