"""Sharing agreements: what each data owner lets a partner see of its records, by class.

For one owner agency, one partner (an agency code, a group of agencies by level such as
``level:tribal``, or ``*`` for every partner) and one class of record, a tier:

- ``full``: the partner's users see the records as if cleared for them;
- ``pointer``: the partner learns that the owner holds matching records and whom to call,
  never their content (``graph.guarded.pointers``);
- ``none``: nothing (also what holds where no agreement says otherwise).

The most specific agreement in force on the day decides: one naming the partner agency, then
one naming its level, then ``*``. Only an administrator of the owner agency sets the owner's
terms; every change is audited with what it was before.

A record's class (what a partner is granted) comes from the record: ``juvenile`` when marked
so, else ``intelligence`` for criminal intelligence (28 CFR Part 23), ``arrest`` for an
arrest, ``field_interview`` for a field-interview source, else ``incident``
(``graph.model.share_class``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, replace

from access import agencies as agency_records
from access import audit
from access.agencies import LEVELS
from access.appdb import AppDB
from access.users import User
from graph.model import SHARE_CLASSES
from graph.scope import NoClearance, Scope

CLASSES = SHARE_CLASSES  # class -> what a person calls it
TIERS = ("full", "pointer", "none")
EVERY_PARTNER = "*"
GROUPS = {f"level:{lvl}": f"every {lvl} agency" for lvl in LEVELS}


class SharingError(ValueError):
    """An agreement that cannot be set (the message says which part and why)."""


@dataclass(frozen=True)
class Agreement:
    owner: str
    partner: str  # an agency code, "level:<level>" or "*"
    record_class: str
    tier: str
    starts: str = ""  # ISO date; "" = in force from when it was set
    ends: str = ""  # ISO date (last day in force); "" = open-ended
    updated_at: str = ""
    updated_by: str = ""

    def in_force(self, on: dt.date) -> bool:
        return (not self.starts or self.starts <= on.isoformat()) and (
            not self.ends or on.isoformat() <= self.ends
        )

    @property
    def partner_label(self) -> str:
        if self.partner == EVERY_PARTNER:
            return "every partner"
        return GROUPS.get(self.partner, self.partner)


def home_agency(user: User) -> str | None:
    """The agency a user works for: their one clearance (a user cleared for several, or
    for every agency, works for the fusion center and speaks for no owner)."""
    return user.agencies[0] if len(user.agencies) == 1 and not user.all_agencies else None


def _date(value: str, what: str) -> str:
    if not value:
        return ""
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise SharingError(f"{what} {value!r} is not a date (YYYY-MM-DD)") from None


def checked(db: AppDB, a: Agreement) -> Agreement:
    """The agreement with codes in capitals and dates in ISO form; a SharingError naming
    the part that cannot be read."""
    owner = a.owner.strip().upper()
    if agency_records.get(db, owner) is None:
        raise SharingError(
            f"owner {owner!r} is not a described agency: add it with `civicfusion agencies add`"
        )
    partner = a.partner.strip()
    partner = partner.lower() if partner.lower() in GROUPS else partner.upper()
    if partner not in GROUPS and partner != EVERY_PARTNER:
        if agency_records.get(db, partner) is None:
            raise SharingError(
                f"partner {partner!r} is not a described agency, a group "
                f"({', '.join(GROUPS)}) or * (every partner)"
            )
        if partner == owner:
            raise SharingError(f"{owner} cannot set an agreement with itself")
    if a.record_class not in CLASSES:
        raise SharingError(f"class {a.record_class!r} is not one of {', '.join(CLASSES)}")
    if a.tier not in TIERS:
        raise SharingError(f"tier {a.tier!r} is not one of {', '.join(TIERS)}")
    starts, ends = _date(a.starts, "start date"), _date(a.ends, "end date")
    if starts and ends and ends < starts:
        raise SharingError(f"the end date {ends} is before the start date {starts}")
    return replace(a, owner=owner, partner=partner, starts=starts, ends=ends)


def may_edit(user: User | None, owner: str) -> bool:
    """Only an administrator of the owner agency sets its terms (``None``: the operator at
    the host's command line, who runs `civicfusion sharing set --as ADMIN`)."""
    return user is not None and user.role == "admin" and home_agency(user) == owner.upper()


def save(db: AppDB, agreement: Agreement, by: User) -> Agreement:
    """Set one agreement (replacing the one for the same owner, partner and class); refused
    unless ``by`` administers the owner agency; audited with the old and new terms."""
    new = checked(db, agreement)
    if not may_edit(by, new.owner):
        audit.record(db, "sharing-set", by.username if by else None,
                     {"owner": new.owner, "partner": new.partner, "class": new.record_class},
                     outcome="denied")  # fmt: skip
        raise SharingError(f"only an administrator of {new.owner} sets {new.owner}'s sharing terms")
    old = get(db, new.owner, new.partner, new.record_class)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    new = replace(new, updated_at=now, updated_by=by.username)
    with db.connect() as con:
        con.execute(
            "INSERT INTO sharing_agreements (owner, partner, record_class, tier, starts, ends,"
            " updated_at, updated_by) VALUES (:owner, :partner, :record_class, :tier, :starts,"
            " :ends, :updated_at, :updated_by) ON CONFLICT (owner, partner, record_class) DO"
            " UPDATE SET tier = excluded.tier, starts = excluded.starts, ends = excluded.ends,"
            " updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            asdict(new),
        )
    before = {k: getattr(old, k) for k in ("tier", "starts", "ends")} if old else None
    after = {k: getattr(new, k) for k in ("tier", "starts", "ends")}
    audit.record(db, "sharing-set", by.username,
                 {"owner": new.owner, "partner": new.partner, "class": new.record_class,
                  "before": before, "after": after})  # fmt: skip
    return new


def get(db: AppDB, owner: str, partner: str, record_class: str) -> Agreement | None:
    with db.connect() as con:
        row = con.execute(
            "SELECT * FROM sharing_agreements WHERE owner = ? AND partner = ? AND record_class = ?",
            (owner, partner, record_class),
        ).fetchone()
    return Agreement(**dict(row)) if row else None


def listing(db: AppDB, owner: str | None = None) -> list[Agreement]:
    """The agreements (of one owner), by owner, partner and class."""
    sql = "SELECT * FROM sharing_agreements"
    args: tuple[str, ...] = ()
    if owner:
        sql, args = sql + " WHERE owner = ?", (owner.upper(),)
    with db.connect() as con:
        rows = con.execute(sql + " ORDER BY owner, partner", args).fetchall()
    order = list(CLASSES)
    return sorted(
        (Agreement(**dict(r)) for r in rows),
        key=lambda a: (a.owner, a.partner, order.index(a.record_class)),
    )


def _specificity(a: Agreement, partner: str, level: str | None) -> int | None:
    if a.partner == partner:
        return 0
    if level and a.partner == f"level:{level}":
        return 1
    if a.partner == EVERY_PARTNER:
        return 2
    return None


def tiers(
    agreements: Iterable[Agreement], partner: str, level: str | None, on: dt.date
) -> dict[str, dict[str, str]]:
    """owner -> class -> tier for one partner agency on one day (the most specific
    agreement in force decides; a class no agreement names is ``none`` and left out)."""
    best: dict[tuple[str, str], tuple[int, str]] = {}
    for a in agreements:
        rank = _specificity(a, partner, level)
        if rank is None or a.owner == partner or not a.in_force(on):
            continue
        key = (a.owner, a.record_class)
        if key not in best or rank < best[key][0]:
            best[key] = (rank, a.tier)
    out: dict[str, dict[str, str]] = {}
    for (owner, cls), (_, tier) in best.items():
        if tier != "none":
            out.setdefault(owner, {})[cls] = tier
    return out


@dataclass(frozen=True)
class Reach:
    """What agreements give a user beyond their clearances: owner -> classes, by tier."""

    full: Mapping[str, frozenset[str]]
    pointer: Mapping[str, frozenset[str]]


def reach(db: AppDB, user: User, cleared: Iterable[str], on: dt.date | None = None) -> Reach:
    """The agreements in force today for the agencies a user works for (each of their
    clearances), for owners they are not already cleared for."""
    day = on or dt.date.today()
    have = set(cleared)
    levels = {code: a.level for code, a in agency_records.by_code(db).items()}
    every = listing(db)
    full: dict[str, set[str]] = {}
    pointer: dict[str, set[str]] = {}
    for partner in sorted(have):
        for owner, classes in tiers(every, partner, levels.get(partner), day).items():
            if owner in have:
                continue
            for cls, tier in classes.items():
                (full if tier == "full" else pointer).setdefault(owner, set()).add(cls)
    for owner, classes in full.items():  # full for a class beats a pointer to it
        if owner in pointer:
            pointer[owner] -= classes
    return Reach(
        {o: frozenset(c) for o, c in full.items()},
        {o: frozenset(c) for o, c in pointer.items() if c},
    )


ReachOf = Callable[[User, list[str]], Reach]


def user_scope(
    db: AppDB, user: User, loaded: Callable[[], list[str]], reach_of: ReachOf | None = None
) -> Scope | None:
    """A person's reach: their clearances (every loaded agency for ``*``) plus the classes
    of other owners' records that agreements share in full with the agencies they work for;
    None when they may read no case data (admins, auditors, no clearance). ``reach_of``:
    ``reach`` as the caller keeps it (the workbench, once per request)."""
    if user.role not in ("analyst", "supervisor"):
        return None
    codes = loaded() if user.all_agencies else list(user.agencies)
    try:
        scope = Scope.cleared(user.username, codes)
    except NoClearance:
        return None
    if user.all_agencies:
        return scope
    full = (reach_of or _reach_in(db))(user, scope.codes).full
    return scope.with_grants(full) if full else scope


def pointer_scope(
    db: AppDB, user: User, cleared: Scope, reach_of: ReachOf | None = None
) -> Scope | None:
    """The owners whose agreements point this person to some of their records, or None."""
    if user.all_agencies:
        return None  # cleared for every agency: nothing is held from them
    pointer = (reach_of or _reach_in(db))(user, cleared.codes).pointer
    return Scope.pointer(user.username, pointer) if pointer else None


def _reach_in(db: AppDB) -> ReachOf:
    return lambda user, codes: reach(db, user, codes)
