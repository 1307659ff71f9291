-- Country names to ISO3; `country_key` is the case-insensitive form the matching joins on.
select
    trim(country_name)                  as country_name,
    lower(trim(country_name))           as country_key,
    nullif(upper(trim(country_iso3)), '') as country_iso3,
    note,
    source
from {{ ref('country_iso3') }}
