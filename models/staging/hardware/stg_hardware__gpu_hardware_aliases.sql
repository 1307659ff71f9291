-- Hardware names (as Epoch AI writes them) to catalogue cards; `hardware_key` is the
-- case- and space-insensitive form the matching joins on.
select
    trim(hardware_name)                                  as hardware_name,
    {{ normalize_hardware_name('hardware_name') }}       as hardware_key,
    gpu_card_id,
    match_type,
    note
from {{ ref('gpu_hardware_aliases') }}
