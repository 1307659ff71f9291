{#- A date as a decimal year: the year plus the share of that calendar year gone by at the date's
    start (2020-07-02 is 2020.5: 183 of leap 2020's 366 days). The trend fits' x, here as
    python/training_impacts/fits/ (fits.decimal_year) computes it for the dbt Python models, so the
    Monte Carlo's growth factors and rpt_trend_fits' are fitted on the same x. -#}
{% macro decimal_year(date) -%}
    (extract(year from {{ date }})
     + (extract(doy from {{ date }}) - 1)
       / (case when extract(year from {{ date }}) % 4 = 0
                    and (extract(year from {{ date }}) % 100 <> 0 or extract(year from {{ date }}) % 400 = 0)
               then 366.0 else 365.0 end))
{%- endmacro %}
