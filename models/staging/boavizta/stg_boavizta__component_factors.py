"""Component manufacturing factors (CPU, RAM, power supply, motherboard, rack case, assembly),
read at build time from the installed boaviztapi package: see python/training_impacts/boavizta.py."""

from training_impacts.boavizta import component_factors


def model(dbt, session):
    dbt.config(materialized="table")
    return component_factors()
