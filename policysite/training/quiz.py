"""The self-test (自测题) of a document: questions built only from facts the data holds.

Four kinds, each answered by one clause:

* ``role`` — which body leads / supports / oversees the measure of a sentence (the body is
  blanked); choices are the right body and bodies of the same level from the registry;
* ``cloze`` — the mechanism or term (with a definition) missing from a clause sentence;
* ``heading`` / ``number`` — which clause is 「健全激励保障机制」, or what clause （十八） is about;
* ``modal`` — true or false: the blanked word of an obligation is 应当 / 不得 / 可以 ….

No question the data does not support: bodies found only as 提及 (or 对象), generic bodies
(level ``generic``: 有关部门, 各地), terms without a definition and entities an editor suppressed
are never asked about; a distractor is never a right answer (nothing named in the sentence, no
alias of the answer).  The same data gives the same quiz: every choice is ranked by a hash seeded
with the document id, not by :mod:`random`.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

from policysite.extract.lexicon import Lexicon
from policysite.library import Library
from policysite.model import MODALS, Document
from policysite.training.facts import Sentence, Unit, lexicon_of, units

BLANK = "＿＿＿＿"
LETTERS = "ABCDEFGH"
KIND_LABELS = {
    "role": "谁来负责",
    "cloze": "填空",
    "heading": "条款标题",
    "number": "条款序号",
    "modal": "判断对错",
}
ROLE_VERBS = {"lead": "牵头负责", "support": "配合", "oversight": "指导监督"}
TRUE_FALSE = ("对", "错")
# At most this many questions of each kind per document (spread over the clauses).
PER_KIND = {"role": 6, "cloze": 6, "heading": 3, "number": 2, "modal": 5}
MAX_CHOICES = 4
MIN_CHOICES = 3


@dataclass(frozen=True)
class Question:
    id: str  # q1, q2 … in the order of the quiz
    kind: str  # role | cloze | heading | number | modal
    prompt: str
    quote: str | None  # the sentence with the blank, when there is one
    choices: tuple[str, ...]
    answer: int  # index into choices
    clause: str  # node id of the clause that answers it (its anchor)
    clause_label: str
    clause_text: str  # what the reader sees after answering
    source: str  # the sentence as written (or the heading), for the answer key
    note: str | None = None  # a term's definition

    @property
    def answer_text(self) -> str:
        return self.choices[self.answer]


@dataclass(frozen=True)
class Quiz:
    document: Document
    questions: tuple[Question, ...]

    @property
    def version(self) -> str:
        """A short hash of the questions: saved answers of another version are dropped."""
        raw = "\n".join([f"{self.document.id}|{self.document.title}", *(
            f"{q.id}|{q.prompt}|{q.quote}|{'|'.join(q.choices)}|{q.answer}"
            for q in self.questions)])
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:12]


def build_quiz(doc: Document, library: Library, lexicon: Lexicon | None = None,
               found: list[Unit] | None = None) -> Quiz:
    """The quiz of ``doc``: candidates of every kind, a spread of them chosen by a hash seeded
    with the document id, in reading order."""
    lexicon = lexicon or lexicon_of(library)
    found = units(doc, lexicon) if found is None else found
    order = {u.anchor: i for i, u in enumerate(found)}
    for i, u in enumerate(found):  # an article's paragraphs (linked by their own anchor)
        for sentence in u.sentences:
            order.setdefault(sentence.node.id, i)
    seed = doc.id
    chosen: list[tuple[int, int, Question]] = []
    makers = {
        "role": _role_questions(
            found, library, seed,
            (_document_place(doc, library), _document_place(doc, library, local=True))),
        "cloze": _cloze_questions(found, library, seed),
        "heading": _heading_questions(found, seed, "heading"),
        "number": _heading_questions(found, seed, "number"),
        "modal": _modal_questions(found, lexicon, seed),
    }
    taken: set[str] = set()  # sentences already asked about
    for kind, candidates in makers.items():
        picked = _spread(list(candidates), PER_KIND[kind], seed + kind, taken)
        for rank, question in enumerate(picked):
            taken.add(question.source)
            chosen.append((order.get(question.clause, 0), list(makers).index(kind) * 100 + rank,
                           question))
    chosen.sort(key=lambda item: (item[0], item[1]))
    questions = tuple(
        _renumber(question, i + 1) for i, (_, _, question) in enumerate(chosen)
    )
    return Quiz(doc, questions)


def to_dict(quiz: Quiz) -> dict:
    """The quiz as plain data (``policysite quiz DOC_ID`` prints it as YAML)."""
    return {
        "document": quiz.document.id,
        "title": quiz.document.title,
        "version": quiz.version,
        "questions": [
            {
                "id": q.id,
                "kind": q.kind,
                "clause": q.clause,
                "clause_label": q.clause_label,
                "prompt": q.prompt,
                **({"quote": q.quote} if q.quote else {}),
                "choices": list(q.choices),
                "answer": q.answer_text,
                **({"note": q.note} if q.note else {}),
                "source": q.source,
            }
            for q in quiz.questions
        ],
    }


CSV_COLUMNS = ("编号", "题型", "题目", "引文", "选项", "答案", "条款", "条款编号", "依据原文")


def to_csv(quiz: Quiz) -> bytes:
    """UTF-8 with BOM (Excel reads the Chinese), one question a row, choices as A. … B. …"""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for q in quiz.questions:
        writer.writerow([
            q.id, KIND_LABELS[q.kind], q.prompt, q.quote or "",
            "  ".join(f"{LETTERS[i]}. {c}" for i, c in enumerate(q.choices)),
            f"{LETTERS[q.answer]}. {q.answer_text}", q.clause_label, q.clause, q.source,
        ])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_anki(quiz: Quiz, link: str | None = None) -> bytes:
    """An Anki deck (.apkg, made with genanki): one note a question, the answer and the clause on
    the back.  Ids, note guids and timestamps are fixed, so the same quiz gives the same bytes."""
    import genanki

    from policysite.training.anki import MODEL_CSS, package_bytes

    model = genanki.Model(
        _int_id("policysite-quiz-model"),
        "policysite 自测题",
        fields=[{"name": "题目"}, {"name": "选项"}, {"name": "答案"}, {"name": "依据"}],
        templates=[{
            "name": "自测题",
            "qfmt": "<div class=q>{{题目}}</div><div class=c>{{选项}}</div>",
            "afmt": "{{FrontSide}}<hr id=answer><div class=a>{{答案}}</div>"
                    "<div class=s>{{依据}}</div>",
        }],
        css=MODEL_CSS,
    )
    deck = genanki.Deck(_int_id(f"policysite-quiz:{quiz.document.id}"),
                        f"自测题::{quiz.document.title}")
    for q in quiz.questions:
        front = _esc(q.prompt) + (f"<blockquote>{_esc(q.quote)}</blockquote>" if q.quote else "")
        choices = "<br>".join(f"{LETTERS[i]}. {_esc(c)}" for i, c in enumerate(q.choices))
        back = f"正确答案：{LETTERS[q.answer]}. {_esc(q.answer_text)}"
        if q.note:
            back += f"<br>{_esc(q.note)}"
        basis = f"{_esc(q.clause_label)}<br>{_esc(q.clause_text)}"
        if link:
            basis += f"<br>{_esc(link)}#{_esc(q.clause)}"
        deck.add_note(genanki.Note(
            model=model, fields=[front, choices, back, basis],
            guid=genanki.guid_for(quiz.document.id, q.id, q.prompt, q.quote or ""),
        ))
    return package_bytes(genanki.Package(deck))


# -- candidates --------------------------------------------------------------------------------
def _role_questions(found: list[Unit], library: Library, seed: str,
                    place: tuple[str | None, str | None]) -> Iterable[Question]:
    if library.registry is None:
        return
    pools = _pools(library)
    in_document = {m.id for u in found for s in u.sentences for m in s.mentions
                   if m.kind == "body"}
    for unit in found:
        asked: set[str] = set()
        # bodies named anywhere in the clause are never wrong answers about it
        in_unit = [m for s in unit.sentences for m in s.mentions if m.kind == "body"]
        in_unit += [m for m in unit.node.mentions if m.kind == "body"]
        ids = {m.id for m in in_unit}
        for sentence in unit.sentences:
            for mention in sentence.mentions:
                if mention.kind != "body" or mention.role not in ROLE_VERBS:
                    continue
                entry = _usable_body(library, mention.id)
                if entry is None or entry.id in asked:
                    continue
                named = {m.text for m in in_unit} | {entry.name}

                def wrong(e, named=named, ids=ids, text=unit.text) -> bool:
                    return (e.id not in ids and not _appears(e, text)
                            and not any(_same_body(e.name, name) for name in named))

                key = seed + sentence.text
                distractors: list[str] = []
                for tier in _body_tiers(pools, entry, place[0], place[1], in_document):
                    for same_type in (True, False):
                        distractors += _pick(
                            tier, key,
                            lambda e, t=entry.type, s=same_type: (not s or e.type == t)
                            and wrong(e),
                            MAX_CHOICES - 1 - len(distractors), distractors, distinct=True)
                if len(distractors) < MIN_CHOICES - 1:
                    continue
                asked.add(entry.id)
                quote = _blank(sentence, [m for m in sentence.mentions
                                          if m.kind == "body" and m.id == mention.id])
                yield _question(
                    "role", unit, seed, sentence=sentence,
                    prompt=f"{unit.label}：下面这句话中，空格处{ROLE_VERBS[mention.role]}的是？",
                    quote=quote, answer=entry.name, distractors=distractors,
                    source=sentence.text,
                )


def _cloze_questions(found: list[Unit], library: Library, seed: str) -> Iterable[Question]:
    if library.registry is None:
        return
    pools = _pools(library)
    in_document = {m.id for u in found for s in u.sentences for m in s.mentions}
    near_by_kind = {  # the document's own entities first, in the pool's order
        kind: [pool[i] for i in sorted(pools.places[kind][x] for x in in_document
                                       if x in pools.places[kind])]
        for kind, pool in pools.kinds.items()
    }
    for unit in found:
        for sentence in unit.sentences:
            for mention in sentence.mentions:
                if mention.kind not in ("mechanism", "term"):
                    continue
                entry = library.entity(mention.kind, mention.id)
                if entry is None or entry.suppressed or entry.merged_into:
                    continue
                if mention.kind == "term" and not entry.definition:
                    continue  # no definition: the data does not say what the term means
                answer = mention.text

                def wrong(e, entry=entry, answer=answer, text=sentence.text) -> bool:
                    return (e.id != entry.id and not _appears(e, text)
                            and answer not in (e.name, *e.aliases)
                            and e.name not in answer and answer not in e.name)

                pool = pools.kinds[mention.kind]
                distractors = _pick(near_by_kind[mention.kind], seed + answer, wrong)
                distractors += _pick(pool, seed + answer, wrong,
                                     MAX_CHOICES - 1 - len(distractors), distractors, distinct=True)
                if len(distractors) < MIN_CHOICES - 1:
                    continue
                what = "机制（制度）" if mention.kind == "mechanism" else "术语"
                quote = _blank(sentence, [m for m in sentence.mentions if m.text == answer])
                yield _question(
                    "cloze", unit, seed, sentence=sentence,
                    prompt=f"{unit.label}：下面这句话中，空格处应是哪个{what}？",
                    quote=quote, answer=answer, distractors=distractors,
                    source=sentence.text,
                    note=f"{entry.name}：{entry.definition}" if mention.kind == "term" else None,
                )


def _heading_questions(found: list[Unit], seed: str, direction: str) -> Iterable[Question]:
    headed = [u for u in found if u.heading and u.node.heading]
    for unit in headed:
        peers = [u for u in headed if u.node.kind == unit.node.kind and u is not unit
                 and u.heading != unit.heading and u.number != unit.number]
        if direction == "heading":
            answer = unit.number
            distractors = _rank([u.number for u in peers], seed + unit.anchor)
            prompt = f"「{unit.heading}」是本文件的哪一条？"
        else:
            answer = unit.heading or ""
            distractors = _rank([u.heading or "" for u in peers], seed + unit.anchor)
            prompt = f"本文件的「{unit.number}」讲的是什么？"
        distractors = [d for d in dict.fromkeys(distractors) if d and d != answer]
        if len(distractors) < MIN_CHOICES - 1:
            continue
        yield _question(direction, unit, seed, prompt=prompt, quote=None, answer=answer,
                        distractors=distractors, source=_as_written(unit))


def _as_written(unit: Unit) -> str:
    """The unit's label with its heading as the document writes it (附\u3000\u3000则)."""
    raw = (unit.node.heading or "").rstrip("。.").strip()
    return unit.label.replace(unit.heading, raw) if unit.heading and raw else unit.label


