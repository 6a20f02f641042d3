"""Audio and image converters: metadata from exiftool, plus a transcript or a model's description when available."""

from __future__ import annotations

import base64
import json
import mimetypes
import shutil
import subprocess
from typing import Any, Dict, List, Optional

from ._converter_base import DocumentConverter, DocumentConverterResult, extension_of

__all__ = ("MediaConverter", "WavConverter", "Mp3Converter", "ImageConverter")

_EXIF_TIMEOUT = 30


class MediaConverter(DocumentConverter):
    """Shared by the media converters: read metadata with the `exiftool` program when it is installed."""

    def _get_metadata(self, local_path: str) -> Optional[Dict[str, Any]]:
        program = shutil.which("exiftool")
        if program is None:
            return None
        command = [program, "-json", local_path]
        try:
            out = subprocess.run(command, capture_output=True, text=True, timeout=_EXIF_TIMEOUT, check=True).stdout
            records = json.loads(out)
        except (subprocess.SubprocessError, ValueError):
            return None
        return records[0] if records else None

    def _metadata_lines(self, local_path: str, fields: List[str]) -> str:
        metadata = self._get_metadata(local_path) or {}
        return "".join(f"{field}: {metadata[field]}\n" for field in fields if field in metadata)


_AUDIO_FIELDS = ["Title", "Artist", "Author", "Band", "Album", "Genre", "Track", "DateTimeOriginal", "CreateDate"]
_AUDIO_FIELDS += ["Duration"]


def _transcribe_wav(path: str) -> str:
    """Speech to text with speech_recognition (optional; its recogniser needs the network)."""
    try:
        import speech_recognition as sr
    except ImportError:
        return ""
    recognizer = sr.Recognizer()
    try:
        with sr.AudioFile(path) as source:
            return recognizer.recognize_google(recognizer.record(source)).strip() or "[No speech detected]"
    except Exception:
        return "[Audio could not be transcribed]"


class WavConverter(MediaConverter):
    """WAV audio: metadata and a transcript."""

    def convert(self, local_path: str, **kwargs: Any) -> Optional[DocumentConverterResult]:
        if extension_of(kwargs) != ".wav":
            return None
        text = self._metadata_lines(local_path, _AUDIO_FIELDS)
        transcript = _transcribe_wav(local_path)
        if transcript:
            text += "\n\n### Audio Transcript:\n" + transcript
        return DocumentConverterResult(title=None, text_content=text.strip())


class Mp3Converter(WavConverter):
    """MP3 audio: metadata, and a transcript when pydub can turn it into WAV first."""

    def convert(self, local_path: str, **kwargs: Any) -> Optional[DocumentConverterResult]:
        if extension_of(kwargs) != ".mp3":
            return None
        text = self._metadata_lines(local_path, _AUDIO_FIELDS)
        transcript = self._mp3_transcript(local_path)
        if transcript:
            text += "\n\n### Audio Transcript:\n" + transcript
        return DocumentConverterResult(title=None, text_content=text.strip())

    def _mp3_transcript(self, local_path: str) -> str:
        try:
            import pydub
        except ImportError:
            return ""
        import tempfile

        with tempfile.NamedTemporaryFile(suffix=".wav") as wav:
            try:
                pydub.AudioSegment.from_mp3(local_path).export(wav.name, format="wav")
            except Exception:
                return "[Audio could not be transcribed]"
            return _transcribe_wav(wav.name)


_IMAGE_FIELDS = ["ImageSize", "Title", "Caption", "Description", "Keywords", "Artist", "Author", "DateTimeOriginal"]
_IMAGE_FIELDS += ["CreateDate", "GPSPosition"]


class ImageConverter(MediaConverter):
    """JPEG and PNG images: metadata, and a description from a multimodal model when one is given."""

    def convert(self, local_path: str, **kwargs: Any) -> Optional[DocumentConverterResult]:
        ext = extension_of(kwargs)
        if ext not in (".jpg", ".jpeg", ".png"):
            return None
        text = self._metadata_lines(local_path, _IMAGE_FIELDS)
        client, model = kwargs.get("mlm_client"), kwargs.get("mlm_model")
        if client is not None and model is not None:
            caption = self._get_mlm_description(local_path, ext, client, model, prompt=kwargs.get("mlm_prompt"))
            text += "\n# Description:\n" + caption.strip() + "\n"
        return DocumentConverterResult(title=None, text_content=text.strip())

    def _get_mlm_description(self, local_path: str, ext: str, client: Any, model: str, prompt: Any = None) -> str:
        """Ask an OpenAI-style chat client to describe the image, sent inline as a data URI."""
        prompt = prompt or "Write a detailed caption for this image."
        mime = mimetypes.guess_type("image" + ext)[0] or "image/jpeg"
        with open(local_path, "rb") as fh:
            data_uri = f"data:{mime};base64," + base64.b64encode(fh.read()).decode("ascii")
        content = [{"type": "text", "text": prompt}, {"type": "image_url", "image_url": {"url": data_uri}}]
        answer = client.chat.completions.create(model=model, messages=[{"role": "user", "content": content}])
        return answer.choices[0].message.content or ""
