"""training-impacts: the Python layer of the warehouse (paths, data download, checks, CLI)."""

__version__ = "0.1.0"
