"""img_utils: loading images from every kind of location, encoding them, and parsing <img> tags."""

from __future__ import annotations

import base64
from io import BytesIO
from pathlib import Path

import pytest

Image = pytest.importorskip("PIL.Image")

from autogen.agentchat.contrib.img_utils import (  # noqa: E402
    _to_pil,
    convert_base64_to_data_uri,
    extract_img_paths,
    get_image_data,
    get_pil_image,
    gpt4v_formatter,
    llava_formatter,
    message_formatter_pil_to_b64,
    pil_to_data_uri,
)


def _png_b64(image) -> str:
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode("utf-8")


def _same_pixels(a, b) -> bool:
    return a.size == b.size and a.convert("RGB").tobytes() == b.convert("RGB").tobytes()


def test_get_pil_image_reads_local_file(png_path: Path) -> None:
    image = get_pil_image(str(png_path))
    assert image.mode == "RGB"
    assert _same_pixels(image, Image.open(png_path))


def test_get_pil_image_accepts_path_objects(png_path: Path) -> None:
    assert _same_pixels(get_pil_image(png_path), Image.open(png_path))


def test_get_pil_image_returns_pil_input_unchanged() -> None:
    image = Image.new("RGB", (2, 2), (0, 255, 0))
    assert get_pil_image(image) is image


def test_get_pil_image_strips_surrounding_quotes(png_path: Path) -> None:
    assert _same_pixels(get_pil_image(f'"{png_path}"'), Image.open(png_path))
    assert _same_pixels(get_pil_image(f"'{png_path}'"), Image.open(png_path))


def test_get_pil_image_from_http_url(png_path: Path, file_server: str) -> None:
    image = get_pil_image(f"{file_server}/{png_path.name}")
    assert _same_pixels(image, Image.open(png_path))


def test_get_pil_image_from_data_uri_and_raw_base64(png_path: Path) -> None:
    b64 = base64.b64encode(png_path.read_bytes()).decode()
    assert _same_pixels(get_pil_image("data:image/png;base64," + b64), Image.open(png_path))
    assert _same_pixels(get_pil_image(b64), Image.open(png_path))


def test_get_pil_image_converts_to_rgb(tmp_path: Path) -> None:
    path = tmp_path / "rgba.png"
    Image.new("RGBA", (2, 2), (1, 2, 3, 4)).save(path)
    assert get_pil_image(str(path)).mode == "RGB"


def test_get_image_data_of_local_png_is_base64_of_the_file(png_path: Path) -> None:
    assert get_image_data(str(png_path)) == base64.b64encode(png_path.read_bytes()).decode("utf-8")


def test_get_image_data_raw_bytes(png_path: Path) -> None:
    data = get_image_data(str(png_path), use_b64=False)
    assert isinstance(data, bytes)
    assert data == png_path.read_bytes()


def test_get_image_data_from_url_equals_png_of_the_image(png_path: Path, file_server: str) -> None:
    data = get_image_data(f"{file_server}/{png_path.name}")
    assert _same_pixels(_to_pil(data), Image.open(png_path))


def test_get_image_data_from_data_uri(png_path: Path) -> None:
    b64 = base64.b64encode(png_path.read_bytes()).decode()
    assert get_image_data("data:image/png;base64," + b64) == b64


def test_llava_formatter_without_images() -> None:
    assert llava_formatter("Just text.") == ("Just text.", [])


def test_llava_formatter_replaces_tag_with_image_token(png_path: Path) -> None:
    prompt, images = llava_formatter(f"What is this? <img {png_path}>")
    assert prompt == "What is this? <image>"
    assert images == [get_image_data(str(png_path))]


def test_llava_formatter_orders_image_tokens(make_png) -> None:
    first, second = make_png("a.png"), make_png("b.png", color=(0, 0, 255))
    prompt, images = llava_formatter(f"<img {first}> and <img {second}>", order_image_tokens=True)
    assert prompt == "<image 0> and <image 1>"
    assert images == [get_image_data(str(first)), get_image_data(str(second))]


def test_llava_formatter_drops_unloadable_image(tmp_path: Path) -> None:
    prompt, images = llava_formatter(f"See <img {tmp_path / 'missing.png'}>.")
    assert prompt == "See ."
    assert images == []


