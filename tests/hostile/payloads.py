"""Payload strings planted in hostile documents: markup, attribute breakouts, bad URL schemes, template syntax.

Every text payload sets ``window.__pwned`` (or asks the loopback beacon for a URL) if it ever reaches a browser
as markup; rendered as escaped text, it is harmless and the learner sees exactly what the author wrote.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

PWNED = "window.__pwned=1"


@dataclass(frozen=True)
class Env:
    """What the generators need from the test: the loopback beacon and a secret file an XXE would read.

    ``beacon`` is ``http://127.0.0.1:<port>`` of a listener that must never receive a connection;
    ``secret_file`` holds ``marker``, a string that must never appear in a package or a model;
    ``canary`` is a named pipe that no conversion may open (see ``watchers.Canary``).
    """

    beacon: str
    secret_file: str
    marker: str
    canary: str

    @property
    def tag(self) -> str:
        """A short unique token for names that may legitimately show up in messages (unlike ``marker``)."""
        return hashlib.sha256(self.marker.encode()).hexdigest()[:12]


def text_payloads(env: Env) -> dict[str, str]:
    """Return named payloads meant to survive as visible text (each is one line, no control characters)."""
    return {
        "script": f"<script>{PWNED}</script>",
        "img-onerror": f'<img src=x onerror="{PWNED}">',
        "attr-break-dq": f'" onmouseover="{PWNED}" x="',
        "attr-break-sq": f"' onfocus='{PWNED}' autofocus='",
        "svg-onload": f"<svg onload={PWNED}>",
        "textarea-break": f"</textarea><script>{PWNED}</script>",
        "title-break": f"</title><script>{PWNED}</script>",
        "comment-break": f"--><script>{PWNED}</script><!--",
        "cdata-break": f"]]><script>{PWNED}</script>",
        "template": "{{7*7}} ${7*7} {% print(7*7) %} #{7*7} <%= 7*7 %>",
        "beacon-img": f'<img src="{env.beacon}/beacon-img">',
        "beacon-css": (f"<style>@import url({env.beacon}/beacon-css);</style>"
                       f"<link rel=stylesheet href={env.beacon}/b.css>"),
        "iframe-js": f'<iframe src="javascript:{PWNED}"></iframe>',
        "meta-refresh": f'<meta http-equiv="refresh" content="0;url={env.beacon}/beacon-refresh">',
        "base-href": f'<base href="{env.beacon}/">',
        "form-action": f'<form action="{env.beacon}/beacon-form"><button>go</button></form>',
        "entity-text": "&lt;script&gt;&#x3C;script&#x3E; &amp;amp;",
        "bidi-override": "\u202e>tpircs/<1=denwp__.wodniw>tpircs<",
    }


def url_payloads(env: Env) -> dict[str, str]:
    """Return named hyperlink targets; only ``http-loopback`` and ``https-quote`` are web addresses."""
    return {
        "javascript": f"javascript:{PWNED}",
        "javascript-mixed-case": f"JaVaScRiPt:{PWNED}",
        "javascript-leading-space": f"  javascript:{PWNED}",
        "javascript-tab": f"java\tscript:{PWNED}",
        "javascript-entity": f"javascript&#58;{PWNED}",
        "data-html": f"data:text/html,<script>{PWNED}</script>",
        "data-base64": "data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+",
        "vbscript": "vbscript:msgbox(1)",
        "file": "file:///etc/passwd",
        "unc": "\\\\127.0.0.1\\share\\x.png",
        "http-loopback": f"{env.beacon}/beacon-link",
        "https-quote": f'https://example.org/"><script>{PWNED}</script>',
    }


DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:", "file:", "blob:", "filesystem:")
