"""One fault, one refusal: the same error class, exit code and words whether the pipeline refuses the file (no
extractor claims it) or an extractor detects the fault, and whatever the file is named."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from reportlab.lib import pdfencrypt
from reportlab.pdfgen import canvas

from converter.errors import CorruptInputError, EmptyInputError, EncryptedInputError, UnsupportedFormatError
from converter.options import ConvertOptions
from converter.probe import CFB_MAGIC, Probe
from extractors.docx import DocxExtractor
from extractors.pdf import PdfExtractor
from extractors.pptx import PptxExtractor

from conftest import REPO, run_c2e

SAMPLES = REPO / "samples"
EXTENSIONS = (".pptx", ".docx", ".pdf")


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _truncated_zip(path: Path) -> None:
    """The first third of a real deck: its central directory is gone."""
    data = (SAMPLES / "pharma-sales-onboarding.pptx").read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _zip_header_only(path: Path) -> None:
    path.write_bytes(b"PK\x03\x04" + bytes(200))


def _not_a_zip(path: Path) -> None:
    path.write_text("just some text, not a document at all\n" * 20)


def _encrypted(path: Path) -> None:
    """An Office file encrypted with a password: an OLE compound file holding an ``EncryptedPackage`` stream."""
    path.write_bytes(CFB_MAGIC + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(1024))


def _zip_without_main_part(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photo.txt", "not a document")


def _theme_package(path: Path) -> None:
    """An Office package of another kind (a theme) whose main part is no document."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Override PartName="/theme/theme1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.themeManager+xml"/></Types>'))
        archive.writestr("_rels/.rels", (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="theme/theme1.xml" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument"/></Relationships>'))
        archive.writestr("theme/theme1.xml", '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"/>')


def _garbage_pdf(path: Path) -> None:
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)


FAULTS = {
    # fault: (make, exit code, error class, the words every refusal of it holds)
    "empty": (_empty, 10, EmptyInputError, "is an empty (0-byte) file"),
    "truncated-zip": (_truncated_zip, 5, CorruptInputError, "but its zip structure is damaged or it is not a"),
    "zip-header-only": (_zip_header_only, 5, CorruptInputError, "but its zip structure is damaged or it is not a"),
    "not-a-zip": (_not_a_zip, 4, UnsupportedFormatError, "is not a document c2e recognises"),
    "encrypted": (_encrypted, 6, EncryptedInputError, "is an encrypted (password-protected) "),
    "zip-without-main-part": (_zip_without_main_part, 5, CorruptInputError,
                              "but its zip structure is damaged or it is not a"),
    "package-of-another-kind": (_theme_package, 5, CorruptInputError,
                                "but its zip structure is damaged or it is not a"),
    "garbage-pdf": (_garbage_pdf, 5, CorruptInputError, "is damaged: its PDF structure"),
}


@pytest.mark.parametrize("extension", EXTENSIONS)
@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_each_fault_has_one_exit_code_and_one_wording_whatever_the_extension(fault, extension, tmp_path):
    make, code, _, words = FAULTS[fault]
    path = tmp_path / f"course{extension}"
    make(path)
    run = run_c2e("convert", str(path), "-o", str(tmp_path / "out"))
    assert run.returncode == code, run.stderr
    assert run.stderr.startswith(f"c2e: error: {path}: ")
    assert words in run.stderr
    assert "Traceback" not in run.stderr


EXTRACTORS = {".pptx": PptxExtractor(), ".docx": DocxExtractor(), ".pdf": PdfExtractor()}


@pytest.mark.parametrize("extension", EXTENSIONS)
@pytest.mark.parametrize("fault", ["empty", "not-a-zip", "encrypted", "truncated-zip", "zip-without-main-part",
                                   "package-of-another-kind"])
def test_an_extractor_asked_directly_refuses_in_the_pipelines_words(fault, extension, tmp_path):
    """The pipeline refuses files no extractor claims; an extractor handed such a file anyway (a plug-in host, a
    test) raises the same class with the same words."""
    make, _, error_class, words = FAULTS[fault]
    path = tmp_path / f"course{extension}"
    make(path)
    if extension == ".pdf" and fault in {"truncated-zip", "zip-without-main-part", "not-a-zip", "encrypted",
                                         "package-of-another-kind"}:
        pytest.skip("the PDF reader does not read zips or OLE files; pdfium names them damaged")
    with pytest.raises(error_class) as raised:
        EXTRACTORS[extension].extract(Probe.read(path), ConvertOptions())
    assert words in raised.value.problem


def test_a_password_protected_pdf_is_worded_like_an_encrypted_office_file(tmp_path):
    path = tmp_path / "locked.pdf"
    pdf = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("learner", "trainer"))
    pdf.drawString(72, 720, "Locked handout")
    pdf.save()
    run = run_c2e("convert", str(path), "-o", str(tmp_path / "out"))
    assert run.returncode == 6
    assert FAULTS["encrypted"][3] in run.stderr
