-- How wrong an imputed accelerator can be: for every Epoch run that names its hardware, the
-- energy per FLOP (power / peak FLOP/s) of its publication year's most-named accelerator over
-- that of its own accelerator. Its 5th-95th percentiles (0.17-2.85 on the 2025-11 snapshot,
-- 274 runs) set the range of the Monte Carlo parameter imputed_hardware_gpu_hours_scale.
with runs as (
    select publication_year, gpu_card_id, power_per_gpu_w / peak_flops as watts_per_flops
    from {{ ref('fct_training_run_impacts') }}
    where run_source = 'epoch' and hardware_source = 'named'
),

modal as (
    select publication_year, mode(gpu_card_id) as modal_gpu_card_id
    from runs
    group by publication_year
),

modal_watts as (
    select modal.publication_year, any_value(runs.watts_per_flops) as modal_watts_per_flops
    from modal
    inner join runs on modal.publication_year = runs.publication_year and modal.modal_gpu_card_id = runs.gpu_card_id
    group by modal.publication_year
)

select
    count(*)                                                                      as runs,
    quantile_cont(modal_watts.modal_watts_per_flops / runs.watts_per_flops, 0.05) as ratio_p5,
    quantile_cont(modal_watts.modal_watts_per_flops / runs.watts_per_flops, 0.50) as ratio_p50,
    quantile_cont(modal_watts.modal_watts_per_flops / runs.watts_per_flops, 0.95) as ratio_p95
from runs
inner join modal_watts on runs.publication_year = modal_watts.publication_year
