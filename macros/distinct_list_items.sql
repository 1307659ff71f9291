{#- The items of every distinct comma-separated list in `column` of `relation` (a CTE name): one
    row per (list, item) with the list's text, the item's 1-based position and the trimmed item
    as `item_name`; empty items are dropped. Matching then runs once per distinct list: millions
    of jobs share a handful of hardware or country strings. -#}
{% macro distinct_list_items(relation, column, item_name) -%}
    select
        lists.{{ column }},
        split_items.item_position,
        trim(split_items.raw_item)                                    as {{ item_name }}
    from (select distinct {{ column }} from {{ relation }} where {{ column }} is not null) as lists
    {{ split_list_to_rows('lists', column) }}
    where trim(split_items.raw_item) <> ''
{%- endmacro %}
