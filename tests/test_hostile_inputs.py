"""Hostile inputs end in a package or a typed error, under memory and time limits, leaking and fetching nothing.

Every file of the hostile set (``tests/hostile``) is converted in a child process capped at 1.5 GiB of
address space and 60 s, the way a conversion server would run it. Payload documents must arrive as escaped,
visible text; XXE and escaping relationships must not leak the secret file or touch the loopback beacon or the
canary pipe; traversal entries must not create files; zip bombs must trip the limits (exit 7).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import converter
from converter.errors import LimitExceededError
from converter.options import ConvertOptions, Limits
from packagers._site import CONTENT_SECURITY_POLICY

from hostile import html_checks
from hostile.catalog import SAMPLE_DECK, Case, by_name, catalog
from hostile.ooxml import TEXT_MARKER
from hostile.payloads import Env, text_payloads, url_payloads
from hostile.pptx_decks import HOSTILE_LANG, build_base_deck
from hostile.watchers import Beacon, Canary
from hostile.zips import read_entries, write_entries

RUNNER = Path(__file__).resolve().parent / "hostile" / "convert_one.py"
MEMORY_LIMIT = 1536 * 1024 * 1024
TIME_LIMIT = 60
PASSWD_MARK = "root:x:0:0"
CANARY_MARK = "CANARY-WAS-READ"
CASES = by_name()


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """The beacon, the canary pipe and the secret file the hostile files point at (one set per worker)."""
    folder = tmp_path_factory.mktemp("hostile-env")
    marker = f"C2E-SECRET-{uuid.uuid4().hex}"
    secret = folder / "secret.txt"
    secret.write_text(f"{marker}\n")
    beacon, canary = Beacon(), Canary(folder / "canary.pipe")
    yield Env(beacon=beacon.url, secret_file=str(secret), marker=marker, canary=str(canary.path)), beacon, canary
    beacon.close()
    canary.close()


def convert_in_child(source: Path, work: Path, env: Env,
                     limits: dict | None = None) -> tuple[subprocess.CompletedProcess, dict]:
    """Convert ``source`` in a capped child process whose working folder is ``work``; return the process and
    its JSON outcome (``{}`` when it printed none)."""
    out_dir, request_file = work / "out", work.parent / f"{work.name}.request.json"
    request = {
        "source": str(source), "out_dir": str(out_dir), "model_json": str(work.parent / "model.json"),
        "limits": limits or {}, "memory_bytes": MEMORY_LIMIT, "cpu_seconds": TIME_LIMIT,
        "watch": [env.secret_file, env.canary, "/etc/passwd"],
    }
    request_file.write_text(json.dumps(request))
    process = subprocess.run([sys.executable, str(RUNNER), str(request_file)], cwd=work, capture_output=True,
                             text=True, timeout=TIME_LIMIT + 15, env={**os.environ, "PYTHONHASHSEED": "0"})
    lines = [line for line in process.stdout.splitlines() if line.startswith("{")]
    return process, json.loads(lines[-1]) if lines else {}


def tree(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*")}


def leaked_secrets(env: Env, blobs: dict[str, bytes]) -> list[str]:
    """Return the names of blobs holding the secret marker, /etc/passwd content or the canary's DTD text."""
    marks = (env.marker, PASSWD_MARK, CANARY_MARK)
    found = []
    for name, data in blobs.items():
        text = data.decode("utf-8", "replace")
        found += [f"{name}: {mark}" for mark in marks if mark in text]
    return found


def package_blobs(outcome: dict, work: Path) -> dict[str, bytes]:
    """Every entry of the package (``package:NAME``), of every other output beside it, zips (micro-item packages,
    the question bank, the guide) opened (``PATH:NAME``), the report files, and the model JSON."""
    package = Path(outcome["package"])
    blobs = {f"package:{name}": data for name, data in html_checks.unzip(package).items()}
    for path in sorted(package.parent.rglob("*")):
        relative = path.relative_to(package.parent).as_posix()
        if path == package or path.is_dir():
            continue
        if zipfile.is_zipfile(path):
            blobs.update({f"{relative}:{name}": data for name, data in html_checks.unzip(path).items()})
        else:
            blobs[relative] = path.read_bytes()
    blobs["model.json"] = (work.parent / "model.json").read_bytes()
    return blobs


