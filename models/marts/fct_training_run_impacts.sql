-- depends_on: {{ ref('int_training_runs__epoch_impacts') }}
-- One row per estimated training run under var method_profile (default best_estimate; 'paper'
-- reproduces Morand et al. 2025): GPU-hours, energy, and for GWP, ADPe and PE the use, embodied
-- and total impacts and the embodied share, with the rule each number followed
-- (compute_scope, performance_ratio_source, peak_format, location_source, pue_source).
-- The same runs under every compared profile: int_training_runs__impacts.
-- Built after int_training_runs__epoch_impacts (depends_on above): both run the per-run chain,
-- and two at once on two threads need twice the memory (a build under a small memory cap fails).
select *
from {{ ref('int_training_runs__impacts') }}
where method_profile = '{{ var("method_profile") }}'
