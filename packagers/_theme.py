"""Branding for the player (``[theme]`` in c2e.toml): a brand colour, a font list and a logo, kept accessible.

The brand colour becomes the accent of links and buttons. WCAG 2.2 contrast math (relative luminance, 1.4.3)
checks it against the page and the button text; a colour under 4.5:1 is not refused but darkened (light
scheme) or lightened (dark scheme) step by step until it passes, and the author is warned with both colours.
Everything lands in ``player/theme.css`` (the CSP forbids inline styles), loaded after ``player.css``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from converter.options import PlayerOptions
from converter.result import Messages

AA_TEXT = 4.5
"""WCAG 1.4.3 minimum contrast for normal text (links, button labels)."""
LIGHT_SURFACES = ("#ffffff", "#eef1f6", "#f4f6f9")
"""player.css backgrounds accent text sits on in the light scheme (the button label is white)."""
DARK_SURFACES = ("#1a2029", "#151a22", "#11151c")
"""The same in the dark scheme (the button label is #0b1220)."""
LOGO_TYPES = {".png": "png", ".jpg": "jpg", ".jpeg": "jpg", ".gif": "gif", ".webp": "webp"}
MAX_LOGO_BYTES = 2 * 1024 * 1024


def _channels(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0.0, min(255.0, c))):02x}" for c in rgb)


def luminance(colour: str) -> float:
    """Return the WCAG relative luminance of ``#rrggbb`` (0 black to 1 white)."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in _channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """Return the WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def mix(colour: str, toward: str, share: float) -> str:
    """Return ``colour`` moved ``share`` (0 to 1) of the way toward ``toward``."""
    a, b = _channels(colour), _channels(toward)
    return _hex((a[0] + (b[0] - a[0]) * share, a[1] + (b[1] - a[1]) * share, a[2] + (b[2] - a[2]) * share))


def readable(colour: str, against: tuple[str, ...], toward: str) -> str:
    """Return ``colour``, or the nearest mix toward ``toward`` with at least 4.5:1 against every colour given."""
    for step in range(21):
        candidate = mix(colour, toward, step / 20)
        if all(contrast(candidate, other) >= AA_TEXT for other in against):
            return candidate
    return toward


@dataclass(frozen=True)
class Theme:
    """What ``player/theme.css`` says, and the logo file (package path, bytes) when there is one."""

    css: str
    logo: tuple[str, bytes] | None = None


def _accents(primary: str, messages: Messages) -> tuple[str, str]:
    """Return the light- and dark-scheme accents for a brand colour, warning when it had to change."""
    light = readable(primary.lower(), (*LIGHT_SURFACES, "#ffffff"), "#000000")
    dark = readable(primary.lower(), (*DARK_SURFACES, "#0b1220"), "#ffffff")
    if light != primary.lower():
        worst = min(contrast(primary, other) for other in LIGHT_SURFACES)
        messages.warn("theme.contrast-adjusted", f"brand colour {primary} has {worst:.2f}:1 contrast on the "
                      f"player's backgrounds, under WCAG's 4.5:1; links and buttons use {light} instead",
                      instead=light)
    return light, dark


def _logo(path: Path, messages: Messages) -> tuple[str, bytes] | None:
    """Return the logo's package path and bytes, or None with a warning when it cannot be used."""
    kind = LOGO_TYPES.get(path.suffix.lower())
    try:
        data = path.read_bytes() if kind else b""
    except OSError as error:
        messages.warn("theme.logo-unreadable", f"logo {path.name}: {error.strerror or error}; left out",
                      instead="no logo")
        return None
    if not kind or not data or len(data) > MAX_LOGO_BYTES:
        messages.warn("theme.logo-refused", f"logo {path.name} is not a PNG, JPEG, GIF or WebP file of at most "
                      "2 MB; left out", instead="no logo")
        return None
    return f"player/logo.{kind}", data


def theme(player: PlayerOptions, messages: Messages) -> Theme | None:
    """Return the course's theme, or None when ``player`` sets no branding (the default look)."""
    if not (player.primary or player.font or player.logo):
        return None
    rules: list[str] = []
    if player.primary:
        light, dark = _accents(player.primary, messages)
        rules.append(f":root {{ --accent: {light}; --accent-strong: {mix(light, '#000000', 0.2)}; }}")
        rules.append("@media (prefers-color-scheme: dark) {\n"
                     f"  :root {{ --accent: {dark}; --accent-strong: {mix(dark, '#ffffff', 0.3)}; }}\n}}")
    if player.font:
        rules.append(f"body {{ font-family: {player.font}, system-ui, -apple-system, \"Segoe UI\", Roboto, "
                     "\"Noto Sans\", Arial, sans-serif; }")
    logo = _logo(player.logo, messages) if player.logo else None
    return Theme("/* c2e theme from c2e.toml [theme] */\n" + "\n".join(rules) + "\n", logo)
