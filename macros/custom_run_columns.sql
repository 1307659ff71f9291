{#- The columns of a custom training-jobs CSV (CUSTOM_RUNS_CSV): an organisation's own runs,
    computed with the same method as Epoch's. Header names are matched case-insensitively.
    A missing required column stops the build naming it; optional ones may be left out. -#}
{% macro custom_run_columns() %}
    {{ return([
        {'name': 'job_id',                  'required': true,  'doc': 'unique id of the job'},
        {'name': 'start_date',              'required': true,  'doc': 'YYYY-MM-DD; sets the PUE year'},
        {'name': 'gpu',                     'required': true,  'doc': 'catalogue card id (a100_sxm4_80_gb), card name or an Epoch alias (NVIDIA A100)'},
        {'name': 'gpu_count',               'required': false, 'doc': 'number of GPUs (with hours)'},
        {'name': 'hours',                   'required': false, 'doc': 'wall-clock hours (with gpu_count)'},
        {'name': 'gpu_hours',               'required': false, 'doc': 'GPU-hours, instead of gpu_count x hours'},
        {'name': 'country',                 'required': false, 'doc': 'ISO3 code or English country name; empty: World'},
        {'name': 'grid_gwp_kgco2e_per_kwh', 'required': false, 'doc': 'your grid or PPA carbon factor, overrides the country GWP factor'},
        {'name': 'measured_energy_kwh',     'required': false, 'doc': 'metered energy, replaces gpu_hours x TDP x PUE'},
        {'name': 'organization',            'required': false, 'doc': 'team or organisation'},
    ]) }}
{% endmacro %}
