"""The version of the 0.2 API this package implements."""

__version__ = "0.2.40"
