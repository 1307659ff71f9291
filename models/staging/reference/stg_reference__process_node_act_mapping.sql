select
    cast(process_node_nm as integer)    as process_node_nm,
    cast(act_node_nm as integer)        as act_node_nm,
    note
from {{ ref('process_node_act_mapping') }}
