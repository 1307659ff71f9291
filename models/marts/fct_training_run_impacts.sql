-- One row per estimated training run under var method_profile (default best_estimate; 'paper'
-- reproduces Morand et al. 2025): GPU-hours, energy, and for GWP, ADPe and PE the use, embodied
-- and total impacts and the embodied share, with the rule each number followed
-- (compute_scope, performance_ratio_source, peak_format, location_source, pue_source).
-- The same runs under every compared profile: int_training_runs__impacts.
-- A view: each fact of a run is stored once, in the table of the step that decides it (its
-- inputs, checks, rule choices, GPU-hours and figures), joined on the integer record_id when read.
select *
from {{ ref('int_training_runs__impacts') }}
where method_profile = '{{ var("method_profile") }}'
