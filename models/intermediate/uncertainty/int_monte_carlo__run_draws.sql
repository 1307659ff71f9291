-- Every estimated run under every Monte Carlo draw: the method re-run with the drawn
-- parameters (docs/method.md sections 2-4).
--   GPU-hours: runs estimated from compute with an assumed performance ratio scale with
--              var performance_ratio / drawn ratio (the draw's mode is 0.27: a relative spread);
--              time x quantity and reported GPU-hours stay; a run on imputed hardware is also
--              scaled by imputed_hardware_gpu_hours_scale.
--   energy:    GPU-hours x power / 1000 x max(1, PUE x pue_scale); metered energy stays.
--   use[c]:    energy x grid factor[c] x grid_factor_scale (not a custom job's own factor).
--   card[c]:   die_area (x estimated_die_area_scale where it is estimated) x die factor[c]
--              (x die_factor_scale for GWP) + bases
--              + memory_gb / drawn memory density x RAM die factor[c].
--   embodied:  GPU-hours x (card[c] + server[c] / gpus_per_server) / (lifetime x 8760 x utilization).

{#- Sized to the var monte_carlo_max_run_draws instead of refusing a large build: every run with
    every draw when runs x draws fits; else intervals for Epoch's runs only (the study population;
    custom jobs get none); else, for Epoch's runs, as many draws as fit. The build summary says which. -#}
{%- set draws_used = var('monte_carlo_draws') %}
{%- set epoch_only = false %}
{%- if execute %}
    {%- set counts = {} %}
    {%- for row in run_query("select run_source, count(*) from " ~ ref('int_training_runs__impacts') ~ " where method_profile = '" ~ var('method_profile') ~ "' group by run_source").rows %}
        {%- do counts.update({row[0]: row[1]}) %}
    {%- endfor %}
    {%- set epoch_runs, custom_runs, budget = counts.get('epoch', 0), counts.get('custom', 0), var('monte_carlo_max_run_draws') %}
    {%- if (epoch_runs + custom_runs) * draws_used > budget %}
        {%- set epoch_only = true %}
        {%- if epoch_runs * draws_used > budget %}
            {%- set draws_used = [1, budget // epoch_runs] | max %}
        {%- endif %}
        {{ log("Monte Carlo: " ~ (epoch_runs + custom_runs) ~ " runs x " ~ var('monte_carlo_draws') ~ " draws is more than var monte_carlo_max_run_draws (" ~ budget ~ "): intervals for Epoch's " ~ epoch_runs ~ " runs only, " ~ draws_used ~ " draws each; the " ~ custom_runs ~ " custom jobs have none (raise monte_carlo_max_run_draws to include them)", info=true) }}
    {%- endif %}
{%- endif %}

{#- GPU-h2 with an assumed ratio (the paper's 0.27 or the best estimate's default) scales with the
    drawn ratio's departure from its mode; a run's own measured MFU is not drawn -#}
{%- set drawn_gpu_hours -%}
    (case when runs.gpu_hours_method = 'h2_compute_over_peak' and runs.performance_ratio_source <> 'run_mfu'
          then runs.gpu_hours * {{ var('performance_ratio') }} / draws.performance_ratio
          else runs.gpu_hours end
     * case when runs.hardware_source = 'imputed' then draws.imputed_hardware_gpu_hours_scale else 1.0 end)
{%- endset %}

-- the runs of fct_training_run_impacts (its rows of var method_profile), read from the layer below
-- it: an intermediate model does not read a mart
with runs as (
    select * from {{ ref('int_training_runs__impacts') }}
    where method_profile = '{{ var("method_profile") }}'
),

cards as (
    select embodied.*, catalogue.die_area_status
    from {{ ref('int_gpu_cards__embodied_impacts') }} as embodied
    inner join {{ ref('int_accelerators__catalogue') }} as catalogue
        on embodied.gpu_card_id = catalogue.accelerator_id
),

servers as (
    select * from {{ ref('int_servers__embodied_impacts_per_gpu') }}
),

drawn as (
    select
        runs.model_id,
        runs.run_source,
        runs.analysis_scope,
        runs.publication_date,
        runs.publication_year,
        draws.*,
        {{ drawn_gpu_hours }}                                                             as gpu_hours,
        case when runs.energy_method = 'measured' then runs.energy_kwh
             else {{ run_energy_kwh(drawn_gpu_hours, 'runs.power_per_gpu_w', 'greatest(1.0, runs.pue * draws.pue_scale)') }}
        end                                                                               as energy_kwh,
        -- a custom job's own grid factor is known: it is not scaled
        case when runs.gwp_grid_factor_source = 'reported' then 1.0 else draws.grid_factor_scale end as grid_scale,
        runs.grid_gwp_kgco2e_per_kwh,
        runs.grid_adpe_kgsbeq_per_kwh,
        runs.grid_pe_mj_per_kwh,
            {%- for criterion, unit in impact_criteria() %}
        {{ card_embodied_impact("cards.die_area_cm2 * case when cards.die_area_status = 'estimated' then draws.estimated_die_area_scale else 1.0 end",
                                'cards.' ~ criterion ~ '_die_factor_per_cm2' ~ (' * draws.die_factor_scale' if criterion == 'gwp' else ''),
                                'cards.' ~ criterion ~ '_gpu_and_ram_base', 'cards.memory_gb',
                                'draws.memory_density_gb_per_cm2', 'cards.' ~ criterion ~ '_ram_die_factor_per_cm2') }}
            + servers.{{ criterion }}_server_share_{{ unit }}                                as {{ criterion }}_hardware_per_gpu{{ ',' if not loop.last }}
        {%- endfor %}
    from runs
    inner join cards on runs.gpu_card_id = cards.gpu_card_id
    cross join servers
    cross join {{ ref('int_monte_carlo__parameter_draws') }} as draws
    where draws.draw_id <= {{ draws_used }}
    {%- if epoch_only %}
      and runs.run_source = 'epoch'
    {%- endif %}
)

select
    model_id,
    run_source,
    analysis_scope,
    publication_date,
    publication_year,
    draw_id,
    gpu_hours,
    energy_kwh,
    {%- for criterion, unit in impact_criteria() %}
    {%- set use = use_phase_impact('energy_kwh', 'grid_' ~ criterion ~ '_' ~ unit ~ '_per_kwh * grid_scale') %}
    {%- set embodied = allocated_embodied_impact('gpu_hours', criterion ~ '_hardware_per_gpu', 'hardware_lifetime_years', 'hardware_utilization') %}
    {{ use }}                                                                         as {{ criterion }}_use_{{ unit }},
    {{ embodied }}                                                                    as {{ criterion }}_embodied_{{ unit }},
    {{ total_impact(use, embodied) }}                                                 as {{ criterion }}_total_{{ unit }}{{ ',' if not loop.last }}
    {%- endfor %}
from drawn
