"""CodeExecutorFactory: names, instances and unknown executors."""

from __future__ import annotations

import pytest

from autogen.coding import CodeExecutorFactory, LocalCommandLineCodeExecutor


def test_unknown_executor_name_raises() -> None:
    with pytest.raises(ValueError, match="Unknown code executor unknown"):
        CodeExecutorFactory.create({"executor": "unknown"})


def test_missing_executor_raises() -> None:
    with pytest.raises(ValueError, match="Unknown code executor None"):
        CodeExecutorFactory.create({})


def test_instance_is_returned_as_is() -> None:
    executor = LocalCommandLineCodeExecutor()
    assert CodeExecutorFactory.create({"executor": executor}) is executor


def test_factory_module_path() -> None:
    from autogen.coding.factory import CodeExecutorFactory as FromModule

    assert FromModule is CodeExecutorFactory
