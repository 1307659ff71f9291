-- Why runs were left out, with one example of each reason.
select
    exclusion_reason,
    count(*)                          as records,
    min(exclusion_detail)             as example
from {{ ref('fct_training_runs_excluded') }}
group by exclusion_reason
order by records desc
