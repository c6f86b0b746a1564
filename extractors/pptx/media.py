"""PPTX audio and video clips (pictures whose ``p:nvPr`` names a media file) to ``Media`` blocks and assets."""

from __future__ import annotations

from typing import Literal

from lxml import etree

from converter.model import Block, Media

from .context import SlideContext, qn
from .parts import Part

MediaKind = Literal["audio", "video"]
MEDIA_TAGS: dict[str, MediaKind] = {
    "a:videoFile": "video", "a:quickTimeFile": "video", "a:audioFile": "audio", "a:wavAudioFile": "audio",
}
"""The ``p:nvPr`` children that name a clip's file, and the kind of clip each one makes."""
PLAYABLE = frozenset({"mp4", "m4v", "mov", "webm", "ogv", "mp3", "m4a", "aac", "wav", "oga", "ogg", "opus", "flac"})
"""Extensions of the formats current browsers play in ``<audio>``/``<video>``."""
_P14_MEDIA = qn("p14:media")


def is_media(pic: etree._Element) -> bool:
    """Return True when a picture is the poster frame of an audio or video clip (or of a CD track)."""
    nv_pr = _nv_pr(pic)
    if nv_pr is None:
        return False
    tags = (*MEDIA_TAGS, "a:audioCd")
    return any(nv_pr.find(qn(tag)) is not None for tag in tags) or next(nv_pr.iter(_P14_MEDIA), None) is not None


def read_media(pic: etree._Element, ctx: SlideContext) -> list[Block]:
    """Return a clip as a ``Media`` block whose asset holds the embedded file; linked, missing and unplayable
    clips warn and give [].

    Only media stored in the package is read; linked files are never fetched. Formats a browser cannot play
    (Windows Media, AVI, MPEG-1/2, Flash) are left out rather than shipped unusable.
    """
    nv_pr = _nv_pr(pic)
    if nv_pr is not None and nv_pr.find(qn("a:audioCd")) is not None:
        ctx.warn("pptx.media-skipped", "a CD audio track cannot be carried over; add the audio by hand", pic,
                 instead="left out")
        return []
    kind, r_ids = _media_references(nv_pr)
    part, external = _embedded_part(r_ids, ctx)
    if part is None:
        code, text = (("pptx.external-media-skipped", "a linked audio or video file outside the deck was not fetched")
                      if external else ("pptx.media-missing", "an audio or video clip's file is missing; left out"))
        ctx.warn(code, text, pic, instead="left out")
        return []
    extension = part.ext.lower()
    if extension not in PLAYABLE:
        ctx.warn("pptx.media-format-unplayable",
                 f"a .{extension} clip was left out: browsers cannot play it; convert it to MP4 or MP3", pic,
                 instead="left out")
        return []
    asset = ctx.deck.assets.add(part.blob, part.content_type, extension)
    kind = kind or ("audio" if asset.media_type.startswith("audio/") else "video")
    return [Media(media_type=kind, asset=asset.id, title=media_title(pic), where=ctx.where(pic))]


def _nv_pr(pic: etree._Element) -> etree._Element | None:
    return pic.find(f"{qn('p:nvPicPr')}/{qn('p:nvPr')}")


def _media_references(nv_pr: etree._Element | None) -> tuple[MediaKind | None, list[str]]:
    """Return the clip's kind (None when only ``p14:media`` says) and its relationship ids, the embedded
    ``p14:media`` first, then the ``r:link``/``r:embed`` of the file element."""
    if nv_pr is None:
        return None, []
    kind: MediaKind | None = None
    r_ids = [media.get(qn("r:embed")) or media.get(qn("r:link")) or "" for media in nv_pr.iter(_P14_MEDIA)]
    for tag, tag_kind in MEDIA_TAGS.items():
        for element in nv_pr.findall(qn(tag)):
            kind = kind or tag_kind
            r_ids += [element.get(qn("r:link")) or "", element.get(qn("r:embed")) or ""]
    return kind, [r_id for r_id in r_ids if r_id]


def _embedded_part(r_ids: list[str], ctx: SlideContext) -> tuple[Part | None, bool]:
    """Return the first internal part with data among ``r_ids``, and whether any of them is external."""
    external = False
    for r_id in r_ids:
        rel = ctx.relationship(r_id)
        if rel is None:
            continue
        if rel.external:
            external = True
            continue
        part = ctx.related_part(r_id)
        if part is not None and part.blob:
            return part, external
    return None, external


def media_title(pic: etree._Element) -> str:
    """Return the clip's title: the poster picture's alternative text, else the shape's name."""
    c_nv_pr = next(pic.iter(qn("p:cNvPr")), None)
    if c_nv_pr is None:
        return ""
    return (c_nv_pr.get("descr") or "").strip() or (c_nv_pr.get("name") or "").strip()
