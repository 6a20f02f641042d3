"""autogen._quiet_import: lazy imports of libraries that add warning filters keep the shown-warning records."""

from __future__ import annotations

import warnings

import pytest

from autogen._quiet_import import import_keeping_warnings, warning_records_kept


class _LibraryWarning(Warning):
    """Stands for a warning class a library defines and installs a filter for when imported."""


def _warn_from_one_place() -> None:
    warnings.warn("shown once per location", UserWarning, stacklevel=1)


def test_filter_added_while_kept_does_not_reshow_a_warning() -> None:
    with warnings.catch_warnings(record=True) as shown:
        warnings.simplefilter("default")
        _warn_from_one_place()
        with warning_records_kept():
            warnings.simplefilter("always", _LibraryWarning, append=True)
        _warn_from_one_place()
    assert [str(w.message) for w in shown] == ["shown once per location"]


def test_filter_added_while_kept_still_applies() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("default")
        with warning_records_kept():
            warnings.simplefilter("error", _LibraryWarning)
        with pytest.raises(_LibraryWarning):
            warnings.warn("turned into an error by the library's filter", _LibraryWarning, stacklevel=1)


def test_import_keeping_warnings_returns_the_first_module() -> None:
    module = import_keeping_warnings("json", "json.decoder")
    assert module.__name__ == "json"
