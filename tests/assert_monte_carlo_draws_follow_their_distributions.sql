-- The Monte Carlo draws follow seeds/reference/parameter_distributions.csv: every value lies in
-- [low, high], and the mean of the draws is within 5 % of the distribution's mean
-- ((low + mode + high) / 3 for triangular, (low + high) / 2 for uniform). Returns the parameters
-- that break it.
{%- set parameters = ['performance_ratio', 'pue_scale', 'hardware_lifetime_years', 'hardware_utilization', 'memory_density_gb_per_cm2', 'grid_factor_scale', 'die_factor_scale',
                      'estimated_die_area_scale', 'imputed_hardware_gpu_hours_scale'] %}
with long as (
    {%- for parameter in parameters %}
    select '{{ parameter }}' as parameter, {{ parameter }} as value from {{ ref('int_monte_carlo__parameter_draws') }}
    {%- if not loop.last %} union all{% endif %}
    {%- endfor %}
),

summary as (
    select parameter, min(value) as min_value, max(value) as max_value, avg(value) as mean_value, count(*) as draws
    from long
    group by parameter
)

select summary.*, distributions.low, distributions.high
from summary
inner join {{ ref('stg_reference__parameter_distributions') }} as distributions
    on summary.parameter = distributions.parameter
where summary.min_value < distributions.low
   or summary.max_value > distributions.high
   or summary.draws <> {{ var('monte_carlo_draws') }}
   or abs(summary.mean_value
          - case when distributions.distribution = 'uniform' then (distributions.low + distributions.high) / 2
                 else (distributions.low + distributions.mode + distributions.high) / 3 end)
      > 0.05 * case when distributions.distribution = 'uniform' then (distributions.low + distributions.high) / 2
                    else (distributions.low + distributions.mode + distributions.high) / 3 end
   or (select count(*) from {{ ref('stg_reference__parameter_distributions') }}) <> {{ parameters | length }}
