"""Electricity impact factors per country (GWP, ADPe, PE per kWh), read at build time from the
installed boaviztapi package's data/factors.yml: see python/training_impacts/boavizta.py."""

from training_impacts.boavizta import electricity_factors


def model(dbt, session):
    dbt.config(materialized="table")
    return electricity_factors()
