{#- The card's peak FLOP/s a run uses for GPU-h2, chosen by its `Numerical format` (var
    peak_flops_column_by_format) and, when the format is unknown or the card lacks that column,
    by var unknown_format_peak_rule. `cards` is the alias of a relation with the catalogue's
    *_flops columns; returns an expression. -#}
{% macro peak_flops_for_format(format_expression, cards) -%}
    {%- set fallback = fallback_peak_flops(cards) -%}
    coalesce(
        case upper(trim({{ format_expression }}))
            {%- for format, column in var('peak_flops_column_by_format').items() %}
            when '{{ format | upper }}' then {{ cards }}.{{ column }}
            {%- endfor %}
        end,
        {{ fallback }}
    )
{%- endmacro %}

{#- Which column peak_flops_for_format took, for the run's record. -#}
{% macro peak_flops_basis(format_expression, cards) -%}
    case
        {%- for format, column in var('peak_flops_column_by_format').items() %}
        when upper(trim({{ format_expression }})) = '{{ format | upper }}' and {{ cards }}.{{ column }} is not null
            then '{{ column }}'
        {%- endfor %}
        {%- if var('unknown_format_peak_rule') == 'tensor_fp16_else_fp32' %}
        when {{ cards }}.tensor_fp16_flops is not null then 'tensor_fp16_flops (fallback)'
        else 'fp32_flops (fallback)'
        {%- else %}
        else 'fp32_flops (fallback)'
        {%- endif %}
    end
{%- endmacro %}

{% macro fallback_peak_flops(cards) -%}
    {%- if var('unknown_format_peak_rule') == 'tensor_fp16_else_fp32' -%}
        coalesce({{ cards }}.tensor_fp16_flops, {{ cards }}.fp32_flops)
    {%- elif var('unknown_format_peak_rule') == 'fp32' -%}
        {{ cards }}.fp32_flops
    {%- else -%}
        {{ exceptions.raise_compiler_error("var unknown_format_peak_rule must be 'tensor_fp16_else_fp32' or 'fp32', got '" ~ var('unknown_format_peak_rule') ~ "'") }}
    {%- endif -%}
{%- endmacro %}
