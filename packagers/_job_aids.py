"""Job aid pages: each of the course's job aids (checklist, procedure, reference table) as a printable HTML page,
``job-aids/ID.html``, beside a shared print stylesheet; the screen it came from links to it.

Every package built from the player site carries them (``_site.build_site``). Pages hold only text blocks (lists
and tables), so they need no assets and no script.
"""

from __future__ import annotations

from converter.model import Course
from converter.result import Messages

from ._html import BlockRenderer, environment, language_tag, text_direction
from ._messages import interface_messages

JOB_AID_CSS = """\
body { font: 12pt/1.4 system-ui, sans-serif; max-width: 48rem; margin: 1.5rem auto; padding: 0 1rem; color: #111; }
h1 { font-size: 1.6rem; margin: 0.2rem 0; }
.job-aid-course, .job-aid-kind { color: #444; margin: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #666; padding: 0.3rem 0.5rem; text-align: start; vertical-align: top; }
li { margin: 0.3rem 0; }
.job-aid-checklist ul { list-style: none; padding-inline-start: 0.5rem; }
.job-aid-checklist ul > li::before { content: "\\2610\\00a0"; }
@media print {
  @page { margin: 1.5cm; }
  body { margin: 0; max-width: none; font-size: 11pt; }
  a { color: inherit; text-decoration: none; }
  table, li { break-inside: avoid; }
  thead { display: table-header-group; }
  h1, h2, h3 { break-after: avoid; }
}
"""
CSP = "default-src 'none'; style-src 'self'; img-src 'self'"


def job_aid_pages(course: Course, interface: str | None = None) -> dict[str, bytes]:
    """Return ``job-aids/ID.html`` for each job aid and the shared ``job-aids/job-aid.css`` (none: empty); the
    page's fixed words (the aid's kind) are in the ``interface`` language (default: the course's)."""
    if not course.job_aids:
        return {}
    lang = language_tag(course.language)
    template = environment().get_template("job-aid.html.j2")
    renderer = BlockRenderer(course, Messages())
    words = interface_messages(interface or lang)
    pages = {
        f"job-aids/{aid.id}.html": template.render(course=course, aid=aid, lang=lang, dir=text_direction(lang),
                                                   csp=CSP, r=renderer, t=words).encode("utf-8")
        for aid in course.job_aids
    }
    return {**pages, "job-aids/job-aid.css": JOB_AID_CSS.encode("utf-8")}
