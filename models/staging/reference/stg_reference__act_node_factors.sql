select
    cast(act_node_nm as integer)        as act_node_nm,
    cast(epa_kwh_per_cm2 as double)     as epa_kwh_per_cm2,
    cast(gpa_g_per_cm2 as double)       as gpa_g_per_cm2,
    source
from {{ ref('act_node_factors') }}
