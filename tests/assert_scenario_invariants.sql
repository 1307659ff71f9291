-- Scenario invariants (returns the rows that break one), on the runs of var
-- per_run_scenario_test_sample:
--   location shifting never raises use-phase GWP and never changes embodied impacts;
--   every run appears in every scenario.
-- (That a 0 % rate, or the build's own lifetime and utilization, reproduces the baseline is
-- checked against hand-worked values by the scenarios' unit tests, _scenarios__models.yml.)
with baseline as (
    select model_id, gwp_use_kgco2e, gwp_embodied_kgco2e, adpe_embodied_kgsbeq, pe_embodied_mj, gwp_total_kgco2e
    from {{ ref('fct_training_run_impacts') }}
    where {{ var('per_run_scenario_test_sample') }}
)

select 'location shifting raised use GWP or moved embodied' as broken, shifting.model_id, shifting.scenario as detail
from {{ ref('scn_location_shifting') }} as shifting
inner join baseline on shifting.model_id = baseline.model_id
where shifting.gwp_use_kgco2e > baseline.gwp_use_kgco2e * (1 + 1e-12)
   or shifting.gwp_embodied_kgco2e <> baseline.gwp_embodied_kgco2e
   or shifting.adpe_embodied_kgsbeq <> baseline.adpe_embodied_kgsbeq
   or shifting.pe_embodied_mj <> baseline.pe_embodied_mj

union all

-- every run appears in every scenario
select 'run missing from a scenario' as broken, baseline.model_id, 'count' as detail
from baseline
where (select count(*) from {{ ref('scn_location_shifting') }} as s where s.model_id = baseline.model_id) <> 3
   or (select count(*) from {{ ref('scn_grid_decarbonization') }} as s where s.model_id = baseline.model_id)
        <> {{ var('grid_decarbonization_rates') | length }}
   or (select count(*) from {{ ref('scn_hardware_lifespan') }} as s where s.model_id = baseline.model_id)
        <> {{ var('lifespan_scenario_years') | length * var('lifespan_scenario_utilizations') | length }}
