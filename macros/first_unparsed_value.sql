{#- In int_training_runs__classified: the first numeric input whose text did not parse, as
    "column = 'text'", or null. One list for the reason and its detail. -#}
{% macro first_unparsed_value() -%}
    {%- set checked = [
        ('training_compute_flop', 'Training compute (FLOP)'),
        ('training_time_hours', 'Training time (hours)'),
        ('hardware_quantity', 'Hardware quantity'),
        ('reported_gpu_hours', 'gpu_hours'),
        ('reported_grid_gwp', 'grid_gwp_kgco2e_per_kwh'),
        ('measured_energy_kwh', 'measured_energy_kwh'),
    ] -%}
    case
    {%- for column, label in checked %}
        {%- set value = column ~ ('_kgco2e_per_kwh' if column == 'reported_grid_gwp' else '') %}
        when {{ column }}_text is not null and {{ value }} is null then '{{ label }} = ''' || {{ column }}_text || ''''
    {%- endfor %}
    end
{%- endmacro %}
