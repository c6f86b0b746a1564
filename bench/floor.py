"""The benchmark's floor: the least work any converter must do to read a file, as a whole process.

For an OOXML package (.pptx, .docx): read every zip entry and parse every XML part (``*.xml``, ``*.rels``) with lxml,
entities off and no network. For a PDF: open it with pypdfium2 and take the text of every page. Nothing is built
and nothing is written; the script prints one line of counts so the work cannot be skipped.

Usage: python bench/floor.py FILE
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path


def read_ooxml(path: Path) -> tuple[int, int, int]:
    """Return (entries read, XML parts parsed, elements seen) for the package at ``path``."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    entries = parts = elements = 0
    with zipfile.ZipFile(path) as package:
        for info in package.infolist():
            data = package.read(info)
            entries += 1
            if info.filename.endswith((".xml", ".rels")):
                root = etree.fromstring(data, parser)
                parts += 1
                elements += sum(1 for _ in root.iter())
    return entries, parts, elements


def read_pdf(path: Path) -> tuple[int, int]:
    """Return (pages, characters of text) for the PDF at ``path``."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    pages = characters = 0
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            characters += len(textpage.get_text_range())
            textpage.close()
            page.close()
            pages += 1
    finally:
        document.close()
    return pages, characters


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    path = Path(argv[0])
    if path.suffix.lower() == ".pdf":
        pages, characters = read_pdf(path)
        print(f"{path.name}: {pages} pages, {characters} characters")
    else:
        entries, parts, elements = read_ooxml(path)
        print(f"{path.name}: {entries} entries, {parts} XML parts, {elements} elements")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
