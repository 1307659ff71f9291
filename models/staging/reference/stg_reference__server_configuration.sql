select parameter, cast(value as double) as value, unit, source, note
from {{ ref('server_configuration') }}
