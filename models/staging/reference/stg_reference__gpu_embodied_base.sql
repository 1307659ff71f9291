select criterion, cast(gpu_base_impact as double) as gpu_base_impact, unit, source
from {{ ref('gpu_embodied_base') }}
