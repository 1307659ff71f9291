{#- One row per item of a comma-separated text column, with its 1-based position: used for
    Epoch's `Training hardware` and `Country (of organization)` lists. Emits a FROM-clause
    fragment to put after the relation `relation_alias`: yields `split_items.raw_item` (untrimmed)
    and `split_items.item_position`. Whole distinct lists: macro distinct_list_items. -#}
{% macro split_list_to_rows(relation_alias, column) -%}
    {{ return(adapter.dispatch('split_list_to_rows', 'training_impacts')(relation_alias, column)) }}
{%- endmacro %}

{% macro default__split_list_to_rows(relation_alias, column) -%}
    {{ exceptions.raise_compiler_error("split_list_to_rows has no implementation for " ~ target.type ~ " yet (Spark: LATERAL VIEW POSEXPLODE(split(...)))") }}
{%- endmacro %}

{% macro duckdb__split_list_to_rows(relation_alias, column) -%}
    cross join unnest(string_split({{ relation_alias }}.{{ column }}, ',')) with ordinality as split_items(raw_item, item_position)
{%- endmacro %}
