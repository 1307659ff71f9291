-- One row per Monte Carlo draw (var monte_carlo_draws) with a value of every parameter of
-- seeds/reference/parameter_distributions.csv, drawn by inverse CDF from a reproducible uniform
-- number keyed on (var monte_carlo_seed, draw, parameter): every build draws the same values.
--   uniform:    low + u (high - low)
--   triangular: low + sqrt(u (high - low)(mode - low))          if u < (mode - low) / (high - low)
--               high - sqrt((1 - u)(high - low)(high - mode))   otherwise

with draws as (
    {{ integer_sequence(var('monte_carlo_draws')) }}
),

distributions as (
    select * from {{ ref('stg_reference__parameter_distributions') }}
),

uniforms as (
    select
        draws.n                                                                   as draw_id,
        distributions.*,
        {{ uniform_random("'" ~ var('monte_carlo_seed') ~ "|' || cast(draws.n as " ~ dbt.type_string() ~ ") || '|' || distributions.parameter") }} as u
    from draws
    cross join distributions
),

values_drawn as (
    select
        draw_id,
        parameter,
        case
            when distribution = 'uniform' then low + u * (high - low)
            when u < (mode - low) / (high - low) then low + sqrt(u * (high - low) * (mode - low))
            else high - sqrt((1 - u) * (high - low) * (high - mode))
        end                                                                       as value
    from uniforms
)

select
    draw_id,
    {%- for parameter in ['performance_ratio', 'pue_scale', 'hardware_lifetime_years', 'hardware_utilization', 'memory_density_gb_per_cm2', 'grid_factor_scale', 'die_factor_scale',
                      'estimated_die_area_scale', 'imputed_hardware_gpu_hours_scale'] %}
    max(case when parameter = '{{ parameter }}' then value end)                   as {{ parameter }}{{ ',' if not loop.last }}
    {%- endfor %}
from values_drawn
group by draw_id
