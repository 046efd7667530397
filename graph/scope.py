"""A user's reach over the graph: the agencies whose records they may see.

A ``Scope`` is the only thing the guarded read path (``graph.guarded``) accepts in place of
"which agencies": a plain list, ``None`` or an empty value is refused there, so a new query
cannot forget need-to-know or widen it by accident.

There are two ways to make one:

- ``Scope.cleared(who, agencies)``: a person's clearances (built by the workbench from the
  signed-in user, by the CLI from ``--as USER``). Never empty: a user cleared for nothing
  gets ``NoClearance``, not a scope that means "no filter".
- ``Scope.operator(who, agencies, reason)``: every loaded agency, for the operator's own
  commands. Explicit, named and carrying its reason, so callers audit it.
- ``Scope.pointer(who, classes)``: the owners whose sharing agreements give the person a
  *pointer* to some classes of their records (access/sharing.py). The guarded read path
  refuses it: only ``graph.pointers`` takes it, and that answers "who holds how many
  records, matched on which fields", never a record.

``narrowed(chosen)`` gives the subset a user picked in a form, never wider than the scope.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace


class NoClearance(PermissionError):
    """The caller is cleared for no agency: there is nothing they may read."""


@dataclass(frozen=True)
class Scope:
    agencies: frozenset[str]
    who: str
    reason: str = ""  # set for an operator scope (what it is for, for the audit)
    operator_scope: bool = False
    # a pointer scope: owner agency -> the classes of its records the person may be pointed to
    pointer_classes: tuple[tuple[str, frozenset[str]], ...] = ()
    # owner agency -> the classes of its records an agreement shares in full with the person
    # (owners they are not cleared for; access/sharing.py)
    granted: tuple[tuple[str, frozenset[str]], ...] = ()

    @property
    def pointer_scope(self) -> bool:
        return bool(self.pointer_classes)

    def __post_init__(self) -> None:
        if not isinstance(self.agencies, frozenset):
            raise TypeError("Scope.agencies must be a frozenset: use Scope.cleared(...)")
        if not self.agencies:
            raise NoClearance(f"{self.who or 'this user'} is cleared for no agency")
        if not self.who:
            raise ValueError("a scope names whose it is")
        if self.operator_scope and not self.reason:
            raise ValueError("an operator scope states its reason")

    @classmethod
    def cleared(cls, who: str, agencies: Iterable[str]) -> Scope:
        codes = frozenset(a for a in agencies if a and a != "*")
        return cls(codes, who)

    @classmethod
    def operator(cls, who: str, agencies: Iterable[str], reason: str) -> Scope:
        return cls(frozenset(a for a in agencies if a), who, reason, True)

    @classmethod
    def pointer(cls, who: str, classes: Mapping[str, Iterable[str]]) -> Scope:
        kept = tuple(sorted((o, frozenset(c)) for o, c in classes.items() if o and c))
        return cls(frozenset(o for o, _ in kept), who, pointer_classes=kept)

    def with_grants(self, classes: Mapping[str, Iterable[str]]) -> Scope:
        """This scope plus the classes of other owners' records shared with it in full."""
        kept = tuple(
            sorted((o, frozenset(c)) for o, c in classes.items() if o not in self.agencies and c)
        )
        return replace(self, granted=kept)

    @property
    def grant_keys(self) -> list[str]:
        """``AGENCY|class`` for each class shared in full (a statement's ``$granted``)."""
        return sorted(f"{o}|{c}" for o, classes in self.granted for c in classes)

    def reads(self, agency: object, share_class: str) -> bool:
        """Whether a record of this agency and sharing class is within the scope."""
        return self.allows(agency) or _holds(self.granted, agency, share_class)

    def pointer_to(self, agency: object, share_class: str) -> bool:
        """Whether this pointer scope points to records of this class of this agency."""
        return _holds(self.pointer_classes, agency, share_class)

    @property
    def codes(self) -> list[str]:
        """The agency codes, sorted (what a statement's ``$agencies`` is bound to)."""
        return sorted(self.agencies)

    def allows(self, agency: object) -> bool:
        return isinstance(agency, str) and agency in self.agencies

    def narrowed(self, chosen: Iterable[str] | None) -> Scope:
        """The agencies a user picked in a form, kept only where cleared; all of the scope
        when none of the picks is (a pick can narrow, never widen)."""
        wanted = set(chosen or ())
        picked = frozenset(a for a in wanted if a in self.agencies)
        if not picked or picked == self.agencies:
            return self
        if self.pointer_scope:
            return Scope.pointer(self.who, {o: c for o, c in self.pointer_classes if o in picked})
        granted = tuple((o, c) for o, c in self.granted if o in wanted)
        return Scope(picked, self.who, self.reason, self.operator_scope, granted=granted)

    # read like the list of codes it holds (menus, messages, audit details)
    def __iter__(self) -> Iterator[str]:
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.agencies)

    def __contains__(self, agency: object) -> bool:
        return self.allows(agency)


def _holds(pairs: tuple[tuple[str, frozenset[str]], ...], agency: object, cls: str) -> bool:
    """Whether ``pairs`` (owner -> classes) names this class of this owner's records."""
    return any(o == agency and cls in c for o, c in pairs)
