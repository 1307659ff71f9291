-- GPU-hours (accelerator-hours: TPU chip-hours, Cerebras system-hours) of each estimable run
-- (docs/method.md section 2):
--   GPU-h1 = Training time (hours) x Hardware quantity
--   GPU-h2 = compute / (peak FLOP/s x performance ratio) / 3600
-- (a custom job's reported GPU-hours stand for GPU-h1). The compute, the ratio and the format
-- whose peak is taken are the method profile's (int_training_runs__method_choices): under
-- 'paper', Training compute (FLOP), var performance_ratio and the recorded format; the duration
-- of GPU-h1 is Epoch's unless the profile drops an assumed one (rule training_duration).
-- One row per estimable record and method profile. The chosen estimate is GPU-h1 where it
-- exists, else GPU-h2. Where both exist, their ratio
-- outside [gpu_hours_ratio_band_low, gpu_hours_ratio_band_high] flags the run as divergent.

with runs as (
    select * from {{ ref('int_training_runs__classified') }}
    where is_estimated
),

-- every accelerator: its gpu_card_id is its accelerator_id
cards as (
    select accelerator_id as gpu_card_id, * from {{ ref('int_accelerators__catalogue') }}
),

estimates as (
    select
        runs.record_id,
        runs.method_profile,
        runs.gpu_card_id,
        {{ peak_flops_for_format('runs.peak_format', 'cards') }}                    as peak_flops,
        {{ peak_flops_basis('runs.peak_format', 'cards') }}                         as peak_flops_basis,
        -- a custom job may report its GPU-hours; it counts as GPU-h1 (a measured duration)
        coalesce(runs.reported_gpu_hours, runs.estimate_training_time_hours * runs.hardware_quantity) as gpu_hours_h1,
        runs.reported_gpu_hours is not null                                        as is_reported_gpu_hours,
        runs.estimate_compute_flop,
        runs.performance_ratio
    from runs
    inner join cards on runs.gpu_card_id = cards.gpu_card_id
),

with_h2 as (
    select
        *,
        estimate_compute_flop / (peak_flops * performance_ratio) / 3600.0           as gpu_hours_h2
    from estimates
)

select
    record_id,
    method_profile,
    gpu_card_id,
    peak_flops,
    peak_flops_basis,
    gpu_hours_h1,
    gpu_hours_h2,
    coalesce(gpu_hours_h1, gpu_hours_h2)                                           as gpu_hours,
    case when is_reported_gpu_hours then 'reported_gpu_hours'
         when gpu_hours_h1 is not null then 'h1_time_x_quantity'
         else 'h2_compute_over_peak' end                                          as gpu_hours_method,
    gpu_hours_h1 / gpu_hours_h2                                                   as gpu_hours_h1_to_h2_ratio,
    coalesce(
        gpu_hours_h1 / gpu_hours_h2 < {{ var('gpu_hours_ratio_band_low') }}
        or gpu_hours_h1 / gpu_hours_h2 > {{ var('gpu_hours_ratio_band_high') }},
        false
    )                                                                             as is_gpu_hours_divergent
from with_h2
