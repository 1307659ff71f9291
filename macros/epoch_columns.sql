{#- Epoch AI's export changes over time: columns are renamed, added and dropped. The one list of
    the columns the warehouse uses, each with the header names it has had (first match wins,
    case-insensitive) and whether a build can go on without it, is the data file
    macros/epoch_column_variants.csv, which the Python checks (training_impacts/epoch_columns.py:
    `make data`, the great-expectations suites) read too. Read at execution (DuckDB reads the
    file); while dbt parses, the list is empty, as every column mapping is then. -#}
{% macro epoch_column_variants() %}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set rows = run_query("select column_name, header_variants, is_required from read_csv("
                             ~ quote_path(project_root() ~ '/macros/epoch_column_variants.csv')
                             ~ ", header = true, all_varchar = true)").rows -%}
    {%- set columns = [] -%}
    {%- for row in rows -%}
        {%- do columns.append({'name': row[0], 'variants': row[1].split('|'), 'required': row[2] | lower == 'true'}) -%}
    {%- endfor -%}
    {{ return(columns) }}
{% endmacro %}


{#- Maps each column of epoch_column_variants() to the header it has in `relation_sql`, or none
    (every column of the list is a key, in its order; empty while dbt parses).
    Stops the build with a message naming the input and every required column it cannot find. -#}
{% macro epoch_column_mapping(relation_sql, input_label) %}
    {%- set mapping = {} -%}
    {%- if not execute -%}
        {{ return(mapping) }}
    {%- endif -%}
    {%- set headers = input_headers(relation_sql) -%}
    {%- set missing = [] -%}
    {%- for column in epoch_column_variants() -%}
        {%- set found = [] -%}
        {%- for variant in column.variants if not found -%}
            {%- if variant | lower in headers -%}
                {%- do found.append(headers[variant | lower]) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- do mapping.update({column.name: (found[0] if found else none)}) -%}
        {%- if column.required and not found -%}
            {%- do missing.append("'" ~ column.variants | join("' or '") ~ "'") -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if missing -%}
        {{ exceptions.raise_compiler_error(
            "Epoch models input " ~ input_label ~ ": required column(s) not found: " ~ missing | join(', ')
            ~ ". Columns present: " ~ (headers.values() | list | join(', ') if headers else '(none: is the file empty?)')
            ~ ". Is this an Epoch AI notable_ai_models.csv export?") }}
    {%- endif -%}
    {%- if run_query("select count(*) from " ~ relation_sql).columns[0].values()[0] == 0 -%}
        {{ exceptions.raise_compiler_error("Epoch models input " ~ input_label ~ ": the file has a header but no records.") }}
    {%- endif -%}
    {{ return(mapping) }}
{% endmacro %}


{#- The raw Epoch relation this build reads and a label saying which one (for messages and the
    `input_source` column): EPOCH_MODELS_CSV, else data/raw/epoch/notable_ai_models.csv, else the
    bundled sample seed. -#}
{% macro epoch_models_input() %}
    {%- set csv = resolve_input_csv('EPOCH_MODELS_CSV', 'raw/epoch/notable_ai_models.csv') -%}
    {%- if csv -%}
        {%- do assert_readable_csv(csv.path, 'Epoch models input') -%}
        {{ return({'relation_sql': read_csv_as_text(csv.path), 'label': csv.path ~ ' (' ~ csv.origin ~ ')',
                   'path': csv.path, 'origin': csv.origin, 'is_bundled_sample': false}) }}
    {%- endif -%}
    {{ return({'relation_sql': ref('epoch_notable_models_sample') | string, 'label': 'bundled sample seeds/epoch/epoch_notable_models_sample.csv',
               'path': project_root() ~ '/seeds/epoch/epoch_notable_models_sample.csv', 'origin': 'bundled sample seed',
               'is_bundled_sample': true}) }}
{% endmacro %}
