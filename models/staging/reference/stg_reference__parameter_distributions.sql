select
    parameter,
    distribution,
    cast(low as double)     as low,
    cast(mode as double)    as mode,
    cast(high as double)    as high,
    unit,
    applies_to,
    source
from {{ ref('parameter_distributions') }}
