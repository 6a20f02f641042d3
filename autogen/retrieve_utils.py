"""Documents for retrieval-augmented chat: find files and URLs, read them as text, cut the text into chunks.

Also holds 0.2's original chromadb helpers (`create_vector_db_from_dir`, `query_vector_db`) that the
deprecated `client` path of `RetrieveUserProxyAgent` uses. Like 0.2 the module needs chromadb to import;
chromadb itself, pypdf and the HTML converters are imported where they are used.
"""

from __future__ import annotations

import glob
import hashlib
import importlib.util
import logging
import os
import re
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Union
from urllib.parse import urlparse

from .token_count_utils import count_token


def _installed(package: str) -> bool:
    """Whether `package` can be imported, found without importing it (import autogen.retrieve_utils stays fast)."""
    try:
        return importlib.util.find_spec(package) is not None
    except (ImportError, ValueError):
        return False


if not _installed("chromadb"):
    raise ImportError(
        "autogen.retrieve_utils needs chromadb. Install the retrievechat extra: "
        "pip install autogen-agentchat[retrievechat]~=0.2"
    )

__all__ = (
    "RAG_MINIMUM_MESSAGE_LENGTH",
    "TEXT_FORMATS",
    "UNSTRUCTURED_FORMATS",
    "VALID_CHUNK_MODES",
    "create_vector_db_from_dir",
    "extract_text_from_pdf",
    "get_file_from_url",
    "get_files_from_dir",
    "is_url",
    "parse_html_to_markdown",
    "query_vector_db",
    "split_files_to_chunks",
    "split_text_to_chunks",
)

logger = logging.getLogger(__name__)

TEXT_FORMATS = [
    "txt",
    "json",
    "csv",
    "tsv",
    "md",
    "html",
    "htm",
    "rtf",
    "rst",
    "jsonl",
    "log",
    "xml",
    "yaml",
    "yml",
    "pdf",
]
UNSTRUCTURED_FORMATS = ["doc", "docx", "epub", "msg", "odt", "org", "pdf", "ppt", "pptx", "rtf", "rst", "xlsx"]
HAS_UNSTRUCTURED = _installed("unstructured")
if HAS_UNSTRUCTURED:
    TEXT_FORMATS = list(dict.fromkeys(TEXT_FORMATS + UNSTRUCTURED_FORMATS))
VALID_CHUNK_MODES = frozenset({"one_line", "multi_lines"})
RAG_MINIMUM_MESSAGE_LENGTH = int(os.environ.get("RAG_MINIMUM_MESSAGE_LENGTH", 5))

_DOWNLOAD_DIR = "tmp/chromadb"
_LEGACY_COLLECTION_METADATA = {"hnsw:space": "ip", "hnsw:construction_ef": 30, "hnsw:M": 32}
_UPSERT_BATCH = 40000
_BROWSER_HEADERS = {
    "User-Agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36"
}


def _missing(package: str) -> ImportError:
    return ImportError(
        f"{package} is not installed; it is part of the retrievechat extra: "
        "pip install autogen-agentchat[retrievechat]~=0.2"
    )


class UnsupportedFileTypeError(ValueError):
    """A file that no loader can read: binary content with an extension that is not a text format."""


def _unreadable_pdf_error() -> type:
    """A ValueError that is also pypdf's PdfReadError, so handlers written for either catch it."""
    from pypdf.errors import PdfReadError

    return type("UnreadablePDFError", (PdfReadError, ValueError), {"__module__": __name__})


