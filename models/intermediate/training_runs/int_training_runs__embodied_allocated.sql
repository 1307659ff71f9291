-- The run's share of the production impacts of its GPUs and their servers (docs/method.md section 3):
--   embodied_run[c] = gpu_hours x (gpu[c] + server_without_gpus[c] / gpus_per_server)
--                     / (hardware_lifetime_years x 8760 x hardware_utilization)
-- 8760 is hours per year. One row per estimable record and method profile.

with runs as (
    select record_id, method_profile, gpu_card_id, gpu_hours
    from {{ ref('int_training_runs__gpu_hours') }}
),

cards as (
    select * from {{ ref('int_gpu_cards__embodied_impacts') }}
),

servers as (
    select * from {{ ref('int_servers__embodied_impacts_per_gpu') }}
),

per_gpu_hour as (
    select
        runs.record_id,
        runs.method_profile,
        runs.gpu_hours,
        {%- for criterion, unit in impact_criteria() %}
        {{ allocated_embodied_impact('1.0', '(cards.' ~ criterion ~ '_embodied_' ~ unit ~ ' + servers.' ~ criterion ~ '_server_share_' ~ unit ~ ')',
                                     var('hardware_lifetime_years'), var('hardware_utilization')) }}
            as {{ criterion }}_embodied_{{ unit }}_per_gpu_hour{{ ',' if not loop.last }}
        {%- endfor %}
    from runs
    inner join cards on runs.gpu_card_id = cards.gpu_card_id
    cross join servers
)

select
    record_id,
    method_profile,
    {%- for criterion, unit in impact_criteria() %}
    {{ criterion }}_embodied_{{ unit }}_per_gpu_hour,
    gpu_hours * {{ criterion }}_embodied_{{ unit }}_per_gpu_hour as {{ criterion }}_embodied_{{ unit }}{{ ',' if not loop.last }}
    {%- endfor %}
from per_gpu_hour
