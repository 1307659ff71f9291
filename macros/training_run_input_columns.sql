{#- The column list both input sources share (int_training_runs__inputs), in one order. -#}
{% macro training_run_input_columns() -%}
    model_key, run_source, input_source, source_row_number, model_name, organization,
    publication_date_text, publication_date, domain, training_compute_flop_text, training_compute_flop,
    training_time_hours_text, training_time_hours, training_hardware, hardware_quantity_text,
    hardware_quantity, hardware_quantity_correction, hardware_utilization_mfu, numerical_format, country_of_organization, base_model,
    finetune_compute_flop, confidence, link, reported_gpu_hours_text, reported_gpu_hours,
    reported_grid_gwp_text, reported_grid_gwp_kgco2e_per_kwh, measured_energy_kwh_text, measured_energy_kwh
{%- endmacro %}
