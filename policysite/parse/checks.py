"""Stage 5: frozen nodes → warnings.  A gap or a repeat in numbering, or a text without any
numbering, is a warning with file and line, never a crash.
"""

from __future__ import annotations

from collections.abc import Iterator

from policysite.model import Node, Warning_
from policysite.numerals import to_int
from policysite.parse.tokens import STRUCTURED


def checks(nodes: tuple[Node, ...], path: str, first_line: int) -> tuple[Warning_, ...]:
    warnings: list[Warning_] = []
    _check_children(nodes, {}, "", path, warnings)
    if nodes and not any(n.kind in STRUCTURED for n in walk(nodes)):
        warnings.append(
            Warning_(
                path,
                first_line,
                "no numbering found (一、 （一） 1. 第一条 …): "
                "the text is kept as unnumbered paragraphs",
            )
        )
    return tuple(warnings)


def walk(nodes: tuple[Node, ...]) -> Iterator[Node]:
    for node in nodes:
        yield from node.walk()


def _check_children(
    nodes: tuple[Node, ...],
    last_by_style: dict[tuple[str, str], int],
    scope: str,
    path: str,
    warnings: list[Warning_],
) -> None:
    previous: dict[str, int] = {}
    for node in nodes:
        if node.kind == "attachment":
            _check_children(node.children, {}, node.id, path, warnings)
            continue
        if node.num is not None and node.kind in STRUCTURED:
            value = to_int(node.num)
            key = (scope, node.kind)
            marker = node.marker or ""
            if node.kind in previous:
                expected = previous[node.kind] + 1
                if value != expected:
                    what = "is repeated" if value == previous[node.kind] else "skips"
                    warnings.append(
                        Warning_(
                            path,
                            node.line,
                            f"numbering {what}: expected {marker[:1]}…{expected} here, "
                            f"found {marker}",
                        )
                    )
            elif value not in (1, last_by_style.get(key, 0) + 1) and key in last_by_style:
                warnings.append(
                    Warning_(
                        path,
                        node.line,
                        f"numbering starts at {marker}, after {last_by_style[key]} "
                        "in the previous part",
                    )
                )
            previous[node.kind] = value
            last_by_style[key] = value
        _check_children(node.children, last_by_style, scope, path, warnings)
