"""Local files for the browsers: file:// URIs, directory listings, and which paths a visit may open."""

from __future__ import annotations

import datetime
import html
import os
import stat
from typing import Optional, Sequence
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

__all__ = ("file_uri_to_path", "directory_listing_html", "local_path_problem")


def file_uri_to_path(uri: str) -> str:
    """`file:///a%20b/c.txt` -> `/a b/c.txt` (the host part, if any, is ignored)."""
    return url2pathname(unquote(urlparse(uri).path))


def directory_listing_html(path: str) -> str:
    """An HTML index of a folder: a link to the parent, then one table row per entry (name, size, modified)."""
    rows = ['<tr><td><a href="../">.. (parent directory)</a></td><td></td><td></td></tr>']
    for name in sorted(os.listdir(path), key=str.lower):
        full = os.path.join(path, name)
        try:
            info = os.stat(full)
        except OSError:
            continue
        is_dir = stat.S_ISDIR(info.st_mode)
        href = html.escape(name + ("/" if is_dir else ""), quote=True)
        size = "" if is_dir else str(info.st_size)
        modified = datetime.datetime.fromtimestamp(info.st_mtime).strftime("%Y-%m-%d %H:%M")
        rows.append(f'<tr><td><a href="{href}">{html.escape(name)}</a></td><td>{size}</td><td>{modified}</td></tr>')
    title = html.escape(f"Index of {path}")
    return (
        f"<html><head><title>{title}</title></head><body><h1>{title}</h1>"
        "<table><tr><th>Name</th><th>Size</th><th>Date modified</th></tr>" + "".join(rows) + "</table></body></html>"
    )


def local_path_problem(path: str, allowed_roots: Optional[Sequence[str]]) -> Optional[str]:
    """Why a browser must not open `path`, or None when it may.

    Only regular files and folders are opened (a device or a pipe could block the reader forever); when
    `allowed_roots` is given, the real path must lie inside one of them.
    """
    real = os.path.realpath(path)
    if allowed_roots is not None:
        roots = [os.path.realpath(root) for root in allowed_roots]
        if not any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots):
            return f"'{path}' is outside the folders this browser may open ({', '.join(roots) or 'none'})."
    if os.path.exists(real) and not (os.path.isfile(real) or os.path.isdir(real)):
        return f"'{path}' is not a regular file or folder."
    return None
