"""A client's conversion options (the form's ``config``, a ``c2e.toml``; ``options``, a JSON object; ``formats``
and ``lms``, each winning over the one before), checked the way the CLI checks them: known formats and presets,
fields of ``ConvertOptions`` (c2e.toml's spelling with dashes accepted). The safety limits and files on the
server (a player logo) are the service's, never the client's."""

from __future__ import annotations

import json
import tomllib
from typing import Any

from pydantic import ValidationError

from .. import api
from ..options import ConvertOptions
from .errors import ApiError

_SERVER_ONLY = frozenset({"limits"})
_ALIASES = {"format": "formats", "id": "course_id", "speaking_wpm": "words_per_minute",
            "question_minutes": "minutes_per_question", "micro_days": "micro_offsets"}


def client_options(formats: str | None, lms: str | None, options: str | None,
                   config: str | None = None) -> dict[str, Any]:
    """Return the ``ConvertOptions`` fields the client set (JSON-ready); raises ``ApiError`` 400 for an option
    the converter would refuse."""
    fields: dict[str, Any] = _from_config(config) if config else {}
    if options:
        fields.update(_parse(options))
    if formats:
        fields["formats"] = formats
    if lms:
        fields["lms"] = lms.strip().lower()
    _check_names(fields)
    try:
        checked = ConvertOptions.model_validate(fields)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ()))
        raise ApiError(400, "options.invalid", f"option {where}: {first.get('msg', 'not valid')}") from None
    dumped: dict[str, Any] = checked.model_dump(mode="json", exclude_unset=True)
    return dumped


def _from_config(text: str) -> dict[str, Any]:
    """Return the fields a ``c2e.toml`` sets: ``[convert]``, ``[course]`` (id, title, name), ``[player]`` and
    ``[theme]``; ``[limits]`` is the service's."""
    try:
        config = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ApiError(400, "options.bad-config", f"config is not valid TOML ({error})") from None
    if "limits" in config:
        raise ApiError(400, "options.server-only", "limits cannot be set by a client: the service sets them")
    tables = {name: config.get(name, {}) for name in ("convert", "course", "player", "theme")}
    if not all(isinstance(table, dict) for table in tables.values()):
        raise ApiError(400, "options.bad-config", "config's [convert], [course], [player] and [theme] must be tables")
    fields: dict[str, Any] = dict(tables["convert"])
    fields.update({k: v for k, v in tables["course"].items() if k in ("id", "title", "name")})
    player = {**tables["player"], **tables["theme"]}
    if player:
        fields["player"] = player
    return _named(fields)


def _parse(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        raise ApiError(400, "options.not-json", "options must be a JSON object") from None
    if not isinstance(value, dict):
        raise ApiError(400, "options.not-json", "options must be a JSON object")
    return _named(value)


def _named(value: dict[str, Any]) -> dict[str, Any]:
    """Return the fields under their ``ConvertOptions`` names; raises ``ApiError`` for a server-only one."""
    fields = {_ALIASES.get(k.replace("-", "_"), k.replace("-", "_")): v for k, v in value.items()}
    refused = sorted(_SERVER_ONLY & fields.keys())
    player = fields.get("player")
    if isinstance(player, dict) and "logo" in player:
        refused.append("player.logo")
    if refused:
        raise ApiError(400, "options.server-only", f"{', '.join(refused)} cannot be set by a client: the service "
                                                   "sets them")
    return fields


def _check_names(fields: dict[str, Any]) -> None:
    """Refuse an unknown output format or LMS preset with the known names (as the CLI does)."""
    formats = fields.get("formats")
    if isinstance(formats, str):
        formats = formats.split(",")
    known = api.formats()
    if isinstance(formats, list):
        unknown = [f for f in (str(v).strip().lower() for v in formats) if f and f != "all" and f not in known]
        if unknown:
            raise ApiError(400, "options.unknown-format", f"unknown output format {unknown[0]!r}; choose from: "
                                                          f"{', '.join(known)}, or all")
    lms = fields.get("lms")
    presets = api.presets()
    if lms is not None and lms not in presets:
        raise ApiError(400, "options.unknown-lms", f"unknown LMS preset {lms!r}; known: {', '.join(presets)}")
