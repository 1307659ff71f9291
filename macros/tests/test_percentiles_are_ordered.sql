{#- Generic model test: for each measure, <measure>_p5 <= <measure>_p50 <= <measure>_p95 on
    every row. Returns the rows where a measure's percentiles are out of order. -#}
{% test percentiles_are_ordered(model, measures) %}
select *
from {{ model }}
where false
{%- for measure in measures %}
   or {{ measure }}_p5 > {{ measure }}_p50 * (1 + 1e-12) or {{ measure }}_p50 > {{ measure }}_p95 * (1 + 1e-12)
{%- endfor %}
{% endtest %}
