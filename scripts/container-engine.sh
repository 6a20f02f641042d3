#!/usr/bin/env bash
# A Docker-compatible container engine for autogen's Docker paths, on a Debian machine with no registry access:
# rootful Podman (Debian's packages) serving the Docker API on a unix socket, and the images autogen uses built
# locally from Debian packages with debootstrap.
#
#   scripts/container-engine.sh [start]   set up what is missing, start the API service; prints `export DOCKER_HOST=...`
#   scripts/container-engine.sh stop      stop the API service started here
#   scripts/container-engine.sh status    say whether the engine answers
#
# Idempotent: a second `start` with everything in place takes a few seconds. Progress goes to stderr; stdout
# carries only the DOCKER_HOST line, so `eval "$(scripts/container-engine.sh)"` exports it. The socket path is fixed
# (/run/autogen-podman/podman.sock), so tests find the engine even without the export. /var/run/docker.sock is left
# alone: a program that finds no DOCKER_HOST still sees "no engine", as it did before.
# Built root filesystems are cached as tarballs in $AUTOGEN_CONTAINER_CACHE (default /var/cache/autogen-containers),
# so the images come back in seconds if the engine's store is wiped.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${AUTOGEN_CONTAINER_CACHE:-/var/cache/autogen-containers}
RUN_DIR=${AUTOGEN_ENGINE_RUN_DIR:-/run/autogen-podman}
SOCK=$RUN_DIR/podman.sock
PIDFILE=$RUN_DIR/service.pid
LOG=$RUN_DIR/service.log
export CONTAINERS_CONF=$CACHE/containers.conf

# Bump when an image's recipe changes: images and cached root filesystems carry it and are rebuilt when it differs.
BASE_RECIPE=3
JUPYTER_RECIPE=4
SUITE=bookworm
BASE_IMAGE=python:3-slim
JUPYTER_IMAGE=autogen-jupyterkernelgateway
BASE_PACKAGES=python3,python3-pip,python-is-python3
JUPYTER_PIP=(jupyter_kernel_gateway ipykernel matplotlib)

T0=$(date +%s)
say() { printf '[container-engine +%ss] %s\n' "$(($(date +%s) - T0))" "$*" >&2; }
die() { say "cannot set up the engine: $*"; exit 1; }

engine_answers() {  # the Docker API's /_ping on the socket, with the Python 3 every Debian machine has
    [ -S "$SOCK" ] || return 1
    python3 - "$SOCK" <<'EOF' 2>/dev/null
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(3)
s.connect(sys.argv[1])
s.sendall(b"GET /_ping HTTP/1.0\r\nHost: d\r\n\r\n")
data = b""
while chunk := s.recv(4096):
    data += chunk
sys.exit(0 if data.startswith(b"HTTP/1.") and b" 200 " in data.split(b"\r\n")[0] else 1)
EOF
}

