"""autogen.retrieve_utils: chunking, finding and reading documents, URL downloads, the legacy chromadb helpers."""

from __future__ import annotations

import functools
import logging
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "agentchat" / "contrib" / "vectordb"))
from rag_fixtures import PDF_FACT, HashedEmbedding, make_docs_folder, write_pdf  # noqa: E402

from autogen.retrieve_utils import (  # noqa: E402
    TEXT_FORMATS,
    create_vector_db_from_dir,
    extract_text_from_pdf,
    get_file_from_url,
    get_files_from_dir,
    is_url,
    parse_html_to_markdown,
    query_vector_db,
    split_files_to_chunks,
    split_text_to_chunks,
)
from autogen.token_count_utils import count_token  # noqa: E402

LETTERS = "\n".join(chr(ord("A") + i) for i in range(25))


def _join(first: str, last: str) -> str:
    return "\n".join(chr(c) for c in range(ord(first), ord(last) + 1))


def test_chunks_overlap_by_the_given_number_of_lines() -> None:
    chunks = split_text_to_chunks(LETTERS, max_tokens=10, overlap=3)
    assert chunks == [_join("A", "I"), _join("G", "O"), _join("M", "U"), _join("S", "Y")]


def test_chunks_without_overlap_partition_the_lines() -> None:
    assert split_text_to_chunks(LETTERS, max_tokens=10) == [_join("A", "I"), _join("J", "R"), _join("S", "Y")]


def test_chunks_fit_the_token_budget() -> None:
    text = "\n\n".join(f"Paragraph {i} talks about topic {i} at some length here." for i in range(40))
    chunks = split_text_to_chunks(text, max_tokens=50)
    assert len(chunks) > 1 and all(count_token(chunk) <= 50 for chunk in chunks)


def test_an_over_long_line_is_cut_by_characters() -> None:
    chunks = split_text_to_chunks("A" * 600, max_tokens=50)
    assert "".join(chunks) == "A" * 600 and all(count_token(chunk) <= 50 for chunk in chunks)


def test_one_line_mode_gives_a_chunk_per_line() -> None:
    text = "first line here\nsecond line here\nthird line here"
    assert split_text_to_chunks(text, max_tokens=5, chunk_mode="one_line") == text.split("\n")


def test_invalid_chunk_mode_is_an_assertion_error() -> None:
    with pytest.raises(AssertionError) as info:
        split_text_to_chunks("text", chunk_mode="paragraphs")
    assert str(info.value) == ""  # a bare assert in 0.2


def test_no_empty_line_to_break_at_logs_0_2s_warning(caplog: pytest.LogCaptureFixture) -> None:
    text = "\n".join(f"line number {i} of the text" for i in range(40))
    with caplog.at_level(logging.WARNING, logger="autogen.retrieve_utils"):
        split_text_to_chunks(text, max_tokens=30)
    assert "Failed to split docs with must_break_at_empty_line being True, set to False." in caplog.messages


def test_pdf_text_is_extracted(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "a.pdf", ["Title line", PDF_FACT])
    assert PDF_FACT in extract_text_from_pdf(str(pdf))


def test_files_are_chunked_with_their_sources(tmp_path: Path) -> None:
    docs = make_docs_folder(tmp_path)
    chunks, sources = split_files_to_chunks([str(docs / "manual.pdf"), str(docs / "notes.txt")], max_tokens=500)
    assert len(chunks) == len(sources) == 2
    assert PDF_FACT in chunks[0] and sources == [
        {"source": str(docs / "manual.pdf")},
        {"source": str(docs / "notes.txt")},
    ]


def test_custom_split_function_is_used(tmp_path: Path) -> None:
    docs = make_docs_folder(tmp_path)
    chunks, _ = split_files_to_chunks([str(docs / "notes.txt")], custom_text_split_function=lambda t: t.split("."))
    assert chunks[0] == "Meeting notes"


def test_directory_scan_finds_the_listed_types(tmp_path: Path) -> None:
    docs = make_docs_folder(tmp_path)
    found = sorted(Path(p).name for p in get_files_from_dir(str(docs)))
    assert found == ["guide.md", "manual.pdf", "notes.txt", "page.html"]  # .py is not a default text type


def test_directory_scan_can_skip_subfolders(tmp_path: Path) -> None:
    docs = make_docs_folder(tmp_path)
    found = sorted(Path(p).name for p in get_files_from_dir(str(docs), types=["html", "py"], recursive=False))
    assert found == ["checksum.py"]


def test_list_of_files_and_folders_is_expanded(tmp_path: Path) -> None:
    docs = make_docs_folder(tmp_path)
    found = get_files_from_dir([str(docs / "notes.txt"), str(docs / "sub"), str(tmp_path / "missing.txt")])
    assert sorted(set(Path(p).name for p in found)) == ["notes.txt", "page.html"]


