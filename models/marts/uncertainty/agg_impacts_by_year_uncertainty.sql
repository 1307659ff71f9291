-- Per analysis scope (they nest: macros/analysis_scopes.sql) and publication year (Epoch's runs): the 5th, 50th and 95th percentiles over the Monte Carlo
-- draws of the year's total energy and total GWP, ADPe and PE (use, embodied, total).
{%- set measures = ['energy_kwh'] %}
{%- for criterion, unit in impact_criteria() %}
    {%- for phase in ['use', 'embodied', 'total'] %}
        {%- do measures.append(criterion ~ '_' ~ phase ~ '_' ~ unit) %}
    {%- endfor %}
{%- endfor %}

with yearly_draws as (
    select
        scopes.scope                             as analysis_scope,
        runs.publication_year,
        runs.draw_id,
        cast(count(*) as bigint)                 as run_count,
        {%- for measure in measures %}
        sum(runs.{{ measure }})                  as total_{{ measure }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ ref('int_monte_carlo__run_draws') }} as runs
    {{ join_analysis_scopes('runs') }}
    where runs.run_source = 'epoch'
    group by scopes.scope, runs.publication_year, runs.draw_id
)

select
    analysis_scope,
    publication_year,
    max(run_count)                               as estimated_run_count,
    cast(count(*) as bigint)                     as draw_count,
    {%- for measure in measures %}
    {%- set outer_last = loop.last %}
    {%- for p in [5, 50, 95] %}
    {{ percentile('total_' ~ measure, p / 100) }} as total_{{ measure }}_p{{ p }}{{ ',' if not (outer_last and loop.last) }}
    {%- endfor %}
    {%- endfor %}
from yearly_draws
group by analysis_scope, publication_year