# ---------------------------------------------------------------------------------------------- the whole set


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_file_ends_in_a_package_or_a_typed_error(name, env, tmp_path):
    env_, beacon, canary = env
    case: Case = CASES[name]
    source = case.build(_mkdir(tmp_path / "in"), env_)
    work = _mkdir(tmp_path / "run" / "a" / "b")
    beside = set(os.listdir(tmp_path.parent))
    touched = len(beacon.hits), len(canary.hits)

    process, outcome = convert_in_child(source, work, env_, case.limits)

    assert "Traceback" not in process.stderr, process.stderr[-3000:]
    assert process.returncode in case.expect, (process.returncode, outcome, process.stderr[-2000:])
    assert outcome.get("exit") == process.returncode
    assert outcome["events"] == [], "the conversion touched the network, a process or a watched file"
    assert (len(beacon.hits), len(canary.hits)) == touched, "the conversion contacted the beacon or read the canary"
    if case.message:
        assert case.message in outcome["message"]
    if process.returncode == LimitExceededError.exit_code:
        assert "limit" in outcome["message"]
    if process.returncode == 0:
        blobs = package_blobs(outcome, work)
        assert leaked_secrets(env_, blobs) == []
        assert_pages_are_inert(blobs)
    if name.endswith("-traversal-entries"):
        assert "ooxml.unsafe-entry-skipped" in outcome["warnings"], "skipped entries are reported"
    assert set(os.listdir(tmp_path.parent)) == beside, "files appeared beside the test folder"
    assert_no_stray_files(tmp_path, source, work, env_, succeeded=process.returncode == 0)


JOURNEY_SUFFIXES = frozenset({".zip", ".json", ".html", ".docx", ""})
"""What a conversion's outputs end in: zips, the report, the guide, and folders (the journey, the micro-items)."""


def assert_no_stray_files(tmp_path: Path, source: Path, work: Path, env: Env, succeeded: bool) -> None:
    """Only the input, the request, the model and (on success) the package and its report exist."""
    out = work / "out"
    expected = {"in", *(f"in/{p.name}" for p in source.parent.iterdir()), "run", "run/a", "run/a/b",
                "run/a/b.request.json"}
    expected |= {"run/a/model.json"} if (work.parent / "model.json").exists() else set()
    if out.exists():
        outputs = {p.name for p in out.iterdir()}
        if succeeded:  # the whole journey: packages, guide, bank, report; the journey and micro-item folders
            assert {".zip", ".json", ".html"} <= {Path(name).suffix for name in outputs} <= JOURNEY_SUFFIXES, outputs
            assert not [name for name in outputs if name.startswith(".")], "a temporary output was left behind"
        else:
            assert outputs == set(), "a failed conversion left files in the output folder"
        expected |= {"run/a/b/out", *(f"run/a/b/out/{p.relative_to(out).as_posix()}" for p in out.rglob("*"))}
    assert tree(tmp_path) == expected, "a file was written outside the output folder"
    assert list(Path("/tmp").glob(f"c2e-hostile-*{env.tag}*")) == [], "an absolute entry name was honoured"
    assert not Path(f"/etc/c2e-hostile-{env.tag}").exists(), "an absolute entry name was honoured"


def assert_pages_are_inert(blobs: dict[str, bytes]) -> None:
    """The player page and the report page hold only our scripts, no handlers, no bad URLs; CSP unchanged."""
    pages = [name for name in blobs if name == "package:index.html" or name.endswith(".zip:index.html")]
    assert "package:index.html" in pages
    for name in pages:  # the course's package and each micro-item's
        assert html_checks.markup_problems(blobs[name], scripts_under="player/") == [], name
        csp = etree.HTML(blobs[name]).xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
        assert csp == [CONTENT_SECURITY_POLICY], name
    for name, data in blobs.items():
        if name.endswith(".report.html"):
            assert html_checks.markup_problems(data, scripts_under=None, styles_allowed=1) == [], name
    assets = [name for name in blobs if name.startswith("package:assets/")]
    active = [name for name in assets if name.rsplit(".", 1)[-1] in ACTIVE_EXTENSIONS]
    assert active == [], "the package ships files a browser would run as a page or a script"


ACTIVE_EXTENSIONS = frozenset({"html", "htm", "xhtml", "xht", "svg", "svgz", "js", "mjs", "xml", "xsl", "xslt",
                               "swf", "pdf", "shtml", "php", "asp", "aspx", "jsp", "cgi", "wasm", "css"})
"""Extensions a web server serves as active content (pages, scripts, SVG with scripts, plug-ins, styles)."""


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


# ---------------------------------------------------------------------------------------------- payloads


PAYLOAD_CASES = [name for name in CASES if name.endswith("-payloads")]


@pytest.fixture(scope="module")
def converted_payloads(env, tmp_path_factory):
    """Each payload document converted once (in process): name -> (index.html, manifest, model)."""
    env_, _, _ = env
    built = {}
    for name in PAYLOAD_CASES:
        folder = tmp_path_factory.mktemp(name)
        result = converter.convert(CASES[name].build(folder, env_), folder / "out")
        entries = html_checks.unzip(result.value.package)
        model = converter.extract(CASES[name].build(folder, env_)).value
        built[name] = (entries["index.html"], entries["imsmanifest.xml"], model)
    return built


