-- Per estimated run: the 5th, 50th and 95th percentiles over the Monte Carlo draws of GPU-hours,
-- energy and the use, embodied and total GWP, ADPe and PE.
{%- set measures = ['gpu_hours', 'energy_kwh'] %}
{%- for criterion, unit in impact_criteria() %}
    {%- for phase in ['use', 'embodied', 'total'] %}
        {%- do measures.append(criterion ~ '_' ~ phase ~ '_' ~ unit) %}
    {%- endfor %}
{%- endfor %}

select
    model_id,
    min(run_source)                              as run_source,
    min(publication_year)                        as publication_year,
    cast(count(*) as bigint)                     as draw_count,
    {%- for measure in measures %}
    {%- for p in [5, 50, 95] %}
    {{ percentile(measure, p / 100) }}           as {{ measure }}_p{{ p }},
    {%- endfor %}
    {%- endfor %}
    {{ var('monte_carlo_seed') }}                as monte_carlo_seed
from {{ ref('int_monte_carlo__run_draws') }}
group by model_id
