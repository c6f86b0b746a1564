"""The asset store of one Office read: pictures, audio and video by the sha256 of their bytes, with media types."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from converter.model import Asset

MEDIA_TYPES = {
    "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "jpe": "image/jpeg", "gif": "image/gif",
    "bmp": "image/bmp", "tif": "image/tiff", "tiff": "image/tiff", "svg": "image/svg+xml", "webp": "image/webp",
    "emf": "image/x-emf", "wmf": "image/x-wmf",
    "mp4": "video/mp4", "m4v": "video/mp4", "mov": "video/quicktime", "webm": "video/webm", "ogv": "video/ogg",
    "wmv": "video/x-ms-wmv", "avi": "video/x-msvideo", "mpg": "video/mpeg", "mpeg": "video/mpeg",
    "asf": "video/x-ms-asf", "swf": "application/x-shockwave-flash",
    "mp3": "audio/mpeg", "m4a": "audio/mp4", "aac": "audio/aac", "wav": "audio/wav", "oga": "audio/ogg",
    "ogg": "audio/ogg", "opus": "audio/ogg", "flac": "audio/flac", "wma": "audio/x-ms-wma", "mid": "audio/midi",
    "midi": "audio/midi", "aif": "audio/aiff", "aiff": "audio/aiff",
}
"""Media types by file extension, for parts whose declared content type says too little."""
_MEDIA_ALIASES = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg", "image/x-png": "image/png"}
MediaType = Callable[[str, str], str]
"""Returns the media type of an asset from its declared content type and its cleaned extension."""


def media_type(content_type: str, ext: str) -> str:
    """Return the media type of a picture, audio or video clip: an image content type (common misspellings
    corrected), else the extension's type, else an audio or video content type, else octet-stream."""
    content_type = _MEDIA_ALIASES.get(content_type.lower(), content_type.lower())
    if content_type.startswith("image/"):
        return content_type
    if ext in MEDIA_TYPES:
        return MEDIA_TYPES[ext]
    return content_type if content_type.startswith(("audio/", "video/")) else "application/octet-stream"


def picture_media_type(content_type: str, ext: str) -> str:
    """Return the media type of a picture: an image content type as declared, else the extension's picture
    type, else octet-stream."""
    declared = content_type.lower()
    if declared.startswith("image/"):
        return declared
    by_extension = MEDIA_TYPES.get(ext, "")
    return by_extension if by_extension.startswith("image/") else "application/octet-stream"


def clean_extension(extension: str) -> str:
    """Return a part's extension lower case without its dot; 'bin' when it is empty, odd or long."""
    ext = extension.lower().lstrip(".")
    return ext if ext.isalnum() and 0 < len(ext) <= 8 else "bin"


class AssetStore:
    """Assets keyed by the sha256 of their bytes: the same picture on 40 slides or pages is stored once.

    ``media_type`` names each new asset's media type (``picture_media_type`` for a reader that keeps only
    pictures)."""

    def __init__(self, media_type: MediaType = media_type) -> None:
        self._assets: dict[str, Asset] = {}
        self._media_type = media_type

    def add(self, data: bytes, content_type: str, extension: str) -> Asset:
        """Return the asset for ``data``, adding it on first sight."""
        digest = hashlib.sha256(data).hexdigest()
        if digest not in self._assets:
            ext = clean_extension(extension)
            media = self._media_type(content_type, ext)
            self._assets[digest] = Asset(id=digest, media_type=media, extension=ext, size=len(data), data=data)
        return self._assets[digest]

    def all(self) -> tuple[Asset, ...]:
        return tuple(self._assets.values())


def picture_store() -> AssetStore:
    """Return an empty store for a reader that keeps only pictures (media types from ``picture_media_type``)."""
    return AssetStore(picture_media_type)
