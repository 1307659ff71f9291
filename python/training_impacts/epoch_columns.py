"""The raw Epoch columns the Python layer checks, each with the header names Epoch has used
(first match wins, case-insensitive, as in macros/epoch_columns.sql, which the dbt staging model
reads). The first variant is the canonical name. A module of its own, without imports, so that
`fetch` can check a downloaded file's header without importing great-expectations."""

EPOCH_COLUMN_VARIANTS: dict[str, tuple[str, ...]] = {
    "model": ("Model", "System"),
    "publication_date": ("Publication date",),
    "training_compute": ("Training compute (FLOP)",),
    "training_time": ("Training time (hours)",),
    "training_hardware": ("Training hardware",),
    "hardware_quantity": ("Hardware quantity",),
    "country": ("Country (of organization)", "Country (from Organization)"),
}
