-- The method against what authors published: for every run of
-- seeds/reference/published_training_footprints.csv, the warehouse's GPU-hours, energy and
-- use-phase GWP beside the published figures, and their ratios (estimate / published), under
-- every method profile of var compared_method_profiles (one row per published run and profile).
-- A run the warehouse cannot estimate is kept, with its exclusion reason. This mart reads the published
-- figures; no model that computes an impact does, so the validation measures the method without
-- feeding it.

with published as (
    select * from {{ ref('stg_reference__published_training_footprints') }}
),

profiles as (
    select method_profile from ({{ method_profiles_built() }}) as built
),

runs as (
    select * from {{ ref('int_training_runs__epoch_impacts') }} where run_source = 'epoch'
),

excluded as (
    select model_name, publication_date, method_profile, exclusion_reason
    from {{ ref('int_training_runs__classified') }}
    where run_source = 'epoch' and not is_estimated
)

select
    published.model_name,
    published.publication_date,
    profiles.method_profile,
    runs.model_id,
    runs.model_id is not null                                                   as is_estimated,
    excluded.exclusion_reason,
    runs.gpu_card_id,
    runs.analysis_scope,
    runs.gpu_hours_method,
    runs.compute_scope,
    runs.performance_ratio_source,
    runs.location_source,
    runs.pue_source,
    published.published_hardware,
    published.training_scope,
    runs.gpu_hours                                                              as estimated_gpu_hours,
    published.published_gpu_hours,
    published.gpu_hours_basis,
    runs.gpu_hours / nullif(published.published_gpu_hours, 0)                   as gpu_hours_ratio,
    runs.energy_kwh                                                             as estimated_energy_kwh,
    published.published_energy_kwh,
    runs.energy_kwh / nullif(published.published_energy_kwh, 0)                 as energy_ratio,
    runs.gwp_use_kgco2e                                                         as estimated_gwp_use_kgco2e,
    published.published_gwp_kgco2e,
    published.gwp_basis,
    published.gwp_scope,
    runs.gwp_use_kgco2e / nullif(published.published_gwp_kgco2e, 0)             as gwp_use_ratio,
    published.source,
    published.source_location,
    published.confidence
from published
cross join profiles
left join runs
    on published.model_name = runs.model_name and published.publication_date = runs.publication_date
    and profiles.method_profile = runs.method_profile
left join excluded
    on published.model_name = excluded.model_name and published.publication_date = excluded.publication_date
    and profiles.method_profile = excluded.method_profile
