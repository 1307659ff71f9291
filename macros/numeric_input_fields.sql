{#- The numeric fields of a training-run record (Epoch and custom), each with the header it has
    in each source (none: that source has no such field), its text column where staging keeps
    one, and its plausible range: above `low` (or equal, where `low_inclusive`) and at most the
    var `high_var`. NaN and infinities fall outside every range. One list for the two checks
    below, which int_training_runs__checks turns into non_numeric_value and implausible_value. -#}
{% macro numeric_input_fields() %}
    {{ return([
        {'column': 'training_compute_flop', 'text': 'training_compute_flop_text', 'epoch': 'Training compute (FLOP)', 'custom': none,
         'low': 0, 'low_inclusive': false, 'high_var': 'max_training_compute_flop'},
        {'column': 'training_time_hours', 'text': 'training_time_hours_text', 'epoch': 'Training time (hours)', 'custom': 'hours',
         'low': 0, 'low_inclusive': false, 'high_var': 'max_training_time_hours'},
        {'column': 'hardware_quantity', 'text': 'hardware_quantity_text', 'epoch': 'Hardware quantity', 'custom': 'gpu_count',
         'low': 0, 'low_inclusive': false, 'high_var': 'max_hardware_quantity'},
        {'column': 'hardware_utilization_mfu', 'text': none, 'epoch': 'Hardware utilization (MFU)', 'custom': none,
         'low': 0, 'low_inclusive': false, 'high_var': 'max_hardware_utilization_mfu'},
        {'column': 'finetune_compute_flop', 'text': none, 'epoch': 'Finetune compute (FLOP)', 'custom': none,
         'low': 0, 'low_inclusive': true, 'high_var': 'max_training_compute_flop'},
        {'column': 'reported_gpu_hours', 'text': 'reported_gpu_hours_text', 'epoch': none, 'custom': 'gpu_hours',
         'low': 0, 'low_inclusive': false, 'high_var': 'max_gpu_hours'},
        {'column': 'reported_grid_gwp_kgco2e_per_kwh', 'text': 'reported_grid_gwp_text', 'epoch': none, 'custom': 'grid_gwp_kgco2e_per_kwh',
         'low': 0, 'low_inclusive': true, 'high_var': 'max_grid_gwp_kgco2e_per_kwh'},
        {'column': 'measured_energy_kwh', 'text': 'measured_energy_kwh_text', 'epoch': none, 'custom': 'measured_energy_kwh',
         'low': 0, 'low_inclusive': true, 'high_var': 'max_measured_energy_kwh'},
    ]) }}
{% endmacro %}


{#- The field's header as the record's own source names it. -#}
{% macro numeric_field_label(field) -%}
    {%- if field.epoch and field.custom -%}
        case when run_source = 'custom' then '{{ field.custom }}' else '{{ field.epoch }}' end
    {%- else -%}
        '{{ field.epoch or field.custom }}'
    {%- endif -%}
{%- endmacro %}


{#- The first numeric field whose text did not parse, as "field = 'text'", or null. -#}
{% macro first_unparsed_value() -%}
    case
    {%- for field in numeric_input_fields() if field.text %}
        when {{ field.text }} is not null and {{ field.column }} is null
            then {{ numeric_field_label(field) }} || ' = ''' || {{ field.text }} || ''''
    {%- endfor %}
    end
{%- endmacro %}


{#- The first numeric field outside its plausible range (NaN and infinities included), as
    "field = value (must be ...)", or null. `not (value > low and value <= high)` is true for
    NaN and +-infinity in DuckDB, Postgres and Spark alike, which order NaN above every number. -#}
{% macro first_out_of_bounds_value() -%}
    case
    {%- for field in numeric_input_fields() %}
        {%- set high = var(field.high_var) %}
        {%- set low_operator = '>=' if field.low_inclusive else '>' %}
        {%- set parsed_text = 'cast(' ~ field.column ~ ' as ' ~ dbt.type_string() ~ ')' %}
        when {{ field.column }} is not null
         and not ({{ field.column }} {{ low_operator }} {{ field.low }} and {{ field.column }} <= {{ high }})
            then {{ numeric_field_label(field) }} || ' = '
                || {{ 'coalesce(' ~ field.text ~ ', ' ~ parsed_text ~ ')' if field.text else parsed_text }}
                || ' (must be {{ low_operator }} {{ field.low }} and <= {{ high }}, var {{ field.high_var }})'
    {%- endfor %}
    end
{%- endmacro %}
