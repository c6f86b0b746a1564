"""QTI packager: the course's questions as an IMS QTI 2.1 content package (``NAME-qti.zip``), for LMSs and test tools
that import QTI 2.1 (OpenOLAT/ONYX, TAO, Inspera, Sakai's Samigo ...).

One ``assessmentItem`` per question in ``items/<id>.xml`` (``choiceInteraction`` for choice, multiple response and
true/false; ``textEntryInteraction`` for fill-in, every accepted answer mapped to 1, case ignored), each with its
response processing written out (score 1 when right, else 0, and a ``FEEDBACK`` outcome that shows the
rationale as modal feedback), plus ``imsmanifest.xml`` in the IMS CP "QTIv2.1 Package" profile (one
``imsqti_item_xmlv2p1`` resource per item). Identifiers are the stable question ids, mapped to valid NCNames; a question c2e generated from the text has
the item ``label`` ``c2e-generated`` (and an id starting ``qg-``).
Built with lxml and zipped by the shared deterministic writer. A course without questions gets no package
(message ``questions.none``).
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from converter.model import Course, Question, Span
from converter.options import ConvertOptions, TargetKind
from converter.plugin import Target
from converter.result import Result

from ._bank import GENERATED_TAG, bank_entries, no_questions, plain, question_name
from ._manifest import XSI_NS, clip_title, maker, serialize
from ._zip import write_target

QTI_NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
IMSCP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
XML_NS = "http://www.w3.org/XML/1998/namespace"
ITEM_SCHEMA = f"{QTI_NS} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
MANIFEST_SCHEMA = f"{IMSCP_NS} http://www.imsglobal.org/xsd/qti/qtiv2p1/qtiv2p1_imscpv1p2_v1p0.xsd"
MANIFEST_NAME = "imsmanifest.xml"
RESPONSE, SCORE, FEEDBACK = "RESPONSE", "SCORE", "FEEDBACK"
_NOT_NCNAME = re.compile(r"[^A-Za-z0-9._-]+")
_INLINE_TAGS = (("code", "code"), ("italic", "em"), ("bold", "strong"))

_qti = maker(QTI_NS)
_cp = maker(IMSCP_NS)
Element = etree._Element


def qti_identifier(value: str) -> str:
    """Return ``value`` as a valid NCName (xs:ID): characters outside ``[A-Za-z0-9._-]`` become ``-`` and a name
    that does not start with a letter gets ``q-`` in front. Stable ids (``q-3f9a...``) pass unchanged."""
    cleaned = _NOT_NCNAME.sub("-", value).strip("-") or "question"
    return cleaned if cleaned[0].isalpha() else f"q-{cleaned}"


def add_spans(parent: Element, spans: tuple[Span, ...]) -> None:
    """Append the spans to ``parent`` as text and ``strong``/``em``/``code`` elements (XML escapes the text)."""
    for span in spans:
        element = _inline(span)
        if element is None:
            _append_text(parent, span.text)
        else:
            parent.append(element)


def _inline(span: Span) -> Element | None:
    """Return the span as nested ``code``/``em``/``strong`` elements, or None when it has no emphasis."""
    tags = [tag for attribute, tag in _INLINE_TAGS if getattr(span, attribute)]
    if not tags or not span.text.strip():
        return None
    element = _qti(None, tags[0], span.text)
    for tag in tags[1:]:
        wrapper = _qti(None, tag)
        wrapper.append(element)
        element = wrapper
    return element


def _append_text(parent: Element, text: str) -> None:
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _declarations(item: Element, question: Question) -> None:
    if question.kind == "fill-in":
        response = _qti(item, "responseDeclaration", identifier=RESPONSE, cardinality="single", baseType="string")
        _qti(_qti(response, "correctResponse"), "value", question.answers[0])
        mapping = _qti(response, "mapping", defaultValue="0")
        for answer in question.answers:
            _qti(mapping, "mapEntry", mapKey=answer, mappedValue="1", caseSensitive="false")
    else:
        cardinality = "multiple" if question.kind == "multiple-response" else "single"
        response = _qti(item, "responseDeclaration", identifier=RESPONSE, cardinality=cardinality,
                        baseType="identifier")
        correct = _qti(response, "correctResponse")
        for choice in question.choices:
            if choice.correct:
                _qti(correct, "value", qti_identifier(choice.id))
    score = _qti(item, "outcomeDeclaration", identifier=SCORE, cardinality="single", baseType="float")
    _qti(_qti(score, "defaultValue"), "value", "0")
    _qti(item, "outcomeDeclaration", identifier=FEEDBACK, cardinality="single", baseType="identifier")


def _body(item: Element, question: Question) -> None:
    body = _qti(item, "itemBody")
    if question.kind == "fill-in":
        paragraph = _qti(body, "p")
        add_spans(paragraph, question.prompt)
        _append_text(paragraph, " ")
        longest = max(len(answer) for answer in question.answers)
        _qti(paragraph, "textEntryInteraction", responseIdentifier=RESPONSE, expectedLength=str(max(longest, 10)))
        return
    many = question.kind == "multiple-response"
    interaction = _qti(body, "choiceInteraction", responseIdentifier=RESPONSE, shuffle="false",
                       maxChoices="0" if many else "1")
    add_spans(_qti(interaction, "prompt"), question.prompt)
    for choice in question.choices:
        add_spans(_qti(interaction, "simpleChoice", identifier=qti_identifier(choice.id)), choice.spans)


def _processing(item: Element, question: Question) -> None:
    """Write the response processing: score 1 and FEEDBACK=correct when right, else 0 and incorrect."""
    condition = _qti(_qti(item, "responseProcessing"), "responseCondition")
    branch = _qti(condition, "responseIf")
    if question.kind == "fill-in":
        test = _qti(branch, "gt")
        _qti(test, "mapResponse", identifier=RESPONSE)
        _qti(test, "baseValue", "0", baseType="float")
    else:
        test = _qti(branch, "match")
        _qti(test, "variable", identifier=RESPONSE)
        _qti(test, "correct", identifier=RESPONSE)
    for parent, score, verdict in ((branch, "1", "correct"), (_qti(condition, "responseElse"), "0", "incorrect")):
        _qti(_qti(parent, "setOutcomeValue", identifier=SCORE), "baseValue", score, baseType="float")
        _qti(_qti(parent, "setOutcomeValue", identifier=FEEDBACK), "baseValue", verdict, baseType="identifier")


def _feedback(item: Element, question: Question) -> None:
    for verdict, spans in (("correct", question.feedback_correct), ("incorrect", question.feedback_incorrect)):
        if plain(spans):
            feedback = _qti(item, "modalFeedback", outcomeIdentifier=FEEDBACK, identifier=verdict, showHide="show")
            add_spans(feedback, spans)


def build_item(question: Question, language: str) -> bytes:
    """Return the ``assessmentItem`` XML of one question."""
    item = etree.Element(f"{{{QTI_NS}}}assessmentItem", nsmap={None: QTI_NS, "xsi": XSI_NS})
    item.set(f"{{{XSI_NS}}}schemaLocation", ITEM_SCHEMA)
    item.set("identifier", qti_identifier(question.id))
    item.set("title", clip_title(question_name(question)))
    if question.generated:
        item.set("label", GENERATED_TAG)
    item.set("adaptive", "false")
    item.set("timeDependent", "false")
    item.set(f"{{{XML_NS}}}lang", language)
    _declarations(item, question)
    _body(item, question)
    _processing(item, question)
    _feedback(item, question)
    return serialize(item)


def item_path(question: Question) -> str:
    """Return the package path of a question's item: ``items/<identifier>.xml``."""
    return f"items/{qti_identifier(question.id)}.xml"


