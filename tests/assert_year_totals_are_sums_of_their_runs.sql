-- The year aggregate's totals, in each analysis scope, are the sums of the scope's runs (the
-- build's own profile, var method_profile, against fct_training_run_impacts), with the scopes'
-- nesting written out here by hand rather than through macros/analysis_scopes.sql.
-- Returns the year rows that disagree.
with runs as (
    select scope, publication_year, count(*) as runs, sum(energy_kwh) as energy_kwh, sum(gwp_total_kgco2e) as gwp_total_kgco2e
    from (
        select 'paper' as scope, * from {{ ref('fct_training_run_impacts') }} where analysis_scope = 'paper'
        union all
        select 'named_hardware' as scope, * from {{ ref('fct_training_run_impacts') }} where analysis_scope in ('paper', 'named_hardware')
        union all
        select 'with_imputed' as scope, * from {{ ref('fct_training_run_impacts') }}
    ) as scoped
    where run_source = 'epoch'
    group by scope, publication_year
)

select 'year' as level, agg.analysis_scope || ' ' || cast(agg.publication_year as {{ dbt.type_string() }}) as row_key
from {{ ref('agg_impacts_by_year') }} as agg
inner join runs on agg.analysis_scope = runs.scope and agg.publication_year = runs.publication_year
    and agg.method_profile = '{{ var("method_profile") }}'
where agg.estimated_run_count <> runs.runs
   or abs(agg.total_energy_kwh - runs.energy_kwh) > 1e-9 * runs.energy_kwh
   or abs(agg.total_gwp_total_kgco2e - runs.gwp_total_kgco2e) > 1e-9 * runs.gwp_total_kgco2e
