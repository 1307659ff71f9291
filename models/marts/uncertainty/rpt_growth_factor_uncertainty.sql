-- How the growth factor a year moves across the Monte Carlo draws, in each analysis scope: for each draw, the OLS slope
-- of log10(impact per run) on publication date in decimal years over Epoch's runs of
-- var min_publication_year to var trend_end_year (as rpt_trend_fits does once), then the 5th, 50th and 95th
-- percentiles of 10^slope over the draws.
{%- set metrics = [('energy_kwh', 'kWh'), ('gwp_total_kgco2e', 'kgCO2e'), ('gwp_use_kgco2e', 'kgCO2e'), ('gwp_embodied_kgco2e', 'kgCO2e'), ('adpe_total_kgsbeq', 'kgSbeq'), ('pe_total_mj', 'MJ')] %}

with runs as (
    select
        scopes.scope,
        runs.*,
        {{ decimal_year('runs.publication_date') }}                   as decimal_year
    from {{ ref('int_monte_carlo__run_draws') }} as runs
    {{ join_analysis_scopes('runs') }}
    where runs.run_source = 'epoch'
      and runs.publication_year between {{ var('min_publication_year') }} and {{ var('trend_end_year') }}
),

slopes as (
    {%- for metric, unit in metrics %}
    select
        scope                                                        as analysis_scope,
        '{{ metric }}'                                               as metric,
        '{{ unit }}'                                                 as unit,
        draw_id,
        regr_slope(log10({{ metric }}), decimal_year)                as slope_log10_per_year,
        count(*)                                                     as run_count
    from runs
    where {{ metric }} > 0
    group by scope, draw_id
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select
    analysis_scope,
    metric,
    min(unit)                                                        as unit,
    cast(count(*) as bigint)                                         as draw_count,
    cast(max(run_count) as bigint)                                   as run_count,
    power(10, {{ percentile('slope_log10_per_year', 0.05) }})        as growth_factor_per_year_p5,
    power(10, {{ percentile('slope_log10_per_year', 0.5) }})         as growth_factor_per_year_p50,
    power(10, {{ percentile('slope_log10_per_year', 0.95) }})        as growth_factor_per_year_p95
from slopes
group by analysis_scope, metric