def test_convert_base64_to_data_uri_sniffs_mime_type() -> None:
    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode()

    assert convert_base64_to_data_uri(b64(b"\xff\xd8\xff\xe0rest")).startswith("data:image/jpeg;base64,")
    assert convert_base64_to_data_uri(b64(b"\x89PNG\r\n\x1a\nrest")).startswith("data:image/png;base64,")
    assert convert_base64_to_data_uri(b64(b"GIF89arest")).startswith("data:image/gif;base64,")
    assert convert_base64_to_data_uri(b64(b"RIFF\x00\x00\x00\x00WEBPrest")).startswith("data:image/webp;base64,")
    assert convert_base64_to_data_uri(b64(b"unknown")) == "data:image/jpeg;base64," + b64(b"unknown")


def test_pil_to_data_uri_is_png_data_uri() -> None:
    image = Image.new("RGB", (3, 3), (9, 9, 9))
    assert pil_to_data_uri(image) == "data:image/png;base64," + _png_b64(image)


def test_gpt4v_formatter_without_images() -> None:
    assert gpt4v_formatter("Only text.") == [{"type": "text", "text": "Only text."}]


def test_gpt4v_formatter_uri_mode(png_path: Path) -> None:
    parts = gpt4v_formatter(f"What's in <img {png_path}>.")
    assert parts == [
        {"type": "text", "text": "What's in "},
        {"type": "image_url", "image_url": {"url": convert_base64_to_data_uri(get_image_data(str(png_path)))}},
        {"type": "text", "text": "."},
    ]


def test_gpt4v_formatter_pil_mode(png_path: Path) -> None:
    parts = gpt4v_formatter(f"What's in <img {png_path}>.", img_format="pil")
    assert isinstance(parts[1]["image_url"]["url"], Image.Image)
    assert _same_pixels(parts[1]["image_url"]["url"], Image.open(png_path))


def test_gpt4v_formatter_url_mode_keeps_location() -> None:
    parts = gpt4v_formatter("Look <img http://127.0.0.1:1/cat.png> now", img_format="url")
    assert parts[1] == {"type": "image_url", "image_url": {"url": "http://127.0.0.1:1/cat.png"}}
    assert parts[2] == {"type": "text", "text": " now"}


def test_gpt4v_formatter_two_images_give_five_parts(make_png) -> None:
    first, second = make_png("a.png"), make_png("b.png")
    parts = gpt4v_formatter(f"<img {first}> then <img {second}> end")
    assert [p["type"] for p in parts] == ["text", "image_url", "text", "image_url", "text"]
    assert parts[0]["text"] == ""


def test_gpt4v_formatter_path_with_spaces(tmp_path: Path) -> None:
    path = tmp_path / "my image.png"
    Image.new("RGB", (2, 2)).save(path)
    parts = gpt4v_formatter(f"x <img {path}> y", img_format="pil")
    assert len(parts) == 3


def test_gpt4v_formatter_keeps_tag_text_of_unloadable_image(tmp_path: Path) -> None:
    missing = tmp_path / "missing.png"
    parts = gpt4v_formatter(f"see <img {missing}> end")
    assert parts == [{"type": "text", "text": f"see <img {missing}> end"}]


def test_gpt4v_formatter_rejects_unknown_format() -> None:
    with pytest.raises(AssertionError):
        gpt4v_formatter("x", img_format="jpeg")


def test_extract_img_paths_none() -> None:
    assert extract_img_paths("No images here.") == []


def test_extract_img_paths_urls_in_order() -> None:
    text = "First https://example.com/a.jpg then http://example.com/b.png."
    assert extract_img_paths(text) == ["https://example.com/a.jpg", "http://example.com/b.png"]


def test_extract_img_paths_mixed_case_and_local_files() -> None:
    assert extract_img_paths("see https://x.org/PIC.JPG") == ["https://x.org/PIC.JPG"]
    assert extract_img_paths("files image1.jpeg and image2.GIF") == ["image1.jpeg", "image2.GIF"]


def test_message_formatter_pil_to_b64_replaces_pil_images_only() -> None:
    image = Image.new("RGB", (2, 2), (5, 6, 7))
    messages = [
        {
            "role": "user",
            "content": [{"type": "text", "text": "hi"}, {"type": "image_url", "image_url": {"url": image}}],
        },
        {"role": "assistant", "content": "plain"},
    ]
    out = message_formatter_pil_to_b64(messages)
    assert out[0]["content"][0] == {"type": "text", "text": "hi"}
    assert out[0]["content"][1]["image_url"]["url"] == convert_base64_to_data_uri(get_image_data(image))
    assert out[1] == {"role": "assistant", "content": "plain"}
    assert messages[0]["content"][1]["image_url"]["url"] is image  # the input is not changed


def test_to_pil_decodes_base64() -> None:
    image = Image.new("RGB", (2, 2), (1, 1, 1))
    assert _same_pixels(_to_pil(_png_b64(image)), image)