@pytest.mark.parametrize("name", PAYLOAD_CASES)
def test_text_payloads_are_visible_as_escaped_text(name, env, converted_payloads):
    env_ = env[0]
    index, _, _ = converted_payloads[name]
    text = html_checks.visible_text(index)
    expected = {key: value for key, value in text_payloads(env_).items() if key not in CASES[name].absent_payloads}
    missing = {key: value for key, value in expected.items() if value not in text}
    assert missing == {}, "payload text the author wrote is not shown to the learner"
    assert "{{7*7}} ${7*7} {% print(7*7) %}" in text, "template syntax stays literal text, never evaluated"
    assert b"<script>window" not in index and b"onerror=" not in index.replace(b"onerror=&#34;", b"")


@pytest.mark.parametrize("name", PAYLOAD_CASES)
def test_payload_page_has_only_our_scripts_and_no_handlers(name, converted_payloads):
    index, _, _ = converted_payloads[name]
    assert html_checks.markup_problems(index, scripts_under="player/") == []
    root = etree.HTML(index)
    assert re.fullmatch(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*", root.get("lang")), root.get("lang")
    assert HOSTILE_LANG not in root.get("lang")


@pytest.mark.parametrize("name", [name for name in PAYLOAD_CASES if CASES[name].alt_text])
def test_alt_text_payloads_stay_attribute_values(name, env, converted_payloads):
    payloads = text_payloads(env[0])
    index, _, _ = converted_payloads[name]
    alts = html_checks.alt_texts(index)
    assert payloads["attr-break-dq"] in alts and payloads["beacon-img"] in alts


@pytest.mark.parametrize("name", PAYLOAD_CASES)
def test_only_web_and_mail_links_survive_and_their_text_stays(name, env, converted_payloads):
    urls = url_payloads(env[0])
    index, _, _ = converted_payloads[name]
    found = html_checks.links(index)
    external = {text: href for text, href in found.items() if not href.startswith("#")}
    web = {"link http-loopback": urls["http-loopback"], "link https-quote": urls["https-quote"]}
    if CASES[name].reads_links:
        assert external == web
    else:
        assert external.items() <= web.items()
    text = html_checks.visible_text(index)
    assert all(f"link {key}" in text for key in urls), "a dropped link must keep its text"


@pytest.mark.parametrize("name", PAYLOAD_CASES)
def test_title_payload_is_text_in_the_page_and_the_manifest(name, env, converted_payloads):
    payloads = text_payloads(env[0])
    index, manifest, model = converted_payloads[name]
    title = f"{payloads['script']} {payloads['template']}"
    assert model.title == title
    assert etree.HTML(index).findtext(".//title") == title
    root = etree.fromstring(manifest, etree.XMLParser(resolve_entities=False, no_network=True))
    titles = [el.text for el in root.iter("{*}title")]
    assert titles and all(t == title for t in titles), titles


def test_chart_labels_are_text_when_charts_are_read(env, converted_payloads):
    """Chart categories and series names are payloads; when the extractor reads charts they are table text."""
    index, _, model = converted_payloads["pptx-payloads"]
    charts = [b for unit in model.units for b in unit.blocks if b.kind == "chart"]
    text = html_checks.visible_text(index)
    for chart in charts:
        assert all(label in text for label in (*chart.categories, *(s.name for s in chart.series)))
    payloads = text_payloads(env[0])
    assert payloads["img-onerror"] in text, "the chart title is kept"


# ---------------------------------------------------------------------------------------------- specific leaks


def test_the_xml_parser_itself_never_opens_what_a_doctype_names(env):
    """Defence in depth: even a DOCTYPE the byte scan would miss must not make libxml2 open a file.

    (lxml 6.1 / libxml2 2.14 load external parameter entities when a parser is built with collect_ids=False.)
    """
    from extractors._office.xml import xml_parser

    env_, _, canary = env
    before = len(canary.hits)
    document = (f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY % c SYSTEM "{Path(env_.canary).as_uri()}"> %c;]>'
                '<r a="&leaked;">&leaked;</r>').encode()
    try:
        root = etree.fromstring(document, xml_parser())
    except etree.XMLSyntaxError:
        root = None
    assert len(canary.hits) == before, "the parser opened the file a parameter entity named"
    assert root is None or CANARY_MARK not in (root.get("a") or "") + root.xpath("string()")


def test_duplicate_entries_keep_the_first_copy(env, tmp_path):
    source = CASES["pptx-duplicate-entries"].build(tmp_path, env[0])
    package = converter.convert(source, tmp_path / "o").value.package
    text = html_checks.visible_text(html_checks.unzip(package)["index.html"])
    assert TEXT_MARKER in text and "SECOND-COPY" not in text and "UPPER-COPY" not in text