def build_manifest(course: Course, questions: list[Question]) -> bytes:
    """Return ``imsmanifest.xml`` in the QTIv2.1 Package profile: one item resource per question."""
    root = etree.Element(f"{{{IMSCP_NS}}}manifest", nsmap={None: IMSCP_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", MANIFEST_SCHEMA)
    root.set("identifier", qti_identifier(f"manifest-{course.id}"))
    metadata = _cp(root, "metadata")
    _cp(metadata, "schema", "QTIv2.1 Package")
    _cp(metadata, "schemaversion", "1.0.0")
    _cp(root, "organizations")
    resources = _cp(root, "resources")
    for question in questions:
        href = item_path(question)
        resource = _cp(resources, "resource", identifier=qti_identifier(f"res-{question.id}"),
                       type="imsqti_item_xmlv2p1", href=href)
        _cp(resource, "file", href=href)
    return serialize(root)


def build_package(course: Course) -> dict[str, bytes]:
    """Return every entry of the QTI package (path -> bytes): the manifest and one item per question."""
    questions = [entry.question for entry in bank_entries(course)]
    language = course.language or "en"
    entries = {item_path(question): build_item(question, language) for question in questions}
    entries[MANIFEST_NAME] = build_manifest(course, questions)
    return entries


class QtiPackager:
    """Writes ``NAME-qti.zip``: an IMS QTI 2.1 content package of the course's questions."""

    name = "qti"
    description = "question bank as an IMS QTI 2.1 package (knowledge checks only)"
    targets: tuple[TargetKind, ...] = ("zip", "folder")

    def package(self, course: Course, target: Target, options: ConvertOptions) -> Result[Path] | Result[None]:
        """Write the package atomically and return its path; nothing for a course without questions."""
        if not course.questions:
            return no_questions(course, target, "QTI 2.1")
        return Result(write_target(target, build_package(course), first=(MANIFEST_NAME,)))