# ---------------------------------------------------------------------------------------------- chunking
def split_text_to_chunks(
    text: str,
    max_tokens: int = 4000,
    chunk_mode: str = "multi_lines",
    must_break_at_empty_line: bool = True,
    overlap: int = 0,
) -> List[str]:
    """Cut `text` at line boundaries into chunks of at most `max_tokens` tokens (0.2's exact cuts).

    Chunks prefer to end at an empty line when `must_break_at_empty_line`; consecutive chunks share `overlap`
    lines; a single line longer than `max_tokens` is cut by characters.
    """
    if chunk_mode not in VALID_CHUNK_MODES:
        raise AssertionError  # bare, as 0.2's assert
    if chunk_mode == "one_line":
        must_break_at_empty_line, overlap = False, 0
    lines = text.split("\n")
    if len(lines) < 3 and must_break_at_empty_line:
        logger.warning("The input text has less than 3 lines. Set `must_break_at_empty_line` to `False`")
        must_break_at_empty_line = False
    counts = [count_token(line) for line in lines]
    chunks: List[str] = []
    while sum(counts) > max_tokens:
        if chunk_mode == "one_line":
            guess = 2
        else:
            guess = max(int(max_tokens / sum(counts) * len(lines)), 2)
        cut = _last_fitting_cut(lines, counts, guess, max_tokens, must_break_at_empty_line)
        piece = "\n".join(lines[:cut])
        if cut == 0:
            logger.warning(
                f"max_tokens is too small to fit a single line of text. Breaking this line:\n\t{lines[0][:100]} ..."
            )
            if must_break_at_empty_line:
                logger.warning("Failed to split docs with must_break_at_empty_line being True, set to False.")
                must_break_at_empty_line = False
            else:
                piece, lines[0] = _cut_long_line(lines[0], counts[0], max_tokens)
                counts[0] = count_token(lines[0])
        if len(piece) >= RAG_MINIMUM_MESSAGE_LENGTH:
            chunks.append(piece)
        keep_from = cut - overlap if cut > overlap else cut
        del lines[:keep_from], counts[:keep_from]
    rest = "\n".join(lines).strip()
    if len(rest) >= RAG_MINIMUM_MESSAGE_LENGTH:
        chunks.append(rest)
    return chunks


def _last_fitting_cut(lines: List[str], counts: List[int], guess: int, budget: int, at_empty_line: bool) -> int:
    """The largest index below `guess` whose preceding lines fit `budget` (and that is an empty line if asked).

    0 means no usable cut.
    """
    running = sum(counts[: guess - 1])
    for index in range(guess - 1, 0, -1):
        if index < len(lines) and not (at_empty_line and lines[index].strip()) and running <= budget:
            return index
        running -= counts[index - 1]
    return 0


def _cut_long_line(line: str, tokens: int, budget: int) -> Tuple[str, str]:
    """Split an over-long line into a head of 0.2's estimated length (never below the minimum) and the rest."""
    size = max(int(budget / (tokens * 0.9 * len(line) + 0.1)), RAG_MINIMUM_MESSAGE_LENGTH)
    return line[:size], line[size:]


