"""The GPU-h1 vs GPU-h2 fit on the runs that have both: the performance ratio that would make
GPU-h2 equal GPU-h1, with its 95 % interval, set against var performance_ratio (0.27), for all
such runs and for those not flagged divergent, in each analysis scope: python/training_impacts/fits/.
A check of the paper's parameter, so on the runs as the paper profile estimates them (every GPU-h2
at the one assumed ratio); empty when the build does not estimate that profile."""

from training_impacts.fits import performance_ratio_fits_by_scope


def model(dbt, session):
    dbt.config(materialized="table")
    # the study population: Epoch AI's runs (custom jobs have their own dates and scale)
    runs = dbt.ref("int_training_runs__epoch_impacts").filter("run_source = 'epoch' and method_profile = 'paper'").df()
    return performance_ratio_fits_by_scope(runs, dbt.config.get("analysis_scopes"),
                                           assumed_ratio=float(dbt.config.get("performance_ratio")))
