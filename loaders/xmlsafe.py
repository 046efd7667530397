"""Streaming, safe XML: entity expansion, DTD loading and network access off; memory flat.

``records(path, localname)`` yields each element with that local name (any namespace) once
it is complete, then clears it, and clears every other element that ends outside a record,
so a 1 GB file of any shape is never held in memory. A syntax error ends
the file with a Problem naming the line; what was read before it stays loaded.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from graph.records import Problem


def local(el: etree._Element) -> str:
    tag = el.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def records(path: Path, localname: str) -> Iterator[etree._Element | Problem]:
    """Each complete element with ``localname``, then cleared. Every other element is
    cleared as soon as it ends outside a record too, and the ones before it dropped, so
    memory stays flat whatever the file holds (a million siblings that are not records)."""
    context = etree.iterparse(
        str(path),
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        recover=False,
    )
    open_records = 0
    found = other = 0
    try:
        for event, el in context:
            is_record = local(el) == localname
            if event == "start":
                open_records += is_record
                continue
            if is_record:
                open_records -= 1
                found += 1
                yield el
            elif open_records:
                continue  # part of a record still being read: kept for it
            else:
                other += 1
            el.clear(keep_tail=False)
            parent = el.getparent()
            if parent is not None:
                while el.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else "?"
        yield Problem(str(path), f"line {line}", "xml", f"malformed XML: {exc.msg}")
        return
    if not found:
        yield Problem(
            str(path),
            "file",
            "xml",
            f"no <{localname}> record in the file ({other} other elements): "
            "not a file of this format",
        )


def _below(el: etree._Element, name: str) -> Iterator[etree._Element]:
    """Descendants (not el itself) with a local name, any namespace; matched by lxml in C."""
    return (d for d in el.iter(f"{{*}}{name}" if name != "*" else etree.Element) if d is not el)


def first(el: etree._Element, *path: str) -> etree._Element | None:
    """The first descendant reached by a chain of local names."""
    node: etree._Element | None = el
    for name in path:
        node = next(_below(node, name), None) if node is not None else None
    return node


def text(el: etree._Element | None, *path: str) -> str | None:
    node = first(el, *path) if el is not None and path else el
    if node is None or node.text is None:
        return None
    value = "".join(t for t in node.itertext() if isinstance(t, str)).strip()
    return value or None


def children(el: etree._Element, name: str) -> list[etree._Element]:
    """Direct children with a local name."""
    return [c for c in el.iterchildren(f"{{*}}{name}")]


def descendants(el: etree._Element, name: str) -> list[etree._Element]:
    return list(_below(el, name))


def ref(el: etree._Element) -> str | None:
    for key, value in el.attrib.items():
        if key.endswith("}ref") or key == "ref":
            return value
    return None


def ident(el: etree._Element) -> str | None:
    for key, value in el.attrib.items():
        if key.endswith("}id") or key == "id":
            return value
    return None
