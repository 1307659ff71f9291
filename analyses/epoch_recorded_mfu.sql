-- The best_estimate profile's default fraction of peak FLOP/s (var
-- best_estimate_performance_ratio): Epoch's recorded `Hardware utilization (MFU)` over every
-- record that gives one. On the 2025-11 snapshot: 31 records, median 0.34, quartiles 0.27-0.45
-- (mean 0.35). A run with its own MFU uses it; this median stands in for the others.
-- Run with: dbt compile --select epoch_recorded_mfu, then the compiled SQL in target/compiled/.
select
    count(*)                                                  as records_with_mfu,
    {{ median('hardware_utilization_mfu') }}                  as median_mfu,
    {{ percentile('hardware_utilization_mfu', 0.25) }}        as first_quartile_mfu,
    {{ percentile('hardware_utilization_mfu', 0.75) }}        as third_quartile_mfu,
    avg(hardware_utilization_mfu)                             as mean_mfu
from {{ ref('stg_epoch__notable_models') }}
where hardware_utilization_mfu is not null
