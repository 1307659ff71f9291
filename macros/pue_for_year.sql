{#- Data-centre PUE for a year (docs/method.md section 4): var pue_early up to pue_early_year,
    pue_late from pue_late_year, linear in between. -#}
{% macro pue_for_year(year_expression) -%}
    case
        when {{ year_expression }} <= {{ var('pue_early_year') }} then {{ var('pue_early') }}
        when {{ year_expression }} >= {{ var('pue_late_year') }} then {{ var('pue_late') }}
        else {{ var('pue_early') }}
            + ({{ var('pue_late') }} - {{ var('pue_early') }})
              * ({{ year_expression }} - {{ var('pue_early_year') }})
              / ({{ var('pue_late_year') }} - {{ var('pue_early_year') }})
    end
{%- endmacro %}
