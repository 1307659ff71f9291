"""Hardware trends per card against release date (TDP, die area, memory, FLOP/s per W, embodied
GWP and ADPe per card), for all cards and for data-centre cards: python/training_impacts/fits/."""

from training_impacts.fits import run_hardware_trends


def model(dbt, session):
    dbt.config(materialized="table")
    cards = dbt.ref("dim_gpu_cards").df()
    return run_hardware_trends(cards, start_year=int(dbt.config.get("start_year")), end_year=int(dbt.config.get("end_year")))