def _modal_questions(found: list[Unit], lexicon: Lexicon, seed: str) -> Iterable[Question]:
    for unit in found:
        for sentence in unit.sentences:
            if sentence.modal is None:
                continue
            spots = _modal_spots(sentence.text, lexicon)
            if len(spots) != 1:
                continue  # two modal words: a blank would be ambiguous
            start, end, modal = spots[0]
            if modal != sentence.modal:
                continue
            absent = [m for m in MODALS if m != modal
                      and not any(w in sentence.text for w in _surfaces(m, lexicon))]
            claims_true = _hash(seed + sentence.text) % 2 == 0 or not absent
            claim = modal if claims_true else _rank(absent, seed + sentence.text)[0]
            quote = sentence.text[:start] + BLANK + sentence.text[end:]
            written = sentence.text[start:end]
            yield Question(
                id="", kind="modal",
                prompt=f"{unit.label}：判断对错——下面这句话空格处的要求是「{claim}」。",
                quote=quote.strip(), choices=TRUE_FALSE, answer=0 if claims_true else 1,
                clause=_anchor(unit, sentence), clause_label=unit.label,
                clause_text=_clause_text(unit),
                source=sentence.text.strip(),
                note=f"原文是「{written}」（{modal}）。",
            )


# -- helpers -----------------------------------------------------------------------------------
def _anchor(unit: Unit, sentence: Sentence | None) -> str:
    """The anchor a question links to: the unit's, or the paragraph of the sentence when it is
    not inside the unit's node (an article whose heading the parser left as a paragraph)."""
    if sentence is None or sentence.node is unit.node or sentence.node in unit.node.children:
        return unit.anchor
    return sentence.node.id


