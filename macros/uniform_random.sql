{#- A reproducible pseudo-random number in [0, 1) from a text key: the same key gives the same
    number in every build (no session state, no thread order), so Monte Carlo draws repeat
    exactly. DuckDB: its 64-bit hash(); other engines: implement with their own hash. -#}
{% macro uniform_random(key_expression) -%}
    {{ return(adapter.dispatch('uniform_random', 'training_impacts')(key_expression)) }}
{%- endmacro %}

{% macro default__uniform_random(key_expression) -%}
    {{ exceptions.raise_compiler_error("uniform_random has no implementation for " ~ target.type) }}
{%- endmacro %}

{% macro duckdb__uniform_random(key_expression) -%}
    (cast(hash({{ key_expression }}) as double) / 18446744073709551616.0)
{%- endmacro %}
