{#- The analysis scopes, narrowest first (var analysis_scopes: paper, named_hardware,
    with_imputed). They nest: a run of the paper scope is also in named_hardware and
    with_imputed. A run's `analysis_scope` in fct_training_run_impacts is the narrowest scope it
    belongs to (analysis_scope_of_run); the by-year marts repeat each run once per scope holding it
    (join_analysis_scopes), so every scope's rows sum over its own runs. -#}

{% macro analysis_scope_of_run(run_source, vendor, hardware_source, publication_year) -%}
    {%- set scopes = var('analysis_scopes') -%}
    {%- if scopes != ['paper', 'named_hardware', 'with_imputed'] -%}
        {{ exceptions.raise_compiler_error("var analysis_scopes names the scopes the models compute: [paper, named_hardware, with_imputed], got " ~ scopes) }}
    {%- endif -%}
    case
        when {{ hardware_source }} = 'imputed' then 'with_imputed'
        -- Morand et al. 2025: Epoch AI's runs on named NVIDIA GPUs, published in the study window
        when {{ run_source }} = 'epoch' and {{ vendor }} = 'NVIDIA'
         and {{ publication_year }} between {{ var('min_publication_year') }} and {{ var('trend_end_year') }}
            then 'paper'
        else 'named_hardware'
    end
{%- endmacro %}

{#- `inner join` clause repeating each run of `runs` (with an analysis_scope column) once per
    scope that holds it; the scope is then `scopes.scope` and its rank `scopes.scope_rank`. -#}
{% macro join_analysis_scopes(runs) -%}
    inner join (
        values
        {%- for scope in var('analysis_scopes') %}
            ('{{ scope }}', {{ loop.index }}){{ ',' if not loop.last }}
        {%- endfor %}
    ) as scopes(scope, scope_rank)
        on scopes.scope_rank >= case {{ runs }}.analysis_scope
            {%- for scope in var('analysis_scopes') %}
            when '{{ scope }}' then {{ loop.index }}
            {%- endfor %}
        end
{%- endmacro %}