def _question(kind: str, unit: Unit, seed: str, *, prompt: str, quote: str | None, answer: str,
              distractors: list[str], source: str, note: str | None = None,
              sentence: Sentence | None = None) -> Question:
    choices = [answer, *distractors[: MAX_CHOICES - 1]]
    choices = _rank(choices, seed + prompt + (quote or ""))
    return Question(
        id="", kind=kind, prompt=prompt, quote=quote, choices=tuple(choices),
        answer=choices.index(answer), clause=_anchor(unit, sentence), clause_label=unit.label,
        clause_text=_clause_text(unit), source=source.strip(), note=note,
    )


def _renumber(question: Question, n: int) -> Question:
    from dataclasses import replace

    return replace(question, id=f"q{n}")


def _clause_text(unit: Unit) -> str:
    return unit.text.strip() or unit.label


def _usable_body(library: Library, entity_id: str):
    """The registry entry of a body a question may be about: not generic, not suppressed."""
    entry = library.entity("body", entity_id)
    if entry is None or entry.suppressed or entry.merged_into or entry.level in (None, "generic"):
        return None
    if any(word in entry.name for word in _COLLECTIVE):
        return None
    return entry


# Words that make a body name a collective or an unnamed one (各区, 有关部门, 相关单位): the
# registry may give them a level, but no clause can say which office that is.
_COLLECTIVE = ("有关", "相关", "各")
# Parts of a body's name that do not tell two bodies apart (市政府 = 市人民政府 = 北京市人民政府).
_NOT_DISTINCT = ("中华人民共和国", "中共", "北京", "人民", "级", "本", "各")
_SAME_AS = {"中央人民政府": "国务院"}  # two names of one body
_BRACKETED = re.compile(r"[（(][^）)]*[）)]")


