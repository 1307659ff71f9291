-- Epoch AI's runs under every method profile they are estimated under (var method_profile and
-- compared_method_profiles): the study population of the by-year marts, the fits and the
-- validation. A small table (a few thousand rows whatever the number of custom jobs), so each of
-- those marts reads it instead of re-running the per-run chain of int_training_runs__impacts.
select *
from {{ ref('int_training_runs__impacts') }}
where run_source = 'epoch'
