"""The extraction lexicon: the rules and word lists of ``data/lexicon/*.yml`` as one frozen value.

Editors extend the YAML files; :func:`lexicon_from_dict` turns their plain content (read by
:func:`policysite.build.read_lexicon`) into a :class:`Lexicon` and says which file and key is
wrong when one is.

>>> lex = lexicon_from_dict({"bodies": {"known": {"市民政局": {"level": "市", "type": "部门"}}}})
>>> lex.known_bodies["市民政局"]
('市', '部门')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from policysite.errors import DataError
from policysite.model import MODALS, ROLES

if TYPE_CHECKING:
    from policysite.extract.rules import Rules

LEXICON_FILES = ("bodies", "mechanisms", "citations", "terms", "roles")


@dataclass(frozen=True)
class Lexicon:
    """Word lists and rules for every extractor (see the comments in ``data/lexicon/*.yml``)."""

    # bodies
    levels: Mapping[str, str] = field(default_factory=dict)  # prefix → level
    places: tuple[str, ...] = ()
    party_prefix: str = ""
    party_organs: Mapping[str, str] = field(default_factory=dict)  # 组织部, 办 → 办公室 (区委办)
    open_types: tuple[str, ...] = ()
    open_max: int = 8
    open_not: tuple[str, ...] = ()
    level_words: tuple[str, ...] = ()
    collective_prefixes: tuple[str, ...] = ("各",)
    collective_words: tuple[str, ...] = ()
    place_types: tuple[str, ...] = ()
    stems: tuple[str, ...] = ()
    verb_stems: tuple[str, ...] = ()  # 组织: a verb before another stem (组织 | 兵役机关)
    types: Mapping[str, str] = field(default_factory=dict)  # suffix → type
    needs_level: tuple[str, ...] = ()
    type_not_before: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    body_names: Mapping[str, str] = field(default_factory=dict)  # written → canonical name
    official_aliases: Mapping[str, str] = field(default_factory=dict)  # 财政部: its long form
    known_bodies: Mapping[str, tuple[str, str]] = field(
        default_factory=dict
    )  # name → (level, type)
    body_stoplist: tuple[str, ...] = ()
    relative_prefixes: Mapping[str, str] = field(default_factory=dict)  # 市 → city, 区 → local
    long_forms: Mapping[str, str] = field(default_factory=dict)  # 政府 → 人民政府
    relative_not_before: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # 市: [场]
    not_body_endings: tuple[str, ...] = ()  # 文物保护单位: a designation, not a body
    organs: tuple[str, ...] = ()  # 常务委员会, 主席团: organs written after a congress
    short_tails: Mapping[str, str] = field(default_factory=dict)  # 人民代表大会 → 大会
    organ_owners: tuple[str, ...] = ()  # the body types that have them (人大, 政协)
    member_suffixes: tuple[str, ...] = ()  # 各委、办、局: a body's departments, as a class
    class_prefixes: tuple[str, ...] = ()  # 各, 有关 …: a class of bodies, not one body
    not_bodies: tuple[str, ...] = ()  # bare level or place words: 市, 区, 县
    class_heads: tuple[str, ...] = ()  # 单位, 部门, 机构: heads of classes named by their task
    named_heads: tuple[str, ...] = ()  # 委员会, 工作小组: the same, naming one body
    actor_heads: tuple[str, ...] = ()  # 企业, 学校, 博物馆: classes that may stand alone
    name_verbs: tuple[str, ...] = ()  # 认定, 评审: verbs inside the name of one body
    class_verbs: tuple[str, ...] = ()  # 承担: a task after a noun inside a class (项目承担单位)
    modifier_verbs: tuple[str, ...] = ()  # 停车: a verb describing like a noun (停车设施经营单位)
    name_words: tuple[str, ...] = ()  # 第三方, 长途: words that describe a class like nouns
    class_not_in: tuple[str, ...] = ()  # words never inside such a name (确定, 由, 应当 …)
    predicate_adverbs: tuple[str, ...] = ()  # 及时, 严格: before the verb after a modal
    unsplit_words: tuple[str, ...] = ()  # 城乡: no body starts inside these words
    area_words: tuple[str, ...] = ()  # 辖区: nor inside these, found there or not
    role_nouns: tuple[str, ...] = ()  # 牵头单位, 成员单位, 责任主体: bodies named by role
    police_branches: tuple[str, ...] = ()  # 区公安局: a branch of the city's bureau
    city_bodies: tuple[str, ...] = ()  # 消防救援总队: written bare, the city's own
    regions: tuple[str, ...] = ()  # 华东: a great region, no district (华东地区管理局)
    region_agencies: Mapping[str, str] = field(default_factory=dict)  # 民航 → 中国民用航空
    full_name_heads: tuple[str, ...] = ()  # 中心, 院, 有限公司: named after its place in full
    full_name_not_heads: tuple[str, ...] = ()  # 网站: ends like a head, names no institution
    full_name_max: int = 18
    generic_class_heads: tuple[str, ...] = ()  # 政府部门, 企业: a class head saying no more
    generic_class_words: tuple[str, ...] = ()  # 同一, 上述, 当地: words naming no bodies
    pronoun_persons: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # self: [我, 本]
    pronoun_bodies: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # 委: [委员会, 委]
    pronoun_places: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # 区: [区人民政府]
    # mechanisms
    mechanism_suffixes: tuple[str, ...] = ()
    left_edges: tuple[str, ...] = ()
    lead_verbs: tuple[str, ...] = ()  # 公布, 采用: never the first word of a mechanism's name
    # 建设: [单位, 用地]: a lead verb that starts a compound before these (建设用地审批制度)
    lead_verbs_not_before: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    handing_verbs: tuple[str, ...] = ()  # 向社会公布 | 名单: what 向 + a recipient is followed by
    title_suffixes: tuple[str, ...] = ()  # 技术规范: a name alone on its line is a standard's title
    split_words: tuple[str, ...] = ()  # 符合国家: jieba's words that glue a verb to a noun
    joiners: tuple[str, ...] = ()
    joined_max: int = 2
    not_before: tuple[str, ...] = ()
    owner_joiners: tuple[str, ...] = ()
    shared_prefixes: tuple[str, ...] = ()
    mechanism_stoplist: tuple[str, ...] = ()
    nominal_after: tuple[str, ...] = ()  # 情况: a verb before it is a noun's part, no edge
    mechanism_max_length: int = 16
    generic_heads: tuple[str, ...] = ()  # 管理 (规则), 申请 (程序): too generic with any suffix
    known_mechanisms: tuple[str, ...] = ()  # 管理规约: never generic
    joined_suffixes: tuple[str, ...] = ()  # 程序: a name only joined to a mechanism before it
    general_words: frozenset[str] = frozenset()  # 信息, 共享 (信息共享机制): a kind of mechanism
    suffix_heads: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # 档案: [诚信, …]
    suffix_not_after: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # 程序: [应用]
    item_not_endings: tuple[str, ...] = ()  # 证, 表: a document listed before a name, no item
    # citations
    unmarked_before: tuple[str, ...] = ()
    unmarked_endings: tuple[str, ...] = ()
    unmarked_after: tuple[str, ...] = ()
    unmarked_not_endings: tuple[str, ...] = ()
    unmarked_not_starting: tuple[str, ...] = ()
    unmarked_min: int = 3
    unmarked_max: int = 20
    # terms
    term_max_length: int = 20
    term_stoplist: tuple[str, ...] = ()
    # roles
    role_markers: Mapping[str, str] = field(default_factory=dict)  # label → role
    before: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # role → words
    after: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    acted_upon: tuple[str, ...] = ()
    sanctions: tuple[str, ...] = ()  # 由 X + 罚款/处罚/吊销 …: X oversees
    clause_breaks: tuple[str, ...] = ()
    overseen_in: tuple[str, ...] = ()  # 在 X 的指导下, 接受 X 的监督: X oversees
    overseeing: tuple[str, ...] = ()  # 指导, 领导, 监督 (after X 的)
    overseeing_adverbs: tuple[str, ...] = ()  # 统一, 统筹 (X 的统一领导)
    adverbials: tuple[str, ...] = ()  # 按照, 根据: a clause between a subject and its duty
    list_heads: tuple[str, ...] = ()  # 单位, 部门: the class word ending a list (…等单位，)
    modals: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # modal → synonyms
    not_modal: tuple[str, ...] = ()

    def stands_alone(self, word: str) -> bool:
        """Whether ``word`` names a body or a class of bodies by itself — a type (人民政府, 机关)
        or a class of actors (学校), or a name ending in a type of two characters or more
        (消防救援机构, 公安机关; not 部门 or 单位, the heads lists share) — so a list sharing a
        head does not give it that head."""
        return (word in self.types or word in self.actor_heads
                or (len(word) > 2 and word.endswith(self._own_type_endings)))

    @cached_property
    def role_verbs(self) -> frozenset[str]:
        """The verbs of the roles' lists (协助, 审核, 承担, 支持: ``before``, ``after``,
        ``acted_upon`` in ``roles.yml``): they govern a body, no name holds them."""
        return frozenset((*self.acted_upon,
                          *(w for lists in (self.before, self.after)
                            for words in lists.values() for w in words)))

    @cached_property
    def _own_type_endings(self) -> tuple[str, ...]:
        return tuple(t for t in self.types if len(t) >= 2 and not t.endswith(("部门", "单位")))

    @property
    def vocabulary(self) -> dict[str, str]:
        """Words of the lexicon's lists that jieba must cut and tag as one word: the verbs that
        describe a class (托育, 殡葬: verbal nouns) and the words that describe it like nouns
        (长途, 即时, 反恐怖主义: attributes)."""
        return {**{w: "vn" for w in self.modifier_verbs}, **{w: "b" for w in self.name_words}}

    @cached_property
    def compiled(self) -> Rules:
        """The compiled rules of this lexicon with no taught names, built once."""
        from policysite.extract.rules import Rules

        return Rules(self)


# The keys each lexicon file may have: a misspelt key would otherwise be ignored in silence.
LEXICON_KEYS = {
    "bodies": frozenset((
        "levels", "places", "party_prefix", "party_organs", "level_words", "collective_prefixes",
        "collective_words",
        "place_types", "stems", "verb_stems", "types", "needs_level", "open_types", "open_max",
        "open_not", "type_not_before", "known", "branches", "state_prefixed", "relative_prefixes",
        "relative_not_before", "not_body_endings", "organ_owners", "organs", "member_suffixes",
        "pronouns", "long_forms", "short_tails", "class_prefixes", "not_bodies", "class_heads",
        "unsplit_words", "area_words", "role_nouns", "named_heads", "name_verbs", "class_verbs",
        "modifier_verbs", "name_words", "actor_heads", "class_not_in", "predicate_adverbs",
        "police_branches", "city_bodies", "regions",
        "region_agencies", "full_name_heads", "full_name_not_heads", "full_name_max",
        "generic_class_heads", "generic_class_words", "stoplist")),
    "mechanisms": frozenset((
        "suffixes", "left_edges", "lead_verbs", "lead_verbs_not_before", "handing_verbs",
        "title_suffixes", "split_words", "joiners", "joined_max", "not_before", "owner_joiners",
        "shared_prefixes", "stoplist", "generic_heads", "general_words",
        "suffix_heads", "suffix_not_after", "known", "nominal_after", "max_length",
        "joined_suffixes", "item_not_endings")),
    "roles": frozenset((
        "markers", "before", "after", "acted_upon", "sanctions", "clause_breaks", "modals",
        "not_modal", "overseen_in", "overseeing", "overseeing_adverbs", "adverbials",
        "list_heads")),
    "terms": frozenset(("max_length", "stoplist")),
    "citations": frozenset((
        "unmarked_before", "unmarked_endings", "unmarked_after", "unmarked_not_endings",
        "unmarked_not_starting", "unmarked_min", "unmarked_max")),
}


def check_lexicon_keys(data: Mapping[str, Any]) -> None:
    """Raise :class:`DataError` for a lexicon file or key the extractor does not read."""
    for stem, content in data.items():
        if stem not in LEXICON_KEYS:
            raise DataError(f"data/lexicon/{stem}.yml", "unknown lexicon file; the files are "
                            + ", ".join(f"{k}.yml" for k in LEXICON_KEYS))
        for key in content or {}:
            if key not in LEXICON_KEYS[stem]:
                raise DataError(
                    f"data/lexicon/{stem}.yml",
                    f"unknown key {key!r}, which the extractor would ignore; the keys are "
                    + ", ".join(sorted(LEXICON_KEYS[stem])),
                    field=str(key),
                )


def lexicon_from_dict(data: Mapping[str, Mapping[str, Any]]) -> Lexicon:
    """A :class:`Lexicon` from ``{"bodies": {...}, "mechanisms": {...}, ...}`` (stem → content)."""
    check_lexicon_keys(data)
    bodies = data.get("bodies") or {}
    mech = data.get("mechanisms") or {}
    terms = data.get("terms") or {}
    cites = data.get("citations") or {}
    roles = data.get("roles") or {}
    pronouns = bodies.get("pronouns") or {}
    known = {}
    for name, attrs in (bodies.get("known") or {}).items():
        attrs = attrs or {}
        known[str(name)] = (str(attrs.get("level", "generic")), str(attrs.get("type", "部门")))
    body_names = {
        str(k): str(v["name"])
        for k, v in (bodies.get("known") or {}).items()
        if isinstance(v, Mapping) and v.get("name")
    }
    official_aliases = {}
    for prefix, listed in (bodies.get("state_prefixed") or {}).items():  # 中华人民共和国财政部
        for name in _words(listed):
            official_aliases[name] = str(prefix) + name
            known.setdefault(str(prefix) + name, known.get(name, ("中央", "部门")))
            body_names.setdefault(str(prefix) + name, name)
    for short, template in (bodies.get("branches") or {}).items():  # 上海证监局
        for place in _words(bodies.get("places")):
            known.setdefault(place + str(short), ("省", "部门"))
            body_names.setdefault(place + str(short), str(template).format(place=place))
    role_markers = {str(k): str(v) for k, v in (roles.get("markers") or {}).items()}
    for label, role in role_markers.items():
        _check_role("roles", f"markers.{label}", role)
    before = _role_lists(roles, "before")
    after = _role_lists(roles, "after")
    modals = {str(k): _words(v) for k, v in (roles.get("modals") or {}).items()}
    for modal in modals:
        if modal not in MODALS:
            raise DataError(
                "data/lexicon/roles.yml",
                f"unknown modal {modal!r}; the modals are {', '.join(MODALS)} (write synonyms as a "
                "list under one of them, e.g. 应当: [应当, 应])",
                field=f"modals.{modal}",
            )
    return Lexicon(
        levels={str(k): str(v) for k, v in (bodies.get("levels") or {}).items()},
        places=_words(bodies.get("places")),
        party_prefix=str(bodies.get("party_prefix") or ""),
        party_organs={str(k): str(v) for k, v in (bodies.get("party_organs") or {}).items()},
        open_types=_words(bodies.get("open_types")),
        open_max=int(bodies.get("open_max", 8)),
        open_not=_words(bodies.get("open_not")),
        level_words=_words(bodies.get("level_words")),
        collective_prefixes=_words(bodies.get("collective_prefixes", ["各"])),
        collective_words=_words(bodies.get("collective_words")),
        place_types=_words(bodies.get("place_types")),
        stems=_stems(bodies),
        verb_stems=_words(bodies.get("verb_stems")),
        types={str(k): str(v) for k, v in (bodies.get("types") or {}).items()},
        needs_level=_words(bodies.get("needs_level")),
        type_not_before={
            str(k): _words(v) for k, v in (bodies.get("type_not_before") or {}).items()
        },
        body_names=body_names,
        official_aliases=official_aliases,
        known_bodies=known,
        body_stoplist=_words(bodies.get("stoplist")),
        relative_prefixes=_scopes(bodies.get("relative_prefixes")),
        long_forms={str(k): str(v) for k, v in (bodies.get("long_forms") or {}).items()},
        class_prefixes=_words(bodies.get("class_prefixes")),
        relative_not_before={
            str(k): _words(v) for k, v in (bodies.get("relative_not_before") or {}).items()
        },
        not_body_endings=_words(bodies.get("not_body_endings")),
        member_suffixes=_words(bodies.get("member_suffixes")),
        organs=_words(bodies.get("organs")),
        short_tails={str(k): str(v) for k, v in (bodies.get("short_tails") or {}).items()},
        organ_owners=_words(bodies.get("organ_owners")),
        not_bodies=_words(bodies.get("not_bodies")),
        class_heads=_words(bodies.get("class_heads")),
        named_heads=_words(bodies.get("named_heads")),
        actor_heads=_words(bodies.get("actor_heads")),
        name_verbs=_words(bodies.get("name_verbs")),
        class_verbs=_words(bodies.get("class_verbs")),
        modifier_verbs=_words(bodies.get("modifier_verbs")),
        name_words=_words(bodies.get("name_words")),
        predicate_adverbs=_words(bodies.get("predicate_adverbs")),
        role_nouns=_words(bodies.get("role_nouns")),
        pronoun_persons=_word_lists(pronouns.get("persons")),
        pronoun_bodies=_word_lists(pronouns.get("bodies")),
        pronoun_places=_word_lists(pronouns.get("places")),
        unsplit_words=_words(bodies.get("unsplit_words")),
        area_words=_words(bodies.get("area_words")),
        class_not_in=_words(bodies.get("class_not_in")),
        police_branches=_words(bodies.get("police_branches")),
        city_bodies=_words(bodies.get("city_bodies")),
        regions=_words(bodies.get("regions")),
        region_agencies={str(k): str(v) for k, v in (bodies.get("region_agencies") or {}).items()},
        full_name_heads=_words(bodies.get("full_name_heads")),
        full_name_not_heads=_words(bodies.get("full_name_not_heads")),
        full_name_max=int(bodies.get("full_name_max", 18)),
        generic_class_heads=_words(bodies.get("generic_class_heads")),
        generic_class_words=_words(bodies.get("generic_class_words")),
        mechanism_suffixes=_words(mech.get("suffixes")),
        left_edges=_words(mech.get("left_edges")),
        lead_verbs=_words(mech.get("lead_verbs")),
        lead_verbs_not_before=_word_lists(mech.get("lead_verbs_not_before")),
        handing_verbs=_words(mech.get("handing_verbs")),
        title_suffixes=_words(mech.get("title_suffixes")),
        split_words=_words(mech.get("split_words")),
        joiners=_words(mech.get("joiners")),
        joined_max=int(mech.get("joined_max", 2)),
        not_before=_words(mech.get("not_before")),
        owner_joiners=_words(mech.get("owner_joiners")),
        shared_prefixes=_words(mech.get("shared_prefixes")),
        mechanism_stoplist=_words(mech.get("stoplist")),
        nominal_after=_words(mech.get("nominal_after")),
        mechanism_max_length=int(mech.get("max_length", 16)),
        generic_heads=_words(mech.get("generic_heads")),
        known_mechanisms=_words(mech.get("known")),
        joined_suffixes=_words(mech.get("joined_suffixes")),
        general_words=frozenset(_words(mech.get("general_words"))),
        suffix_heads={str(k): _words(v) for k, v in (mech.get("suffix_heads") or {}).items()},
        suffix_not_after={
            str(k): _words(v) for k, v in (mech.get("suffix_not_after") or {}).items()},
        item_not_endings=_words(mech.get("item_not_endings")),
        unmarked_before=_words(cites.get("unmarked_before")),
        unmarked_endings=_words(cites.get("unmarked_endings")),
        unmarked_after=_words(cites.get("unmarked_after")),
        unmarked_not_endings=_words(cites.get("unmarked_not_endings")),
        unmarked_not_starting=_words(cites.get("unmarked_not_starting")),
        unmarked_min=int(cites.get("unmarked_min", 3)),
        unmarked_max=int(cites.get("unmarked_max", 20)),
        term_max_length=int(terms.get("max_length", 20)),
        term_stoplist=_words(terms.get("stoplist")),
        role_markers=role_markers,
        before=before,
        after=after,
        acted_upon=_words(roles.get("acted_upon")),
        sanctions=_words(roles.get("sanctions")),
        clause_breaks=_words(roles.get("clause_breaks")),
        overseen_in=_words(roles.get("overseen_in")),
        overseeing=_words(roles.get("overseeing")),
        overseeing_adverbs=_words(roles.get("overseeing_adverbs")),
        adverbials=_words(roles.get("adverbials")),
        list_heads=_words(roles.get("list_heads")),
        modals=modals,
        not_modal=_words(roles.get("not_modal")),
    )


def _scopes(value: Any) -> dict[str, str]:
    out = {str(k): str(v) for k, v in (value or {}).items()}
    for prefix, scope in out.items():
        if scope not in ("city", "local"):
            raise DataError(
                "data/lexicon/bodies.yml",
                f"unknown scope {scope!r} for {prefix!r}; write city (市民政局 → 北京市民政局) "
                "or local (区政府 → 上海市青浦区人民政府)",
                field=f"relative_prefixes.{prefix}",
            )
    return out


def _word_lists(value: Any) -> dict[str, tuple[str, ...]]:
    return {str(k): _words(v) for k, v in (value or {}).items()}


def _stems(bodies: Mapping[str, Any]) -> tuple[str, ...]:
    """The stems written out, then those of the long forms' short names (人社局 → 人社)."""
    stems = list(_words(bodies.get("stems")))
    types = sorted((str(t) for t in bodies.get("types") or {}), key=len, reverse=True)
    for short in bodies.get("long_forms") or {}:
        ending = next((t for t in types if str(short).endswith(t) and len(str(short)) > len(t)), "")
        stem = str(short)[: -len(ending)] if ending else ""
        if len(stem) > 1 and stem not in stems:  # 经委 → 经 would match too much (经公安机关)
            stems.append(stem)
    return tuple(stems)


def _words(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in (value or ()))


def _role_lists(roles: Mapping[str, Any], key: str) -> dict[str, tuple[str, ...]]:
    out = {}
    for role, words in (roles.get(key) or {}).items():
        _check_role("roles", f"{key}.{role}", role)
        out[str(role)] = _words(words)
    return out


def _check_role(stem: str, where: str, role: str) -> None:
    if role not in ROLES:
        raise DataError(
            f"data/lexicon/{stem}.yml",
            f"unknown role {role!r}; the roles are {', '.join(ROLES)}",
            field=where,
        )