def _core(name: str) -> str:
    """The part of a body's name that tells it from others (村（居）民委员会 → 村民委员会)."""
    core = _BRACKETED.sub("", name)
    core = _SAME_AS.get(core, core)
    place = _PLACE_OF_NAME.match(core)
    if place and len(core) > place.end():
        core = core[place.end():]  # 上海市人民政府 / 市政府
    for word in _NOT_DISTINCT:
        core = core.replace(word, "")
    return core


def _same_body(a: str, b: str) -> bool:
    """Two names that may be the same body (one core holds the other), so one of them cannot be
    a wrong answer when the other is right: 市政府/北京市人民政府, 村（居）民委员会/居民委员会."""
    pairs = zip(_cores(a), _cores(b), strict=True)
    return any(bool(x and y) and (x in y or y in x) for x, y in pairs)


@functools.lru_cache(maxsize=65536)
def _cores(name: str) -> tuple[str, str]:
    return _core(name), _core(_unbracket(name))


def _unbracket(name: str) -> str:
    return "".join(c for c in name if c not in "（）()")


def _appears(entry, text: str) -> bool:
    """The entity (by name, key or alias) is written in ``text``: it cannot be a wrong answer."""
    return any(name and name in text for name in (entry.name, entry.key, *entry.aliases))


