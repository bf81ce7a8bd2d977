"""The trainer's outline (培训提纲), the study sheet (学习要点) and the projector slides
(讲解模式) of a document, as plain data.

Reading time is counted at :data:`CHARS_PER_MINUTE` characters a minute (Chinese characters,
letters and digits; punctuation and spaces are not read aloud); the suggested session is the
time to explain the text (:data:`EXPLAIN_FACTOR` × reading time) plus the self-test, rounded up
to a quarter of an hour.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from policysite.extract.lexicon import Lexicon
from policysite.library import Library
from policysite.model import Document
from policysite.training.facts import Sentence, Unit, units

CHARS_PER_MINUTE = 300
EXPLAIN_FACTOR = 2
QUIZ_MINUTES = 10
TOP_CLAUSES = 5
ROLE_ORDER = ("lead", "support", "oversight")


@dataclass(frozen=True)
class Section:
    unit: Unit
    chars: int
    minutes: int  # reading time, at least 1


@dataclass(frozen=True)
class Duty:
    """A sentence that gives a body a role: what the body must do."""

    unit: Unit
    sentence: Sentence
    role: str


@dataclass(frozen=True)
class BodyDuties:
    """One body — or several named together for the same duties (各地区、各部门) — and its
    duties."""

    ids: tuple[str, ...]
    names: tuple[str, ...]
    duties: tuple[Duty, ...]

    @property
    def name(self) -> str:
        return "、".join(self.names)


@dataclass(frozen=True)
class Term:
    id: str
    name: str
    definition: str
    first: Unit  # where the document first uses it
    count: int


@dataclass(frozen=True)
class Outline:
    document: Document
    sections: tuple[Section, ...]
    reading_minutes: int
    session_minutes: int
    busiest: tuple[tuple[Unit, int], ...]  # clauses with the most obligations, with the count
    terms: tuple[Term, ...]
    leads: tuple[BodyDuties, ...]


@dataclass(frozen=True)
class Slide:
    unit: Unit
    parts: tuple[tuple[str, str | None, str | None], ...]  # (text, mention kind, entity id)


def outline(
    doc: Document, library: Library, lexicon: Lexicon, found: list[Unit] | None = None
) -> Outline:
    """The outline of ``doc`` (``found``: its :func:`units`, when the caller has them)."""
    found = units(doc, lexicon) if found is None else found
    sections = tuple(_sections(found))
    # the whole text's characters, not the sum of rounded-up sections (twenty one-line
    # articles are not twenty minutes)
    reading = minutes(sum(s.chars for s in sections))
    session = _quarter(reading * EXPLAIN_FACTOR + QUIZ_MINUTES)
    busiest = sorted(
        ((u, len(u.obligations)) for u in found if u.obligations),
        key=lambda pair: -pair[1],
    )[:TOP_CLAUSES]
    return Outline(doc, sections, reading, session, tuple(busiest), tuple(terms(found, library)),
                   tuple(lead_duties(found, library)))


def reading_chars(text: str) -> int:
    """Characters read aloud: letters, digits and CJK ideographs (not punctuation or spaces)."""
    return sum(1 for c in text if c.isalnum())


def minutes(chars: int) -> int:
    return max(1, math.ceil(chars / CHARS_PER_MINUTE)) if chars else 0


def terms(found: list[Unit], library: Library) -> list[Term]:
    """Terms the document uses that the glossary defines, most used first (then first use)."""
    seen: dict[str, list] = {}
    for unit in found:
        for sentence in unit.sentences:
            for m in sentence.mentions:
                if m.kind == "term":
                    seen.setdefault(m.id, [unit, 0])[1] += 1
        for m in unit.node.mentions:  # terms in a heading
            if m.kind == "term" and m.field == "heading":
                seen.setdefault(m.id, [unit, 0])[1] += 1
    out = []
    for order, (term_id, (unit, count)) in enumerate(seen.items()):
        entry = library.entity("term", term_id)
        if entry is None or entry.suppressed or not entry.definition:
            continue
        out.append((-count, order, Term(term_id, entry.name, entry.definition, unit, count)))
    return [t for _, _, t in sorted(out, key=lambda x: (x[0], x[1]))]


def lead_duties(found: list[Unit], library: Library) -> list[BodyDuties]:
    """Each body that leads something in the document, with every sentence that gives it a
    role, in reading order; bodies with the most duties first."""
    duties: dict[str, list[Duty]] = {}
    leads: set[str] = set()
    for unit in found:
        for sentence in unit.sentences:
            for m in sentence.mentions:
                if m.kind != "body" or m.role not in ROLE_ORDER:
                    continue
                entry = library.entity("body", m.id)
                if entry is None or entry.suppressed:
                    continue
                if m.role == "lead":
                    leads.add(m.id)
                listed = duties.setdefault(m.id, [])
                if not any(d.sentence is sentence for d in listed):
                    listed.append(Duty(unit, sentence, m.role))
    groups: dict[tuple, list[str]] = {}
    for body_id, listed in duties.items():
        if body_id in leads:
            signature = tuple((d.unit.anchor, d.sentence.start, d.role) for d in listed)
            groups.setdefault(signature, []).append(body_id)
    out = []
    for ids in groups.values():
        names = tuple(e.name for i in ids if (e := library.entity("body", i)) is not None)
        out.append(BodyDuties(tuple(ids), names, tuple(duties[ids[0]])))
    return sorted(out, key=lambda b: (-len(b.duties), b.name))


def slides(doc: Document, lexicon: Lexicon, found: list[Unit] | None = None) -> list[Slide]:
    """One slide per unit that has text, or a heading (a section title slide)."""
    out = []
    for unit in units(doc, lexicon) if found is None else found:
        parts: list[tuple[str, str | None, str | None]] = []
        for sentence in unit.sentences:
            parts.extend(highlighted(sentence))
        if parts or unit.heading:
            out.append(Slide(unit, tuple(parts)))
    return out


def highlighted(sentence: Sentence) -> list[tuple[str, str | None, str | None]]:
    """The sentence cut into plain text and mentions of bodies, mechanisms and terms."""
    text = sentence.text
    marks = sorted(
        (m for m in sentence.mentions if m.kind in ("body", "mechanism", "term")),
        key=lambda m: (m.start, -(m.end - m.start)),
    )
    out: list[tuple[str, str | None, str | None]] = []
    pos = 0
    for m in marks:
        start, end = sentence.offset(m)
        if start < pos:
            continue  # overlapping: the earlier, longer one wins
        if start > pos:
            out.append((text[pos:start], None, None))
        out.append((text[start:end], m.kind, m.id))
        pos = end
    if pos < len(text):
        out.append((text[pos:], None, None))
    return out


# -- private -----------------------------------------------------------------------------------
def _sections(found: list[Unit]):
    """Top-level units in order, each with the reading time of everything under it; runs of
    unnumbered paragraphs count as one section."""
    groups: list[list[Unit]] = []
    for unit in found:
        if unit.depth == 0 and not (
            groups and unit.node.kind == "paragraph" and groups[-1][0].node.kind == "paragraph"
        ):
            groups.append([unit])
        elif groups:
            groups[-1].append(unit)
    for group in groups:
        head = group[0]
        chars = sum(reading_chars((u.heading or "") + u.text) for u in group)
        yield Section(head, chars, minutes(chars))


def _quarter(total: int) -> int:
    return max(15, math.ceil(total / 15) * 15)
