{#- Generic model test: every key, null, value and range check of one table, in one dbt node. A
    node costs dbt about 20 ms of CPU whatever its query does, more than most checks cost on a
    thousand rows: a test per check made the data tests a fifth of a build's cost on Epoch's
    snapshot (docs/benchmark.md). The row checks (not_null, accepted_values, in_range) share one
    scan of the table, which matters for the per-run views, computed each time they are read;
    each key check is a GROUP BY of its own.
    Arguments (each optional):
      primary_key:     [columns]      no null in any of them, no two rows with the same values
      unique:          [[columns]]    no two rows share the values of each list (a row whose
                                      columns are all null is not counted, as dbt's unique)
      not_null:        [columns]
      accepted_values: {column: [values]}  every non-null value is one of them
      in_range:        {column: {min_value:, max_value:}}  every non-null value within the
                                      bounds (either may be left out)
    A failure returns a row per failing check: `failed_check` names the check and its columns,
    `failing_values` shows up to ten offending keys or values, `failing_rows` counts the rows.
    Run the test's compiled SQL (target/compiled/...) to see them. -#}
{% test table_checks(model, primary_key=none, unique=none, not_null=none, accepted_values=none, in_range=none) %}
{%- set row_checks = [] %}
{%- for column in not_null or [] %}
    {%- do row_checks.append({'name': 'not_null(' ~ column ~ ')', 'column': column, 'failing': column ~ ' is null'}) %}
{%- endfor %}
{%- for column, values in (accepted_values or {}).items() %}
    {%- set quoted = [] %}
    {%- for value in values %}{% do quoted.append("'" ~ (value | string | replace("'", "''")) ~ "'") %}{% endfor %}
    {%- do row_checks.append({'name': 'accepted_values(' ~ column ~ ')', 'column': column,
                              'failing': 'cast(' ~ column ~ ' as varchar) not in (' ~ quoted | join(', ') ~ ')'}) %}
{%- endfor %}
{%- for column, bounds in (in_range or {}).items() %}
    {%- set outside = [] %}
    {%- if bounds.get('min_value') is none and bounds.get('max_value') is none %}
        {{ exceptions.raise_compiler_error("table_checks in_range of " ~ column ~ ": give min_value, max_value or both") }}
    {%- endif %}
    {%- if bounds.get('min_value') is not none %}{% do outside.append(column ~ ' < ' ~ bounds['min_value']) %}{% endif %}
    {%- if bounds.get('max_value') is not none %}{% do outside.append(column ~ ' > ' ~ bounds['max_value']) %}{% endif %}
    {%- do row_checks.append({'name': 'in_range(' ~ column ~ ', ' ~ bounds.get('min_value') ~ ', ' ~ bounds.get('max_value') ~ ')',
                              'column': column, 'failing': '(' ~ outside | join(' or ') ~ ')'}) %}
{%- endfor %}
{%- set key_checks = [] %}
{%- if primary_key %}
    {%- do key_checks.append({'name': 'primary_key(' ~ primary_key | join(', ') ~ ')', 'columns': primary_key, 'nulls_fail': true}) %}
{%- endif %}
{%- for columns in unique or [] %}
    {%- do key_checks.append({'name': 'unique(' ~ columns | join(', ') ~ ')', 'columns': columns, 'nulls_fail': false}) %}
{%- endfor %}
{%- if row_checks %}
with scanned as materialized (
    select
    {%- for check in row_checks %}
        count(*) filter (where {{ check.failing }}) as failing_{{ loop.index }},
        list(distinct cast({{ check.column }} as varchar)) filter (where {{ check.failing }}) as values_{{ loop.index }}{{ ',' if not loop.last }}
    {%- endfor %}
    from {{ model }}
)
{%- endif %}
select * from (
{%- for check in row_checks %}
    select
        '{{ check.name }}' as failed_check,
        array_to_string(list_slice(values_{{ loop.index }}, 1, 10), ' | ') as failing_values,
        failing_{{ loop.index }} as failing_rows
    from scanned
    where failing_{{ loop.index }} > 0
    union all
{%- endfor %}
{%- for check in key_checks %}
    select
        '{{ check.name }}' as failed_check,
        array_to_string(list_slice(list(key_text), 1, 10), ' | ') as failing_values,
        cast(sum(occurrences) as bigint) as failing_rows
    from (
        select
            concat_ws(', ' {%- for column in check.columns %}, coalesce(cast({{ column }} as varchar), 'null'){% endfor %}) as key_text,
            count(*) as occurrences
        from {{ model }}
        {%- if not check.nulls_fail %}
        where {% for column in check.columns %}{{ column }} is not null{{ ' or ' if not loop.last }}{% endfor %}
        {%- endif %}
        group by {{ check.columns | join(', ') }}
        having count(*) > 1
        {%- if check.nulls_fail %}
            {%- for column in check.columns %} or {{ column }} is null{% endfor %}
        {%- endif %}
    ) as failing_keys
    having count(*) > 0
    union all
{%- endfor %}
    select cast(null as varchar), cast(null as varchar), cast(null as bigint) where false
) as failures
{% endtest %}