def _blank(sentence: Sentence, mentions: list) -> str:
    text = sentence.text
    spans = sorted({sentence.offset(m) for m in mentions}, reverse=True)
    for start, end in spans:
        text = text[:start] + BLANK + text[end:]
    for m in mentions:  # the same words written again without a mention
        text = text.replace(m.text, BLANK)
    return text.strip()


def _surfaces(modal: str, lexicon: Lexicon) -> tuple[str, ...]:
    return tuple(lexicon.modals.get(modal, (modal,)))


def _modal_spots(text: str, lexicon: Lexicon) -> list[tuple[int, int, str]]:
    """Every modal word in ``text`` (longest first, outside the not-modal words)."""
    masked = text
    for word in sorted(lexicon.not_modal, key=len, reverse=True):
        masked = masked.replace(word, "\x00" * len(word))
    words = sorted(((w, m) for m in MODALS for w in _surfaces(m, lexicon)),
                   key=lambda wm: -len(wm[0]))
    spots: list[tuple[int, int, str]] = []
    taken = [False] * len(masked)
    for word, modal in words:
        start = masked.find(word)
        while start != -1:
            if not any(taken[start:start + len(word)]):
                spots.append((start, start + len(word), modal))
                for i in range(start, start + len(word)):
                    taken[i] = True
            start = masked.find(word, start + 1)
    return sorted(spots)


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def _int_id(text: str) -> int:
    """A stable id for Anki (in 1 … 2**31)."""
    return _hash(text) % (2**31 - 1) + 1


@dataclass(frozen=True)
class _Pools:
    """Registry entries a wrong choice may come from, each list in a fixed hashed order."""

    bodies: dict[str | None, list]  # usable bodies by level (plausible names only)
    body_places: dict[str, str | None]  # body id → the city or province its name starts with
    body_locals: dict[str, str | None]  # body id → its place with the district (上海市静安区)
    kinds: dict[str, list]  # mechanisms, and terms with a definition
    places: dict[str, dict[str, int]]  # kind → id → index in kinds[kind]


_POOLS: list = []  # [(registry, pools)]: built once per registry, not once per document


def _pools(library: Library) -> _Pools:
    registry = library.registry
    assert registry is not None  # the question makers return early without a registry
    if _POOLS and _POOLS[0][0] is registry:
        return _POOLS[0][1]
    order = lambda e: (_hash(f"pool\x00{e.id}"), e.id)  # noqa: E731
    bodies: dict[str | None, list] = {}
    body_places: dict[str, str | None] = {}
    body_locals: dict[str, str | None] = {}
    for e in sorted(registry.of_kind("body"), key=order):
        if _usable_body(library, e.id) is e and _plausible(e):
            bodies.setdefault(e.level, []).append(e)
            body_places[e.id] = _place_of(e.name, library)
            body_locals[e.id] = _place_of(e.name, library, local=True)
    kinds = {
        kind: [e for e in sorted(registry.of_kind(kind), key=order)
               if not e.suppressed and not e.merged_into and (kind != "term" or e.definition)]
        for kind in ("mechanism", "term")
    }
    places = {kind: {e.id: i for i, e in enumerate(pool)} for kind, pool in kinds.items()}
    pools = _Pools(bodies, body_places, body_locals, kinds, places)
    _POOLS[:] = [(registry, pools)]
    return pools


# -- distractor bodies: the document's own jurisdiction first --------------------------------
NATIONAL = "中央"  # the registry's level of central bodies (国务院, 财政部, 国家文物局)
_PLACE_OF_NAME = re.compile(r"^(?P<place>[\u4e00-\u9fff]{2,3}?[省市县])(?!场)")
# 城乡 / 城镇 cut in two: 乡建设管理委 (of 住房城乡建设管理委) is no township's body; a
# township's own bodies are its government, party committee, congress and offices.
_TOWNSHIP_HEADS = ("人民政府", "政府", "党委", "人大", "人民代表大会", "办事处", "乡镇", "（镇）")


def _plausible(entry) -> bool:
    """An entry a reader would take for a real body: found with some confidence (high or
    medium), three characters at least, not a fragment cut out of a longer name."""
    name = entry.name
    if entry.confidence not in ("high", "medium") or len(name) < 3 or entry.is_class:
        return False
    # a name that starts with 乡/镇 but no township body: the end of 城乡/城镇
    return not (name[0] in "乡镇" and not name[1:].startswith(_TOWNSHIP_HEADS))