service_pid() {
    local pid
    pid=$(cat "$PIDFILE" 2>/dev/null) || return 1
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

stop_engine() {
    local pid
    if pid=$(service_pid); then
        say "stopping the API service (pid $pid)"
        kill "$pid"
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    else
        say "no API service of ours is running"
    fi
    rm -f "$PIDFILE"
}

install_packages() {
    local missing=()
    command -v podman >/dev/null || missing+=(podman)
    command -v runc >/dev/null || missing+=(runc)
    command -v debootstrap >/dev/null || missing+=(debootstrap)
    python3 -m pip --version >/dev/null 2>&1 || missing+=(python3-pip)
    [ ${#missing[@]} -eq 0 ] && { say "packages present: podman, runc, debootstrap, pip"; return; }
    say "installing ${missing[*]} from Debian (about a minute)"
    mkdir -p "$CACHE"
    { apt-get -o DPkg::Lock::Timeout=300 update -qq \
        && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq "${missing[@]}"; } \
        >"$CACHE/apt.log" 2>&1 || die "apt-get install ${missing[*]} failed (log: $CACHE/apt.log)"
}

write_config() {
    # Our own containers.conf, read through CONTAINERS_CONF only by the podman we run: /etc stays untouched.
    # Ulimits within this machine's hard limits (root may lack CAP_SYS_RESOURCE; podman's default then fails);
    # runc because Debian's crun refuses hybrid cgroup layouts.
    local nofile nproc
    # (podman lowers its own nproc limit to 32768 when it starts, and a container cannot get more than it has).
    nofile=$(ulimit -Hn); nproc=$(ulimit -Hu)
    [ "$nofile" = unlimited ] || [ "$nofile" -gt 1048576 ] && nofile=1048576
    [ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ] && nproc=32768
    mkdir -p "$CACHE" "$RUN_DIR"
    cat >"$CONTAINERS_CONF.new" <<EOF
# written by autogen's scripts/container-engine.sh
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
# tests find short-lived containers in the event log: keep it from being cut at podman's default 1 MB
events_logfile_max_size = "100m"
EOF
    if cmp -s "$CONTAINERS_CONF.new" "$CONTAINERS_CONF"; then
        rm -f "$CONTAINERS_CONF.new"
    else
        mv "$CONTAINERS_CONF.new" "$CONTAINERS_CONF"
        say "engine configuration written to $CONTAINERS_CONF"
        if pid=$(service_pid); then stop_engine; fi  # a running service keeps the old settings
    fi
}

start_service() {
    if service_pid >/dev/null && engine_answers; then
        say "API service already running (pid $(service_pid))"
    else
        [ -f "$PIDFILE" ] && stop_engine
        rm -f "$SOCK"
        say "starting podman's Docker API service on $SOCK"
        setsid podman system service --time=0 "unix://$SOCK" >"$LOG" 2>&1 </dev/null &
        echo $! >"$PIDFILE"
        for _ in $(seq 100); do engine_answers && break; sleep 0.1; done
        engine_answers || die "the API service did not answer within 10 s (log: $LOG)"
    fi
}

image_recipe() {  # name -> the recipe label it was built with
    podman image inspect --format '{{index .Labels "org.autogen.recipe"}}' "$1" 2>/dev/null || true; }

debian_mirror() {  # the archive apt already uses here
    local uri
    uri=$(grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -n1)
    [ -n "$uri" ] || uri=$(grep -hsE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
        | awk '{print $2}' | grep -v security | head -n1)
    echo "${uri:-http://deb.debian.org/debian}"
}

build_base_rootfs() {  # -> $CACHE/python3-slim-r$BASE_RECIPE.tar
    local tarball=$CACHE/python3-slim-r$BASE_RECIPE.tar rootfs
    [ -s "$tarball" ] && return
    rootfs=$(mktemp -d "$CACHE/rootfs.XXXXXX")
    say "debootstrap $SUITE with $BASE_PACKAGES from $(debian_mirror) (about 3 minutes, once)"
    debootstrap --variant=minbase --include="$BASE_PACKAGES" "$SUITE" "$rootfs" "$(debian_mirror)" >"$CACHE/debootstrap.log" 2>&1 \
        || { rm -rf "$rootfs"; die "debootstrap failed (log: $CACHE/debootstrap.log)"; }
    # Like the official python image: pip may install into the system Python; no caches or docs to carry.
    rm -f "$rootfs"/usr/lib/python3*/EXTERNALLY-MANAGED
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* \
        "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/*
    tar -C "$rootfs" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    rm -rf "$rootfs"
}

build_jupyter_rootfs() {  # the base rootfs plus the kernel gateway, installed from the host (no network inside)
    local tarball=$CACHE/jupyter-gateway-r$JUPYTER_RECIPE.tar rootfs site
    [ -s "$tarball" ] && return
    rootfs=$(mktemp -d "$CACHE/rootfs.XXXXXX")
    tar -C "$rootfs" -xf "$CACHE/python3-slim-r$BASE_RECIPE.tar"
    site=$rootfs/usr/local/lib/python$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')/dist-packages
    say "pip install ${JUPYTER_PIP[*]} into the gateway image (about a minute, once)"
    python3 -m pip install -q --disable-pip-version-check --target "$site" "${JUPYTER_PIP[@]}" >"$CACHE/pip.log" 2>&1 \
        || { rm -rf "$rootfs"; die "pip install of the kernel gateway failed (log: $CACHE/pip.log)"; }
    cat >"$rootfs/usr/local/bin/start-kernel-gateway" <<'EOF'
#!/bin/sh
exec python3 -m kernel_gateway --KernelGatewayApp.ip=0.0.0.0 --KernelGatewayApp.port=8888 \
    --KernelGatewayApp.auth_token="$TOKEN" --JupyterApp.answer_yes=true \
    --JupyterWebsocketPersonality.list_kernels=true
EOF
    chmod 755 "$rootfs/usr/local/bin/start-kernel-gateway"
    tar -C "$rootfs" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    rm -rf "$rootfs"
}

import_image() {  # name recipe tarball change...
    local name=$1 recipe=$2 tarball=$3
    shift 3
    local changes=(--change "LABEL org.autogen.recipe=$recipe")
    for c in "$@"; do changes+=(--change "$c"); done
    say "importing $name"
    podman rmi "$name" >/dev/null 2>&1 || true  # the image of an older recipe, unless a container still uses it
    podman import "${changes[@]}" "$tarball" "$name" >/dev/null
}

ensure_images() {
    if [ "$(image_recipe "$BASE_IMAGE")" = "$BASE_RECIPE" ]; then
        say "image $BASE_IMAGE present"
    else
        build_base_rootfs
        import_image "$BASE_IMAGE" "$BASE_RECIPE" "$CACHE/python3-slim-r$BASE_RECIPE.tar" 'CMD ["python3"]'
    fi
    if [ "$(image_recipe "$JUPYTER_IMAGE")" = "$JUPYTER_RECIPE" ]; then
        say "image $JUPYTER_IMAGE present"
    else
        build_base_rootfs
        build_jupyter_rootfs
        import_image "$JUPYTER_IMAGE" "$JUPYTER_RECIPE" "$CACHE/jupyter-gateway-r$JUPYTER_RECIPE.tar" \
            'CMD ["/usr/local/bin/start-kernel-gateway"]' 'ENV TOKEN=UNSET' 'EXPOSE 8888' 'WORKDIR /root'
    fi
    rm -f "$CACHE"/*.tar.tmp
    find "$CACHE" -maxdepth 1 -name '*-r*.tar' ! -name "python3-slim-r$BASE_RECIPE.tar" \
        ! -name "jupyter-gateway-r$JUPYTER_RECIPE.tar" -delete  # root filesystems of older recipes
}

ensure_wheelhouse() {  # the project's Dockerfile, built offline from the base image, installs from these wheels
    local wheels=$CACHE/wheels stamp
    stamp=$(cat "$REPO/pyproject.toml" | sha256sum | cut -c1-16)
    [ -f "$wheels/.complete-$stamp" ] && { say "wheelhouse for offline image builds present"; return; }
    say "collecting wheels of autogen's dependencies for offline image builds into $wheels"
    rm -rf "$wheels" && mkdir -p "$wheels"
    python3 -m pip download -q --disable-pip-version-check --dest "$wheels" "setuptools>=77" wheel "$REPO" \
        >"$CACHE/pip.log" 2>&1 || die "pip download of the wheelhouse failed (log: $CACHE/pip.log)"
    find "$wheels" -maxdepth 1 -name 'autogen*' ! -name '*.whl' -delete  # the project itself is built from source
    touch "$wheels/.complete-$stamp"
}

start_engine() {
    [ "$(id -u)" = 0 ] || die "needs root (rootful podman, apt-get, debootstrap); Docker tests will be skipped"
    command -v apt-get >/dev/null && [ -f /etc/debian_version ] \
        || die "needs a Debian machine (apt-get, debootstrap); Docker tests will be skipped"
    install_packages
    write_config
    start_service
    ensure_images
    ensure_wheelhouse
    say "ready: DOCKER_HOST=unix://$SOCK"
    echo "export DOCKER_HOST=unix://$SOCK"
}

case "${1:-start}" in
start) start_engine ;;
stop) stop_engine ;;
status)
    if engine_answers; then say "engine answers on $SOCK"; else say "no engine answers on $SOCK"; exit 1; fi
    ;;
*) echo "usage: $0 [start|stop|status]" >&2; exit 2 ;;
esac
