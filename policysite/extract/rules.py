"""The compiled lexicon: every regex and word list the extractors need, built once.

A :class:`Rules` is made from a :class:`~policysite.extract.lexicon.Lexicon` and the body names
editors taught through curation (aliases, renamed and added bodies).  Each extractor reads what it
needs from it (``rules.bodies``, ``rules.citation_issuers`` …); each part is compiled the first
time it is read and kept for as long as the object lives.  ``extract_library`` builds one per run;
``lexicon.compiled`` is the one with no taught names, kept on the lexicon itself.

>>> from policysite.extract.lexicon import Lexicon
>>> lex = Lexicon(mechanism_suffixes=("机制",))
>>> Rules.of(lex) is lex.compiled is Rules.of(lex, {})
True
>>> bool(Rules.of(lex).mechanism_suffix.search("容错纠错机制"))
True
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from policysite.extract.hit import alternation, longest_first
from policysite.extract.lexicon import Lexicon
from policysite.extract.marks import COLONS, cls
from policysite.extract.words import split, teach
from policysite.model import DUTY_MODALS, MODALS

# Modals whose object is a body, not a verb phrase (鼓励企业参与).
OBJECT_MODALS = ("鼓励",)

if TYPE_CHECKING:
    from policysite.extract.bodies import BodyRules


@dataclass(frozen=True, eq=False)
class Rules:
    """The compiled form of ``lexicon`` plus ``taught`` names (written → (level, type, name))."""

    lexicon: Lexicon
    taught: Mapping[str, tuple[str, str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        teach(self.lexicon.vocabulary)  # words the lexicon's lists compare with jieba's words
        split(self.lexicon.split_words)  # jieba's words that are two (符合国家)

    @classmethod
    def of(
        cls, lexicon: Lexicon, taught: Mapping[str, tuple[str, str, str]] | None = None
    ) -> Rules:
        """The rules for ``lexicon`` and ``taught``; without taught names, the lexicon's own."""
        if not taught:
            return lexicon.compiled
        return cls(lexicon, dict(taught))

    @cached_property
    def predicate_modals(self) -> tuple[str, ...]:
        """The modal words the clause's verb follows (应当 + 核验), longest first: the modals but
        those that take a body as object (鼓励企业参与), and the other words of 必须 and 应当 in
        ``roles.yml`` (须, 应; not 禁止 or 可, which stand before objects too)."""
        modals = self.lexicon.modals
        return longest_first((*(m for m in MODALS if m not in OBJECT_MODALS),
                              *(w for m in DUTY_MODALS[:2] for w in modals.get(m, ()))))

    @cached_property
    def duty_modal_words(self) -> frozenset[str]:
        """The words of the modals of a duty (必须 … 不得, with their words in ``roles.yml``)."""
        return frozenset(w for m in DUTY_MODALS for w in self.lexicon.modals.get(m, (m,)))

    @cached_property
    def bodies(self) -> BodyRules:
        from policysite.extract.bodies import BodyRules

        return BodyRules.of(self.lexicon, self.taught)

    @cached_property
    def citation_issuers(self) -> re.Pattern:
        """A known body name at the end of a string (the issuer written before 《…》)."""
        names = set(self.lexicon.known_bodies) | set(self.taught)
        return re.compile(f"(?:{alternation(names)})$")

    @cached_property
    def unmarked_before(self) -> re.Pattern:
        return re.compile(alternation(self.lexicon.unmarked_before))

    @cached_property
    def mechanism_suffix(self) -> re.Pattern:
        return re.compile(f"(?:{alternation(self.lexicon.mechanism_suffixes)})")

    @cached_property
    def role_labels(self) -> re.Pattern:
        return re.compile(f"(?P<label>{alternation(self.lexicon.role_markers)}){cls(COLONS)}")

    @cached_property
    def class_heads(self) -> re.Pattern:
        lex = self.lexicon
        return re.compile(alternation((*lex.class_heads, *lex.named_heads, *lex.actor_heads)))

    @cached_property
    def name_verbs(self) -> frozenset[str]:
        """Verbs that may stand inside the name of one body (认定 of 责任人认定委员会)."""
        return frozenset(self.lexicon.name_verbs)

    @cached_property
    def stems_longest_first(self) -> tuple[str, ...]:
        """The body stems (民政, 发展改革 …), longest first: the longest that ends a word wins."""
        return tuple(sorted(set(self.lexicon.stems), key=len, reverse=True))

    @cached_property
    def class_verbs(self) -> frozenset[str]:
        """Tasks that may describe a class after a noun (承担 of 项目承担单位)."""
        return frozenset(self.lexicon.class_verbs)

    @cached_property
    def modifier_verbs(self) -> frozenset[str]:
        """Verbs that describe like nouns before a class head (停车设施经营单位)."""
        return frozenset(self.lexicon.modifier_verbs)

    @cached_property
    def class_endings(self) -> tuple[str, ...]:
        """The heads a class of bodies ends with (单位, 机构, 企业, 学校 …)."""
        return (*self.lexicon.class_heads, *self.lexicon.actor_heads)

    @cached_property
    def class_verbs_longest_first(self) -> tuple[str, ...]:
        return tuple(sorted(self.lexicon.class_verbs, key=len, reverse=True))

    @cached_property
    def role_nouns(self) -> re.Pattern:
        return re.compile(alternation(self.lexicon.role_nouns))

    @cached_property
    def place(self) -> re.Pattern:
        """A place at the start of an issuer's name: 上海市 + 青浦区 (see ``jurisdiction``)."""
        from policysite.extract.jurisdiction import place_pattern

        return place_pattern(tuple(self.lexicon.places))

    @cached_property
    def role_words(self) -> tuple[str, ...]:
        """Every word of the roles' ``after`` lists (负责, 应当, 配合 …), longest first."""
        return longest_first(tuple(w for words in self.lexicon.after.values() for w in words))

    @cached_property
    def overseeing(self) -> re.Pattern:
        """X 的 (统一) 指导, 领导, 监督 …: after 在 or 接受 (``overseen_in``), X oversees."""
        lex = self.lexicon
        adverbs = f"(?:{alternation(lex.overseeing_adverbs)})?" if lex.overseeing_adverbs else ""
        return re.compile(f"的{adverbs}(?:{alternation(lex.overseeing) or '(?!)'})")

    @cached_property
    def list_tail(self) -> re.Pattern:
        """The 等 (有关) 单位 ending a list of bodies before its comma (…个体工商户等单位，应当)."""
        heads = f"(?:{alternation(self.lexicon.list_heads)})?" if self.lexicon.list_heads else ""
        return re.compile(f"等(?:有关|相关)?{heads}")

    @cached_property
    def class_not_in(self) -> frozenset[str]:
        """Words never inside a class name: the lexicon's list, the mechanisms' left edges (verbs
        such as 建立, 强化 that stand before a name) and the roles' verbs (支持, 配合, 负责)."""
        lex = self.lexicon
        return frozenset((*lex.class_not_in, *lex.left_edges, *lex.role_verbs))
