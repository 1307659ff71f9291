-- What each method profile (var method_profiles; docs/method_profiles.md) makes of
-- each input record: one row per record and profile it is estimated under (method_profile for
-- every record; each of compared_method_profiles for Epoch's records too). A narrow table of the
-- rule choices only: the compute a GPU-h2 estimate divides, the grid's location, the fraction of
-- peak FLOP/s, the format whose peak is used, whether Epoch's duration is used, the PUE of a
-- documented operator, and the one exclusion a profile can add (finetune_compute_unknown).
-- Later steps join it on (record_id, method_profile).

with inputs as (
    select
        record_id, run_source, model_name, publication_date, base_model, training_compute_flop,
        finetune_compute_flop, training_time_hours, hardware_quantity, reported_gpu_hours,
        hardware_utilization_mfu, numerical_format, country_of_organization
    from {{ ref('int_training_runs__inputs') }}
),

profiles as (
    {{ method_profiles_built() }}
),

-- a fine-tune's base, when Epoch has a record of that name: its recorded training compute
base_models as (
    select model_name, max(training_compute_flop) as base_training_compute_flop
    from {{ ref('stg_epoch__notable_models') }}
    group by model_name
),

-- records whose `Training time (hours)` is, by Epoch's own note, an assumption or a third
-- party's speculation (seeds/epoch/assumed_training_times.csv)
assumed_times as (
    select * from {{ ref('assumed_training_times') }}
),

locations as (
    select locations.*, pue.pue as operator_type_pue
    from {{ ref('training_locations') }} as locations
    left join {{ ref('pue_by_operator_type') }} as pue on locations.operator_type = pue.operator_type
),

records as (
    select
        inputs.*,
        profiles.method_profile,
        inputs.base_model is not null                                            as is_finetune,
        base_models.base_training_compute_flop,
        assumed_times.duration_basis                                             as assumed_duration_basis,
        locations.data_centre                                                    as documented_data_centre,
        locations.country_iso3                                                   as documented_country_iso3,
        locations.operator_type                                                  as documented_operator_type,
        locations.operator_type_pue
    from inputs
    cross join profiles
    left join base_models
        on inputs.base_model = base_models.model_name
    left join assumed_times
        on inputs.run_source = 'epoch'
        and inputs.model_name = assumed_times.model
        and inputs.publication_date = assumed_times.publication_date
    left join locations
        on inputs.run_source = 'epoch'
        and inputs.model_name = locations.model
        and inputs.publication_date = locations.publication_date
    where not profiles.for_epoch_only or inputs.run_source = 'epoch'
),

-- rule training_duration: an assumed or speculated duration (and the MFU Epoch computes from
-- it) gives way to GPU-h2 where the compute is known
duration_chosen as (
    select
        *,
        {{ method_rule('training_duration', {
            'as_recorded': 'false',
            'stated_only': 'assumed_duration_basis is not null and training_compute_flop is not null'}) }}
                                                                                 as is_duration_dropped
    from records
),

duration_applied as (
    select
        * replace (
            case when is_duration_dropped then null else training_time_hours end  as training_time_hours,
            case when is_duration_dropped then null else hardware_utilization_mfu end as hardware_utilization_mfu
        ),
        -- a duration GPU-h1 can use: a custom job's GPU-hours, or a kept time with a quantity
        reported_gpu_hours is not null
            or (not is_duration_dropped and training_time_hours is not null and hardware_quantity is not null) as has_duration,
        case when is_duration_dropped then 'dropped_' || assumed_duration_basis else 'as_recorded' end
                                                                                 as training_time_source
    from duration_chosen
),

-- rule finetune_compute: which compute a GPU-h2 estimate divides, and what it covers
compute_chosen as (
    select
        *,
        {{ method_rule('finetune_compute', {
            'training_compute': "case when not is_finetune then 'full_training' else 'finetune_recorded_total' end",
            'own_compute': "case
                when not is_finetune then 'full_training'
                when finetune_compute_flop > 0 then 'finetune_compute'
                when has_duration then 'finetune_duration'
                when training_compute_flop < base_training_compute_flop then 'finetune_total_below_base'
                else 'finetune_compute_unknown' end"}) }}                       as compute_scope
    from duration_applied
),

-- rule performance_ratio: the fraction of peak FLOP/s a GPU-h2 estimate assumes
ratio_chosen as (
    select
        *,
        case compute_scope
            when 'finetune_compute' then finetune_compute_flop
            when 'finetune_duration' then null          -- GPU-h1 measures the fine-tune itself
            when 'finetune_compute_unknown' then null
            else training_compute_flop
        end                                                                      as estimate_compute_flop,
        {{ method_rule('performance_ratio', {
            'fixed': "'fixed_default'",
            'run_mfu': "case when hardware_utilization_mfu is not null then 'run_mfu' else 'profile_default' end"}) }}
                                                                                 as performance_ratio_source
    from compute_chosen
)

select
    record_id,
    method_profile,
    -- the duration GPU-h1 multiplies (null where rule training_duration drops Epoch's assumption)
    training_time_hours                                                          as estimate_training_time_hours,
    training_time_source,
    compute_scope,
    estimate_compute_flop,
    performance_ratio_source,
    case performance_ratio_source
        when 'run_mfu' then hardware_utilization_mfu
        when 'profile_default' then {{ var('best_estimate_performance_ratio') }}
        else {{ var('performance_ratio') }}
    end                                                                          as performance_ratio,
    -- rule peak_format: Epoch's MFU is relative to the recorded format's peak, so a run with its
    -- own MFU keeps that peak; without it, an FP8 run takes its 16-bit tensor peak
    {{ method_rule('peak_format', {
        'recorded': 'numerical_format',
        'sixteen_bit_for_fp8': "case when upper(trim(numerical_format)) = 'FP8' and performance_ratio_source <> 'run_mfu'
                                     then 'BF16' else numerical_format end"}) }} as peak_format,
    -- rule grid_location: the documented data centre's country, else the organisation's
    {{ method_rule('grid_location', {
        'organization_country': 'country_of_organization',
        'training_location': 'coalesce(documented_country_iso3, country_of_organization)'}) }} as grid_location,
    {{ method_rule('grid_location', {
        'organization_country': "'organization_country'",
        'training_location': "case when documented_country_iso3 is not null then 'training_location' else 'organization_country' end"}) }}
                                                                                 as location_source,
    {{ method_rule('grid_location', {
        'organization_country': 'cast(null as ' ~ dbt.type_string() ~ ')',
        'training_location': 'documented_data_centre'}) }}                      as training_data_centre,
    -- rule pue: the documented operator type's PUE (null: the paper's PUE by year)
    {{ method_rule('pue', {
        'by_year': 'cast(null as double)',
        'by_operator': 'operator_type_pue'}) }}                                 as operator_pue,
    {{ method_rule('pue', {
        'by_year': "'publication_year'",
        'by_operator': "case when operator_type_pue is not null then 'operator_type_' || documented_operator_type else 'publication_year' end"}) }}
                                                                                 as pue_source,
    -- rule grid_factor_fallback, applied in int_training_runs__countries_matched
    {{ method_rule('grid_factor_fallback', {
        'mean_of_available': "'mean_of_available'",
        'world_per_criterion': "'world_per_criterion'"}) }}                      as grid_factor_fallback,
    case when compute_scope = 'finetune_compute_unknown' then 'finetune_compute_unknown' end as exclusion_reason,
    case when compute_scope = 'finetune_compute_unknown'
         then 'fine-tune of ' || base_model || ' with neither Finetune compute (FLOP) nor a stated Training time (hours): '
              || 'its Training compute (FLOP) includes the base''s pretraining'
              || case when base_training_compute_flop is null then ' (no Epoch record of the base to compare with)'
                      else ' (it is not below the base''s ' || cast(base_training_compute_flop as {{ dbt.type_string() }}) || ' FLOP)' end
              || ' (method profile ' || method_profile || ')'
    end                                                                          as exclusion_detail
from ratio_chosen
