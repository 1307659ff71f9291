-- depends_on: {{ ref('int_training_runs__inputs') }}, {{ ref('int_training_runs__hardware_matched') }}, {{ ref('int_accelerators__catalogue') }}
-- The likeliest accelerator of each Epoch record that names no hardware (var
-- impute_missing_hardware; no rows when it is off), learnt from the Epoch records that do name
-- exactly one catalogue accelerator. The fallback, first level that has any record:
--   1. organization_year        the records of the same organisation (the first listed, without
--                                case or spaces) and publication year
--   2. organization_nearby_years the same Organization within var imputation_year_window years
--   3. year                      every organisation's records of the publication year
-- At each level the accelerator named by the most records wins (ties: the nearer year, then the
-- id). A record with no candidate at any level stays excluded as no_hardware. The marts mark the
-- result hardware_source = 'imputed' and keep it out of the paper and named_hardware scopes; the
-- Monte Carlo widens its GPU-hours (parameter imputed_hardware_gpu_hours_scale).

{%- set enabled = var('impute_missing_hardware') %}
{%- if enabled not in [true, false] %}
    {{ exceptions.raise_compiler_error("var impute_missing_hardware must be true or false, got '" ~ enabled ~ "'") }}
{%- endif %}

{#- Off (the default): an empty table of the same shape, without reading the inputs or the
    matching (which would otherwise run once more over every record, millions of custom jobs
    included). -#}
{%- if not enabled %}
select
    cast(null as bigint)                          as record_id,
    cast(null as {{ dbt.type_string() }})         as gpu_card_id,
    cast(null as {{ dbt.type_string() }})         as imputed_hardware_name,
    cast(null as {{ dbt.type_string() }})         as imputation_basis,
    cast(null as bigint)                          as imputation_named_records,
    cast(null as bigint)                          as imputation_basis_records
where false
{%- else %}

with inputs as (
    select
        record_id,
        run_source,
        training_hardware,
        -- the first organisation listed leads the work ('Zhipu AI,Tsinghua University')
        lower(trim(split_part(organization, ',', 1)))             as organization_key,
        cast(extract(year from publication_date) as integer)      as publication_year
    from {{ ref('int_training_runs__inputs') }}
    where run_source = 'epoch' and publication_date is not null
),

named as (
    select inputs.organization_key, inputs.publication_year, matched.first_matched_gpu_card_id as gpu_card_id
    from inputs
    inner join {{ ref('int_training_runs__hardware_matched') }} as matched
        on inputs.record_id = matched.record_id
    where matched.distinct_hardware_count = 1 and matched.first_matched_gpu_card_id is not null
),

targets as (
    select record_id, organization_key, publication_year
    from inputs
    where training_hardware is null
),

candidates as (
    select targets.record_id, 1 as basis_rank, 'organization_year' as imputation_basis, named.gpu_card_id,
           count(*) as named_records, 0 as year_distance
    from targets
    inner join named on named.organization_key = targets.organization_key and named.publication_year = targets.publication_year
    group by targets.record_id, named.gpu_card_id
    union all
    select targets.record_id, 2, 'organization_nearby_years', named.gpu_card_id,
           count(*), min(abs(named.publication_year - targets.publication_year))
    from targets
    inner join named on named.organization_key = targets.organization_key
        and abs(named.publication_year - targets.publication_year) between 1 and {{ var('imputation_year_window') }}
    group by targets.record_id, named.gpu_card_id
    union all
    select targets.record_id, 3, 'year', named.gpu_card_id, count(*), 0
    from targets
    inner join named on named.publication_year = targets.publication_year
    group by targets.record_id, named.gpu_card_id
),

ranked as (
    select
        *,
        sum(named_records) over (partition by record_id, basis_rank)                      as basis_records,
        row_number() over (partition by record_id
                           order by basis_rank, named_records desc, year_distance, gpu_card_id) as candidate_rank
    from candidates
)

select
    ranked.record_id,
    ranked.gpu_card_id,
    catalogue.accelerator_name                                   as imputed_hardware_name,
    'imputed_' || ranked.imputation_basis                        as imputation_basis,
    ranked.named_records                                         as imputation_named_records,
    ranked.basis_records                                         as imputation_basis_records
from ranked
inner join {{ ref('int_accelerators__catalogue') }} as catalogue
    on ranked.gpu_card_id = catalogue.accelerator_id
where ranked.candidate_rank = 1
{%- endif %}