def test_escaping_relationships_fetch_and_embed_nothing(env, tmp_path):
    env_, beacon, canary = env
    before = len(beacon.hits), len(canary.hits)
    source = CASES["pptx-escaping-relationships"].build(tmp_path, env_)
    result = converter.convert(source, tmp_path / "out")
    codes = {message.code for message in result.warnings}
    assert {"pptx.external-image-skipped", "pptx.link-dropped"} <= codes
    entries = html_checks.unzip(result.value.package)
    hrefs = list(html_checks.links(entries["index.html"]).values())
    assert [h for h in hrefs if not h.startswith("#")] == [], "no escaping target may become a link"
    assert [name for name in entries if name.startswith("assets/")] == [], "no escaping target may become an asset"
    text = html_checks.visible_text(entries["index.html"])
    assert all(f"{label} {TEXT_MARKER}" in text for label in ("file link", "unc link", "hlinkfile action"))
    assert (len(beacon.hits), len(canary.hits)) == before


# ---------------------------------------------------------------------------------------------- limits


RATIO_DECK_BYTES = 12 * 1024 * 1024


@pytest.fixture(scope="module")
def ratio_deck(tmp_path_factory):
    """A deck with a 12 MiB part of hex digits: packs about 2:1, fine by default, over a 1.5:1 limit."""
    import random

    folder = tmp_path_factory.mktemp("ratio")
    path = build_base_deck(folder / "ratio.pptx")
    blob = random.Random(7).randbytes(RATIO_DECK_BYTES // 2).hex().encode()
    return write_entries(path, read_entries(path) + [("docProps/blob.bin", blob)])


LIMIT_CASES = {
    "max_input_bytes": (1000, "over the limit of 1,000"),
    "max_zip_entries": (5, "zip entries; the limit is 5"),
    "max_uncompressed_bytes": (10_000, "the limit is 10,000 bytes"),
    "max_part_bytes": (2000, "the limit is 2,000 bytes"),
    "max_units": (3, "slides; the limit is 3"),
    "max_shapes_per_unit": (1, "shapes; the limit is 1"),
}


@pytest.mark.parametrize("field", list(LIMIT_CASES))
def test_smaller_limits_stop_the_sample_deck_with_exit_7(field, tmp_path):
    value, words = LIMIT_CASES[field]
    options = ConvertOptions(limits=Limits(**{field: value}))
    with pytest.raises(LimitExceededError) as raised:
        converter.convert(SAMPLE_DECK, tmp_path / "out", options)
    assert raised.value.exit_code == 7
    assert words in str(raised.value), f"the message should name the {field} limit: {raised.value}"
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_compression_ratio_limit_is_configurable(ratio_deck, tmp_path):
    assert converter.convert(ratio_deck, tmp_path / "default").value.package.exists()
    with pytest.raises(LimitExceededError, match=r"compressed [\d.,]+ to 1; the limit is 1.5 to 1") as raised:
        converter.convert(ratio_deck, tmp_path / "strict", ConvertOptions(limits=Limits(max_compression_ratio=1.5)))
    assert raised.value.exit_code == 7


def test_limit_cases_of_the_set_run_under_their_own_limits():
    limited = [case for case in catalog() if case.limits]
    assert limited and all(case.expect == {7} and case.message for case in limited)


def test_the_set_covers_every_attack_named_in_the_issue():
    tags = {tag for case in catalog() for tag in case.tags}
    assert {"payload", "xxe", "traversal", "bomb", "damage", "assets"} <= tags
    names = set(CASES)
    for required in ("pptx-xxe", "pptx-billion-laughs", "pptx-bomb-padding", "pptx-bomb-lying-size",
                     "pptx-traversal-entries", "pptx-escaping-relationships", "pptx-truncated-50pct",
                     "pptx-bitflip-1x1", "pptx-many-slides-over-limit", "pptx-many-shapes-over-limit"):
        assert required in names
    assert zipfile.is_zipfile(SAMPLE_DECK)


def test_only_the_players_own_check_forms_pass_the_markup_check():
    """The knowledge checks write forms and inputs; the check lets exactly those through, not forms that look
    like them but post somewhere, nor other inputs."""
    ours = ('<section class="screen check-screen" id="q-1"><form class="check" id="q-1--check">'
            '<input type="radio" id="q-1--a" name="q-1--answer" value="a"></form></section>')
    page = f"<html><body><main>{ours}</main></body></html>".encode()
    assert html_checks.markup_problems(page, scripts_under="player/") == []
    for planted in (ours.replace('class="check" id', 'class="check" action="https://x.example/" id'),
                    ours.replace('type="radio"', 'type="password"'),
                    ours.replace('name="q-1--answer"', 'name="other"'),
                    '<section class="screen" id="s-1"><form class="check" id="s-1--check"></form></section>'):
        assert html_checks.markup_problems(f"<html><body>{planted}</body></html>".encode()) != [], planted
