"""Fixtures for the code-executor tests: docker / kubernetes availability, and process bookkeeping."""

from __future__ import annotations

import socket
from typing import Any

import pytest


def kubernetes_cluster_problem() -> str | None:
    """Why kubernetes tests cannot run here (None when a cluster answers)."""
    try:
        from kubernetes import client, config
    except ImportError:
        return 'the kubernetes client is not installed (pip install "autogen-agentchat[kubernetes]")'
    try:
        config.load_config()
        client.CoreV1Api().list_namespace(_request_timeout=5)
    except Exception as e:  # no kubeconfig, no in-cluster config, or the API server does not answer
        return f"no Kubernetes cluster answers ({type(e).__name__})"
    return None


@pytest.fixture
def docker_available(container_engine: Any) -> None:
    """A container engine answers, and DOCKER_HOST names it for this test (skipped with the reason otherwise)."""


@pytest.fixture(scope="session")
def kubernetes_available() -> None:
    problem = kubernetes_cluster_problem()
    if problem is not None:
        pytest.skip(f"kubernetes tests need a reachable cluster: {problem}")


@pytest.fixture
def no_docker_engine_host(monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the docker SDK at a local port where nothing listens, so "no engine" holds on any machine."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("DOCKER_HOST", f"tcp://127.0.0.1:{port}")