# ---------------------------------------------------------------------------------------------- reading files
def extract_text_from_pdf(file: str) -> str:
    """All page texts of a PDF; "" (with a warning) for a PDF that cannot be decrypted or has no text."""
    try:
        import pypdf
        from pypdf.errors import PyPdfError
    except ImportError as exc:
        raise _missing("pypdf") from exc
    try:
        reader = pypdf.PdfReader(file)
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception as exc:  # noqa: BLE001 (any decryption failure means: no text)
                logger.warning(f"Could not decrypt PDF {file}, {exc}")
                return ""
        text = "".join(page.extract_text() or "" for page in reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise _unreadable_pdf_error()(f"Cannot read the PDF file {file}: it is damaged or not a PDF ({exc}).") from exc
    if not text:
        logger.warning(f"Could not decrypt PDF {file}")
    return text


def _extension(path: str) -> str:
    return os.path.splitext(path)[1].lstrip(".").lower()


def _read_as_text(path: str, ext: str) -> str:
    """The text of one file, by its type; binary files of an unknown type are refused."""
    if HAS_UNSTRUCTURED and ext in UNSTRUCTURED_FORMATS:
        from unstructured.partition.auto import partition

        return "\n".join(element.text for element in partition(path))
    if ext == "pdf":
        return extract_text_from_pdf(path)
    with open(path, "rb") as handle:
        raw = handle.read()
    if ext not in TEXT_FORMATS and _is_binary(raw):
        raise UnsupportedFileTypeError(
            f"Unsupported file type {('.' + ext) if ext else '(no extension)'}: {path} is not a text file and no "
            f"loader reads it. Text formats: {', '.join(TEXT_FORMATS)} (other types are read when they hold text)."
        )
    return raw.decode("utf-8", errors="ignore")


def _is_binary(raw: bytes) -> bool:
    if b"\x00" in raw[:8192]:
        return True
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def split_files_to_chunks(
    files: list,
    max_tokens: int = 4000,
    chunk_mode: str = "multi_lines",
    must_break_at_empty_line: bool = True,
    custom_text_split_function: Optional[Callable[[str], List[str]]] = None,
) -> Tuple[List[str], List[dict]]:
    """Chunks of every file, and for each chunk `{"source": path or URL}`; files given as (path, url) cite the URL."""
    chunks: List[str] = []
    sources: List[dict] = []
    for item in files:
        path, source = item if isinstance(item, tuple) else (item, item)
        ext = _extension(urlparse(source).path if isinstance(item, tuple) else path)
        text = _read_as_text(path, ext)
        if not text.strip():
            logger.warning(f"No text available in file: {path}")
            continue
        if custom_text_split_function is not None:
            pieces = custom_text_split_function(text)
        else:
            pieces = split_text_to_chunks(text, max_tokens, chunk_mode, must_break_at_empty_line)
        chunks.extend(pieces)
        sources.extend({"source": source} for _ in pieces)
    return chunks, sources


# ---------------------------------------------------------------------------------------------- finding files
def is_url(string: str) -> bool:
    """True when `string` parses as a URL with both a scheme and a host."""
    try:
        parts = urlparse(string)
    except ValueError:
        return False
    return bool(parts.scheme and parts.netloc)


def get_files_from_dir(dir_path: Union[str, List[str]], types: list = TEXT_FORMATS, recursive: bool = True) -> list:
    """Files named by `dir_path`: a file, a URL (downloaded: a (path, url) tuple), a directory, or a list of these.

    Directories are searched for the extensions in `types`; a missing path raises ValueError, except inside a
    list, where it is skipped with a warning.
    """
    if not types:
        raise ValueError("types cannot be empty.")
    # As in 0.2: distinct entries, one leading dot dropped, lower-cased, then upper-case copies. Entries equal up to
    # case or dot ("txt", "TXT") thus search the same files twice, and a directory inside a list is searched with
    # the already doubled list, so its files are listed more than once, as 0.2 lists them.
    lowered = [(t[1:] if t.startswith(".") else t).lower() for t in dict.fromkeys(types)]
    suffixes = lowered + [t.upper() for t in lowered]
    if isinstance(dir_path, list):
        return _files_from_list(dir_path, suffixes, recursive)
    if os.path.isfile(dir_path):
        return [dir_path]
    if is_url(dir_path):
        fetched = get_file_from_url(dir_path)
        return [fetched] if fetched else []
    if not os.path.exists(dir_path):
        logger.error(f"Directory {dir_path} does not exist.")
        raise ValueError(f"Directory {dir_path} does not exist.")
    found: List[str] = []
    for suffix in suffixes:
        pattern = os.path.join(dir_path, "**", f"*.{suffix}") if recursive else os.path.join(dir_path, f"*.{suffix}")
        found.extend(glob.glob(pattern, recursive=recursive))
    return found


def _files_from_list(items: List[str], suffixes: List[str], recursive: bool) -> list:
    found: list = []
    for item in items:
        if os.path.isfile(item):
            found.append(item)
        elif is_url(item):
            fetched = get_file_from_url(item)
            if fetched:
                found.append(fetched)
        elif os.path.exists(item):
            try:
                found.extend(get_files_from_dir(item, suffixes, recursive))
            except ValueError:  # it vanished meanwhile
                logger.warning(f"Directory {item} does not exist. Skipping.")
        else:
            logger.warning(f"File {item} does not exist. Skipping.")
    return found


def _generate_file_name_from_url(url: str, max_length: int = 255) -> str:
    """`<host>_<last path part>_<hash>`: stable, readable, and different for different URLs."""
    parts = urlparse(url)
    digest = hashlib.blake2b(url.encode("utf-8")).hexdigest()
    stem = f"{parts.netloc}_{os.path.basename(url)}"  # the URL's last part, query included, as in 0.2
    room = max(1, min(8, max_length - len(stem) - 1))
    return f"{stem}_{digest[:room]}"


def get_file_from_url(url: str, save_path: Optional[str] = None) -> Optional[Tuple[str, str]]:
    """Download `url` (HTML is saved as Markdown); returns (saved path, url), or None when the request fails."""
    import requests

    if save_path is None:
        save_path = _DOWNLOAD_DIR
        os.makedirs(save_path, exist_ok=True)
    if os.path.isdir(save_path):
        save_path = os.path.join(save_path, _generate_file_name_from_url(url))
    else:
        os.makedirs(os.path.dirname(save_path) or ".", exist_ok=True)
    try:
        response = requests.get(url, headers=_BROWSER_HEADERS, stream=True, timeout=30)
        response.raise_for_status()
    except requests.exceptions.RequestException as exc:
        logger.warning(f"Failed to download {url}, {exc}")
        return None
    if "text/html" in response.headers.get("Content-Type", ""):
        with open(save_path, "w", encoding="utf-8") as out:
            out.write(parse_html_to_markdown(response.text, url))
    else:
        with open(save_path, "wb") as out:
            for block in response.iter_content(chunk_size=65536):
                out.write(block)
    return save_path, url


def parse_html_to_markdown(html: str, url: Optional[str] = None) -> str:
    """Markdown for an HTML page, headed by its title; scripts and styles dropped, Wikipedia reduced to the article."""
    try:
        from bs4 import BeautifulSoup
        from markdownify import markdownify
    except ImportError as exc:
        raise _missing("beautifulsoup4 / markdownify") from exc
    soup = BeautifulSoup(html, "html.parser")
    title = soup.title.string if soup.title and soup.title.string else ""
    for tag in soup(["script", "style"]):
        tag.extract()
    body: Any = soup
    article_heading = ""
    if url and url.startswith("https://en.wikipedia.org/"):
        article = soup.find("div", {"id": "mw-content-text"})
        if article:
            # 0.2 heads the article with its own title too (so a Wikipedia page shows two title lines)
            page_title = soup.find("span", {"class": "mw-page-title-main"})
            article_heading = f"# {page_title.string if page_title and len(page_title) > 0 else title}\n\n"
            body = article
    text = (article_heading + markdownify(str(body))).replace("\r\n", "\n")
    text = re.sub(r"\n{2,}", "\n\n", text).strip()
    return f"# {title}\n\n{text}" if title else text


# ---------------------------------------------------------------------------------------------- legacy chromadb path
def _chroma_failure_types() -> Tuple[type, ...]:
    try:
        from chromadb.errors import ChromaError
    except ImportError:  # pragma: no cover (very old chromadb)
        return (ValueError,)
    return (ValueError, ChromaError)


def create_vector_db_from_dir(
    dir_path: Union[str, List[str]],
    max_tokens: int = 4000,
    client: Any = None,
    db_path: str = "tmp/chromadb.db",
    collection_name: str = "all-my-documents",
    get_or_create: bool = False,
    chunk_mode: str = "multi_lines",
    must_break_at_empty_line: bool = True,
    embedding_model: str = "all-MiniLM-L6-v2",
    embedding_function: Optional[Callable] = None,
    custom_text_split_function: Optional[Callable] = None,
    custom_text_types: List[str] = TEXT_FORMATS,
    recursive: bool = True,
    extra_docs: bool = False,
) -> Any:
    """Chunk the documents under `dir_path` into a chromadb collection (ids `doc_<n>`); returns the client.

    As in 0.2, a ValueError (such as an existing collection without `get_or_create`) is logged, not raised.
    """
    import chromadb

    if client is None:
        client = chromadb.PersistentClient(path=db_path)
    try:
        if embedding_function is None:
            from ._embeddings import chroma_embedding_function

            embedding_function = chroma_embedding_function(embedding_model)
        collection = client.create_collection(
            collection_name,
            get_or_create=get_or_create,
            embedding_function=embedding_function,
            metadata=dict(_LEGACY_COLLECTION_METADATA),
        )
        offset = collection.count() if extra_docs else 0
        files = get_files_from_dir(dir_path, custom_text_types, recursive)
        chunks, sources = split_files_to_chunks(
            files, max_tokens, chunk_mode, must_break_at_empty_line, custom_text_split_function
        )
        logger.info(f"Found {len(chunks)} chunks.")
        for start in range(0, len(chunks), _UPSERT_BATCH):
            end = min(start + _UPSERT_BATCH, len(chunks))
            collection.upsert(
                documents=chunks[start:end],
                ids=[f"doc_{offset + i}" for i in range(start, end)],
                metadatas=sources[start:end],
            )
    except _chroma_failure_types() as exc:
        logger.warning(f"{exc}")
    return client


def query_vector_db(
    query_texts: List[str],
    n_results: int = 10,
    client: Any = None,
    db_path: str = "tmp/chromadb.db",
    collection_name: str = "all-my-documents",
    search_string: str = "",
    embedding_model: str = "all-MiniLM-L6-v2",
    embedding_function: Optional[Callable] = None,
) -> Dict[str, Any]:
    """chromadb's query result for `query_texts`, optionally only over documents containing `search_string`."""
    import chromadb

    if client is None:
        client = chromadb.PersistentClient(path=db_path)
    if embedding_function is None:
        from ._embeddings import chroma_embedding_function

        embedding_function = chroma_embedding_function(embedding_model)
    collection = client.get_collection(collection_name, embedding_function=embedding_function)
    vectors: Sequence[Any] = embedding_function(query_texts)
    return collection.query(
        query_embeddings=vectors,
        n_results=n_results,
        where_document={"$contains": search_string} if search_string else None,
    )
