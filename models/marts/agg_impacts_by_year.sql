-- Per method profile, analysis scope and publication year: run counts, totals and medians of GPU-hours, energy and the three
-- criteria, and the embodied shares (of the year's totals, and the median of the runs' shares).
-- The study population: Epoch AI's runs. Custom jobs (run_source = 'custom') are in the
-- per-run marts only. The scopes nest (macros/analysis_scopes.sql): a paper run is counted in
-- all three, a TPU run in named_hardware and with_imputed. Exclusions are not scoped: every
-- scope's row gives the year's excluded records (under its profile). Every profile the build
-- estimates Epoch's runs under has its rows (var method_profile and compared_method_profiles):
-- filter on method_profile.
with runs as (
    select scopes.scope, runs.*
    from {{ ref('int_training_runs__epoch_impacts') }} as runs
    {{ join_analysis_scopes('runs') }}
    where runs.run_source = 'epoch'
),

excluded as (
    select
        method_profile,
        cast(extract(year from publication_date) as integer)   as publication_year,
        cast(count(*) as bigint)                                as excluded_run_count
    from {{ ref('int_training_runs__classified') }}
    where not is_estimated and publication_date is not null and run_source = 'epoch'
    group by method_profile, publication_year
),

per_year as (
    select
        method_profile,
        scope                                                                   as analysis_scope,
        publication_year,
        cast(count(*) as bigint)                                                as estimated_run_count,
        cast(sum(case when gpu_hours_method = 'h1_time_x_quantity' then 1 else 0 end) as bigint) as h1_run_count,
        cast(sum(case when gpu_hours_method = 'h2_compute_over_peak' then 1 else 0 end) as bigint) as h2_run_count,
        cast(sum(case when is_gpu_hours_divergent then 1 else 0 end) as bigint) as divergent_run_count,
        sum(gpu_hours)                                                          as total_gpu_hours,
        {{ median('gpu_hours') }}                                               as median_gpu_hours,
        sum(energy_kwh)                                                         as total_energy_kwh,
        {{ median('energy_kwh') }}                                              as median_energy_kwh,
        {%- for criterion, unit in impact_criteria() %}
        {%- for phase in ['use', 'embodied', 'total'] %}
        sum({{ criterion }}_{{ phase }}_{{ unit }})                             as total_{{ criterion }}_{{ phase }}_{{ unit }},
        {{ median(criterion ~ '_' ~ phase ~ '_' ~ unit) }}                      as median_{{ criterion }}_{{ phase }}_{{ unit }},
        {%- endfor %}
        sum({{ criterion }}_embodied_{{ unit }}) / nullif(sum({{ criterion }}_total_{{ unit }}), 0)
                                                                                as {{ criterion }}_embodied_share,
        {{ median(criterion ~ '_embodied_share') }}                             as median_{{ criterion }}_embodied_share{{ ',' if not loop.last }}
        {%- endfor %}
    from runs
    group by method_profile, scope, publication_year
)

select
    per_year.*,
    coalesce(excluded.excluded_run_count, 0)                                    as excluded_run_count
from per_year
left join excluded
    on per_year.publication_year = excluded.publication_year and per_year.method_profile = excluded.method_profile
