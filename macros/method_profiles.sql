{#- Method profiles (var method_profiles; docs/method_profiles.md): each profile names a
    choice for each rule. Every per-run step is keyed on (record_id, method_profile); these macros
    turn a rule into SQL for every profile at once. -#}

{#- The profiles a record is estimated under: method_profile for every record, and each of
    compared_method_profiles for Epoch's records too (the study population the validation and the
    side-by-side findings read). Returns a relation (method_profile, for_epoch_only). -#}
{% macro method_profiles_built() -%}
    {%- set profiles = var('method_profiles') %}
    {%- set selected = var('method_profile') %}
    {%- if selected not in profiles %}
        {{ exceptions.raise_compiler_error("var method_profile is '" ~ selected ~ "', not one of var method_profiles: " ~ (profiles.keys() | list | join(', '))) }}
    {%- endif %}
    {%- for profile in var('compared_method_profiles') %}
        {%- if profile not in profiles %}
            {{ exceptions.raise_compiler_error("var compared_method_profiles names '" ~ profile ~ "', not one of var method_profiles: " ~ (profiles.keys() | list | join(', '))) }}
        {%- endif %}
    {%- endfor %}
    select '{{ selected }}' as method_profile, false as for_epoch_only
    {%- for profile in var('compared_method_profiles') if profile != selected %}
    union all select '{{ profile }}', true
    {%- endfor %}
{%- endmacro %}

{#- `case <profile column> when 'paper' then ... end`: for each profile, the SQL of its choice for
    `rule`. `expressions` maps every allowed choice to its SQL; a profile naming another choice
    stops the compile, naming the profile, the rule and the allowed choices. -#}
{% macro method_rule(rule, expressions, profile_column='method_profile') -%}
    case {{ profile_column }}
    {%- for profile, rules in var('method_profiles').items() %}
        {%- set choice = rules.get(rule) %}
        {%- if choice not in expressions %}
            {{ exceptions.raise_compiler_error("var method_profiles: profile '" ~ profile ~ "' sets " ~ rule ~ " to '" ~ choice ~ "'; the choices are " ~ (expressions.keys() | list | join(', '))) }}
        {%- endif %}
        when '{{ profile }}' then {{ expressions[choice] }}
    {%- endfor %}
    end
{%- endmacro %}