def _place_of(name: str, library: Library, local: bool = False) -> str | None:
    """The city or province a body's name starts with (上海市青浦区人民政府 → 上海市), else None
    (a central body, or a name written relative to its document: 区人民政府)."""
    from policysite.extract.jurisdiction import place_in

    lexicon = library.lexicon
    if lexicon is not None and lexicon.places:
        found = place_in([name], lexicon.compiled)
        if found is not None and found.city:
            return (found.prefix("local") or found.city) if local else found.city
    m = _PLACE_OF_NAME.match(name)  # a city the lexicon does not list: 临安市
    return m.group("place") if m else None


def _document_place(doc: Document, library: Library,
                    local: bool = False) -> str | None:
    """The city or province of the document's issuer (its issuers, else its title), None for a
    central document."""
    from policysite.extract.jurisdiction import document_place

    lexicon = library.lexicon
    if lexicon is not None and lexicon.places:
        found = document_place(doc, lexicon.compiled)
        if found is not None and found.city:
            return (found.prefix("local") or found.city) if local else found.city
    for text in (*doc.issuers, doc.title):
        if (text or "").startswith(("国务院", "中共中央", "中央", "国家", "中华人民共和国")):
            return None
        m = _PLACE_OF_NAME.match(text or "")
        if m:
            return m.group("place")
    return None


def _body_tiers(pools: _Pools, entry, place: str | None, local: str | None,
                in_document: set[str]) -> list[list]:
    """Where wrong bodies come from, best first: bodies of the same level and the same place
    (the same district first; the answer's place, else the document's); bodies written without
    a place that the document itself names; other bodies of the same place; then central
    bodies.  A local document never gets a body of another city; a central one (or a central
    answer) never gets a city's body unless the answer is one."""
    where = pools.body_places.get(entry.id) or (None if entry.level == NATIONAL else place)
    near = pools.body_locals.get(entry.id) if pools.body_places.get(entry.id) else local
    level = pools.bodies.get(entry.level, [])
    every = [e for group in pools.bodies.values() for e in group]
    every.sort(key=lambda e: (_hash(f"pool\x00{e.id}"), e.id))
    placeless = lambda e: pools.body_places.get(e.id) is None  # noqa: E731
    if where is None:  # a central document (or one without a place) asking about a body
        return [  # named without a place
            [e for e in level if placeless(e)],
            [e for e in every if placeless(e) and e.level == NATIONAL],
        ]
    return [
        [e for e in level if near != where and pools.body_locals.get(e.id) == near],
        [e for e in level if pools.body_places.get(e.id) == where],
        [e for e in level if placeless(e) and e.id in in_document],
        [e for e in every if pools.body_places.get(e.id) == where],
        [e for e in every if placeless(e) and e.level == NATIONAL],
    ]


def _pick(entries: list, seed: str, ok, k: int = MAX_CHOICES - 1,
          taken: list[str] | None = None, distinct: bool = False) -> list[str]:
    """Up to ``k`` names of ``entries`` that pass ``ok``, starting at a place fixed by ``seed``
    (a deterministic choice that looks at only as many entries as it needs)."""
    out: list[str] = []
    if not entries or k <= 0:
        return out
    start = _hash(seed) % len(entries)
    for i in range(len(entries)):
        e = entries[(start + i) % len(entries)]
        if e.name in out or e.name in (taken or ()):
            continue
        if distinct and any(_same_body(e.name, x) for x in (*out, *(taken or ()))):
            continue  # another name of a body already offered
        if ok(e):
            out.append(e.name)
            if len(out) == k:
                break
    return out


def _rank(items: list[str], seed: str) -> list[str]:
    """``items`` in an order fixed by ``seed`` (a shuffle that never changes between runs)."""
    return sorted(dict.fromkeys(items), key=lambda item: (_hash(f"{seed}\x00{item}"), item))


def _spread(candidates: list[Question], limit: int, seed: str, taken: set[str]) -> list[Question]:
    """Up to ``limit`` candidates, one per clause first, never two on the same sentence."""
    ranked = sorted(candidates, key=lambda q: (_hash(f"{seed}\x00{q.prompt}{q.quote}"), q.prompt))
    picked: list[Question] = []
    used_clauses: set[str] = set()
    used = set(taken)
    for first_pass in (True, False):
        for q in ranked:
            if len(picked) >= limit:
                return picked
            if q in picked or q.source in used or (first_pass and q.clause in used_clauses):
                continue
            picked.append(q)
            used.add(q.source)
            used_clauses.add(q.clause)
    return picked


def _esc(text: str) -> str:
    import html

    return html.escape(text, quote=True)