def test_folder_inside_a_list_lists_its_files_twice_as_0_2_does(tmp_path: Path) -> None:
    # 0.2 searches a listed folder with the already doubled (lower + upper case) type list
    docs = make_docs_folder(tmp_path)
    found = get_files_from_dir([str(docs / "notes.txt"), str(docs / "sub")], types=["txt", "html"])
    assert found == [str(docs / "notes.txt"), str(docs / "sub" / "page.html"), str(docs / "sub" / "page.html")]


def test_types_equal_up_to_case_or_dot_search_twice(tmp_path: Path) -> None:
    docs = make_docs_folder(tmp_path)
    assert get_files_from_dir(str(docs), types=["txt", ".TXT"], recursive=False) == [str(docs / "notes.txt")] * 2
    assert get_files_from_dir(str(docs), types=["txt", "txt"], recursive=False) == [str(docs / "notes.txt")]


def test_downloaded_file_name_keeps_the_urls_query() -> None:
    from autogen.retrieve_utils import _generate_file_name_from_url

    assert _generate_file_name_from_url("https://example.com/path/doc.html?x=1").startswith("example.com_doc.html?x=1_")


def test_missing_directory_is_a_value_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="does not exist"):
        get_files_from_dir(str(tmp_path / "nope"))


def test_empty_types_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="types cannot be empty."):
        get_files_from_dir(str(tmp_path), types=[])


def test_urls_are_recognised() -> None:
    assert is_url("https://www.example.com") and not is_url("not_a_url")


def test_html_becomes_markdown_with_its_title() -> None:
    html = (
        "<html><head><title>Simple HTML Example</title></head><body><h1>Hello, World!</h1>"
        "<p>This is a very simple HTML example.</p></body></html>"
    )
    assert parse_html_to_markdown(html) == (
        "# Simple HTML Example\n\nSimple HTML Example\n\nHello, World!\n=============\n\n"
        "This is a very simple HTML example."
    )


def test_wikipedia_article_is_headed_by_its_title_after_the_page_title() -> None:
    html = (
        "<html><head><title>Ferry - Wikipedia</title></head><body>"
        "<span class='mw-page-title-main'>Ferry</span>"
        "<div id='mw-content-text'><p>A ferry is a boat.</p></div><p>Footer</p></body></html>"
    )
    assert parse_html_to_markdown(html, "https://en.wikipedia.org/wiki/Ferry") == (
        "# Ferry - Wikipedia\n\n# Ferry\n\nA ferry is a boat."
    )


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    root = tmp_path / "site"
    root.mkdir()
    (root / "page.html").write_text("<html><head><title>Served</title></head><body><p>Hi there.</p></body></html>")
    write_pdf(root / "doc.pdf", [PDF_FACT])
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_downloaded_html_is_saved_as_markdown(served: str, tmp_path: Path) -> None:
    path, url = get_file_from_url(f"{served}/page.html", save_path=str(tmp_path))
    assert url == f"{served}/page.html" and Path(path).read_text().startswith("# Served\n\n")


def test_downloaded_pdf_is_chunked_and_cites_the_url(served: str, tmp_path: Path) -> None:
    fetched = get_file_from_url(f"{served}/doc.pdf", save_path=str(tmp_path))
    chunks, sources = split_files_to_chunks([fetched])
    assert PDF_FACT in chunks[0] and sources == [{"source": f"{served}/doc.pdf"}]


def test_failed_download_returns_none(served: str, tmp_path: Path) -> None:
    assert get_file_from_url(f"{served}/missing.txt", save_path=str(tmp_path)) is None


def test_url_in_a_list_becomes_a_path_and_url_pair(
    served: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (found,) = get_files_from_dir([f"{served}/page.html"])
    assert isinstance(found, tuple) and Path(found[0]).exists() and found[1] == f"{served}/page.html"


def test_legacy_helpers_build_and_query_a_chroma_collection(tmp_path: Path) -> None:
    import chromadb

    from autogen.agentchat.contrib.vectordb.chromadb import _CallableEmbedding

    client = chromadb.PersistentClient(path=str(tmp_path / "db"))
    ef = _CallableEmbedding(HashedEmbedding())
    docs = make_docs_folder(tmp_path)
    create_vector_db_from_dir(str(docs), client=client, embedding_function=ef, custom_text_types=TEXT_FORMATS)
    found = query_vector_db(["flux capacitor gigawatts"], n_results=1, client=client, embedding_function=ef)
    assert PDF_FACT in found["documents"][0][0] and found["ids"][0][0].startswith("doc_")


def test_legacy_create_logs_an_existing_collection_instead_of_raising(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import chromadb

    from autogen.agentchat.contrib.vectordb.chromadb import _CallableEmbedding

    client = chromadb.PersistentClient(path=str(tmp_path / "db"))
    ef = _CallableEmbedding(HashedEmbedding())
    docs = make_docs_folder(tmp_path)
    create_vector_db_from_dir(str(docs), client=client, embedding_function=ef)
    create_vector_db_from_dir(str(docs), client=client, embedding_function=ef)
    assert "already exists" in caplog.text
