-- The share of one server's production impacts (without its GPUs) carried by each of its GPUs:
-- server_without_gpus / var gpus_per_server, one row, a column per criterion. Used by the
-- allocation to runs and by the Monte Carlo models.
select
    max(case when criterion = 'gwp' then server_without_gpus_impact end) / {{ var('gpus_per_server') }}
        as gwp_server_share_kgco2e,
    max(case when criterion = 'adpe' then server_without_gpus_impact end) / {{ var('gpus_per_server') }}
        as adpe_server_share_kgsbeq,
    max(case when criterion = 'pe' then server_without_gpus_impact end) / {{ var('gpus_per_server') }}
        as pe_server_share_mj
from {{ ref('int_servers__embodied_impacts') }}
