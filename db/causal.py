"""The causal history of a synchronised record: which writes it has seen, and
which write each of its fields holds.

Every record carries a clock:
  - a version vector: for each actor (an installation, or a stand-in named
    below), how many of its writes to this record this version has seen;
  - for each field, the dot (actor, counter) of the write whose value the
    field holds — several dots when concurrent writes gave it the same value;
  - for problems, the ranges of writes whose values lost a settled conflict
    (so that the timeline entries those writes produced are shown as
    superseded, wherever the entries arrive).

One version descends from another when its vector is at least the other's for
every actor; a field changed on a side since the two versions' common past when
its dot is one the other side has not seen. That is all the merge needs, across
any number of hops, without keeping old versions.

Actors are twelve characters: the first twelve hex digits of an installation's
ID; `L` + eleven hex digits of a content hash for a version known only by its
content (databases and workbooks from before clocks existed); `H` + eleven hex
digits for one hand edit of an exported workbook, named after the row it
changed so that every installation that imports the same edited file names it
the same.

The text form (column `clock`, the workbook's 版本历史) is canonical — the
same history gives the same text — and compact:

    3f2a9c1d0e4b:2 8c1e5a2b7d90:1 | 0.1 | 0.2 description | 1.1 demand status | x 1.1-1 status

The version vector; then the default dot set (fields not named after it);
then dot sets with the fields holding them (`i.n` is the i-th actor's n-th
write, `+` joins dots); then lost ranges (`x i.a-b fields`)."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Table

Dot = tuple[str, int]
Dots = frozenset[Dot]

_ACTOR = re.compile(r"[0-9a-f]{12}|[LH][0-9a-f]{11}")
#: Columns that describe a version rather than being part of it.
BOOKKEEPING = frozenset({"id", "created_at", "updated_at", "changed_by", "revision", "clock", "name_key",
                         "problem_version", "superseded"})
#: List fields kept in child tables: (table, field name in the exchange and the clock).
COLLECTIONS = {"enterprises": "tags", "visits": "cadre_ids", "projects": "enterprise_ids"}
#: The ORM relationship that holds each list field.
RELATIONSHIPS = {"tags": "tags", "cadre_ids": "cadres", "enterprise_ids": "enterprises"}


class ClockError(ValueError):
    """A clock text that cannot be read (edited by hand, or cut short)."""


@dataclass(frozen=True)
class Lost:
    """Writes first..last of one actor whose values of `fields` lost a settled conflict."""

    actor: str
    first: int
    last: int
    fields: frozenset[str]

    def covers(self, dot: Dot) -> bool:
        return dot[0] == self.actor and self.first <= dot[1] <= self.last


@dataclass(frozen=True)
class Clock:
    vv: Mapping[str, int]
    #: Every tracked field of the record's kind → the dots of the write(s) its value comes from.
    fields: Mapping[str, Dots]
    lost: frozenset[Lost] = field(default_factory=frozenset)

    def seen(self, dot: Dot) -> bool:
        return self.vv.get(dot[0], 0) >= dot[1]

    def descends_from(self, other: Clock) -> bool:
        """True when this version has seen every write the other has (equal counts as descending)."""
        vv = self.vv
        return all(vv.get(a, 0) >= n for a, n in other.vv.items())

    def counter(self, actor: str) -> int:
        return self.vv.get(actor, 0)


def actor_of(installation_id: str) -> str:
    """An installation as an actor: the first twelve hex digits of its ID."""
    actor = installation_id.replace("-", "").lower()[:12]
    if not _ACTOR.fullmatch(actor):
        raise ClockError(f"安装ID“{installation_id}”不是有效的 UUID")
    return actor


def legacy_actor(content_hash: str) -> str:
    """A version known only by its content hash (before clocks): a stand-in actor of its own."""
    return "L" + content_hash[:11]


def hand_actor(*parts: str) -> str:
    """One hand edit of an exported row, named the same by every installation that imports it."""
    return "H" + hashlib.blake2b("\x1e".join(parts).encode("utf-8"), digest_size=8).hexdigest()[:11]


def fresh(actor: str, fields: Iterable[str]) -> Clock:
    """A record just created by `actor`: its first write holds every field."""
    dot = frozenset({(actor, 1)})
    return Clock({actor: 1}, dict.fromkeys(fields, dot))


def tick(clock: Clock, actor: str, changed: Iterable[str]) -> Clock:
    """`actor` writes the `changed` fields: its next dot, which those fields now hold."""
    n = clock.vv.get(actor, 0) + 1
    dot = frozenset({(actor, n)})
    fields = dict(clock.fields)
    for name in changed:
        if name in fields:
            fields[name] = dot
    return Clock({**clock.vv, actor: n}, fields, clock.lost)


def single(actor: str, counter: int, fields: Iterable[str]) -> Clock:
    """A version whose history is one write holding every field (a legacy version, say)."""
    dot = frozenset({(actor, counter)})
    return Clock({actor: counter}, dict.fromkeys(fields, dot))


def max_vv(a: Mapping[str, int], b: Mapping[str, int]) -> dict[str, int]:
    out = dict(a)
    for actor, n in b.items():
        if n > out.get(actor, 0):
            out[actor] = n
    return out


# ---- text form ------------------------------------------------------------------------------

def _dots_text(dots: Dots, index: Mapping[str, int]) -> str:
    return "+".join(f"{i}.{n}" for i, n in sorted((index[a], n) for a, n in dots))


def format_clock(clock: Clock) -> str:
    actors = sorted(a for a, n in clock.vv.items() if n > 0)
    index = {a: i for i, a in enumerate(actors)}
    parts = [" ".join(f"{a}:{clock.vv[a]}" for a in actors)]
    by_dots: dict[str, list[str]] = {}
    for name, dots in clock.fields.items():
        by_dots.setdefault(_dots_text(dots, index), []).append(name)
    if by_dots:
        counts = Counter({text: len(names) for text, names in by_dots.items()})
        default = min(by_dots, key=lambda text: (-counts[text], text))
        parts.append(default)
        for text in sorted(by_dots):
            if text != default:
                parts.append(f"{text} {' '.join(sorted(by_dots[text]))}")
    for lost in sorted(clock.lost, key=lambda x: (x.actor, x.first, x.last, sorted(x.fields))):
        if lost.fields:  # writes that lost no field lost nothing
            parts.append(f"x {index[lost.actor]}.{lost.first}-{lost.last} {' '.join(sorted(lost.fields))}")
    return " | ".join(parts)


_COUNTER_MAX = 10**9


def _int(text: str) -> int:
    if not text.isdigit() or len(text) > 9:
        raise ClockError(f"计数“{text}”无效")
    n = int(text)
    if not 0 < n < _COUNTER_MAX:
        raise ClockError(f"计数“{text}”无效")
    return n


def _dots(text: str, actors: list[str], vv: Mapping[str, int]) -> Dots:
    out = set()
    for part in text.split("+"):
        i, dot, n = part.partition(".")
        if not dot or not i.isdigit() or int(i) >= len(actors):
            raise ClockError(f"“{part}”不是有效的版本点")
        actor, counter = actors[int(i)], _int(n)
        if counter > vv[actor]:
            raise ClockError(f"版本点“{part}”超出版本向量")
        out.add((actor, counter))
    return frozenset(out)


def parse_clock(text: str, fields: Iterable[str]) -> Clock:
    """The clock of a record of a kind with these tracked fields; fields the text does not know
    (a kind that gained a field since) hold the default dots; names it has that this kind
    lacks are ignored."""
    names = tuple(fields)
    known = set(names)
    parts = [p.strip() for p in text.strip().split("|")]
    if not parts or not parts[0]:
        raise ClockError("版本历史为空")
    vv: dict[str, int] = {}
    actors: list[str] = []
    for item in parts[0].split():
        actor, colon, n = item.partition(":")
        if not colon or not _ACTOR.fullmatch(actor) or actor in vv:
            raise ClockError(f"“{item}”不是有效的版本记录")
        vv[actor] = _int(n)
        actors.append(actor)
    if len(parts) < 2:
        raise ClockError("版本历史缺少字段版本")
    default = _dots(parts[1], actors, vv)
    out: dict[str, Dots] = dict.fromkeys(names, default)
    lost: set[Lost] = set()
    for part in parts[2:]:
        words = part.split()
        if not words:
            raise ClockError("版本历史有空的部分")
        if words[0] == "x":
            if len(words) < 2:
                raise ClockError(f"“{part}”不是有效的取代记录")
            i, dot, span = words[1].partition(".")
            first, dash, last = span.partition("-")
            if not dot or not dash or not i.isdigit() or int(i) >= len(actors):
                raise ClockError(f"“{part}”不是有效的取代记录")
            lo, hi = _int(first), _int(last)
            if lo > hi:
                raise ClockError(f"“{part}”不是有效的取代记录")
            named = frozenset(w for w in words[2:] if w in known)
            if named:
                lost.add(Lost(actors[int(i)], lo, hi, named))
            continue
        dots = _dots(words[0], actors, vv)
        for name in words[1:]:
            if name in known:
                out[name] = dots
    return Clock(vv, out, frozenset(lost))


def parse_dot(text: str) -> Dot | None:
    """A stored dot `actor:counter` (a timeline entry's problem version), or None."""
    actor, colon, n = text.partition(":")
    if not colon or not _ACTOR.fullmatch(actor) or not n.isdigit():
        return None
    return actor, int(n)


def dot_text(actor: str, counter: int) -> str:
    return f"{actor}:{counter}"


# ---- the tracked fields of each kind of record ----------------------------------------------

def tracked_fields(table: Table) -> tuple[str, ...]:
    """The fields whose writes a clock tracks: the table's own columns but bookkeeping, and its
    list field kept in a child table."""
    names = [c.name for c in table.columns if c.name not in BOOKKEEPING]
    extra = COLLECTIONS.get(table.name)
    if extra:
        names.append(extra)
    return tuple(names)


# ---- versions from before clocks existed (exchange format 1) --------------------------------

#: The content columns of format 1, in the order its 版本指纹 and 同步基线 hashed them. Frozen:
#: a format-1 workbook's hashes and a database's versions from before clocks are read with it.
V1_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "enterprises": (("name", "t"), ("credit_code", "t"), ("credit_code_override", "b"), ("region_name", "t"),
                    ("region_code", "t"), ("address", "t"), ("industry_code", "t"), ("industry_text", "t"),
                    ("size", "t"), ("above_scale", "b"), ("tags", "l"), ("legal_representative", "t"),
                    ("contact_person", "t"), ("contact_phone", "t"), ("industrial_chain", "t"), ("notes", "t"),
                    ("deleted_at", "d")),
    "cadres": (("name", "t"), ("unit", "t"), ("post", "t"), ("phone", "t"), ("role", "t"), ("deleted_at", "d")),
    "assignments": (("cadre_id", "t"), ("enterprise_id", "t"), ("start_date", "d"), ("end_date", "d"),
                    ("deleted_at", "d")),
    "visits": (("enterprise_id", "t"), ("visit_date", "d"), ("way", "t"), ("cadre_ids", "l"),
               ("people_met", "t"), ("discussion", "t"), ("operation_status", "t"), ("employees", "t"),
               ("order_trend", "t"), ("revenue_trend", "t"), ("operation_notes", "t"),
               ("policies_explained", "l"), ("follow_up_plan", "t"), ("deleted_at", "d")),
    "problems": (("enterprise_id", "t"), ("visit_id", "t"), ("category", "t"), ("description", "t"),
                 ("demand", "t"), ("source", "t"), ("scope", "t"), ("received_date", "d"), ("lead_unit", "t"),
                 ("assist_units", "l"), ("responsible_person", "t"), ("responsible_phone", "t"),
                 ("assigned_date", "d"), ("deadline", "d"), ("level", "t"), ("status", "t"),
                 ("resolution", "t"), ("solved_date", "d"), ("deferred_reason", "t"), ("deferred_policy", "t"),
                 ("evaluation", "t"), ("evaluation_comment", "t"), ("evaluated_date", "d"), ("closed_date", "d"),
                 ("deleted_at", "d")),
    "deadline_extensions": (("problem_id", "t"), ("requested_date", "d"), ("reason", "t"),
                            ("old_deadline", "d"), ("new_deadline", "d"), ("deleted_at", "d")),
    "progress_entries": (("problem_id", "t"), ("entry_date", "d"), ("recorded_at", "d"), ("kind", "t"),
                         ("actor", "t"), ("content", "t"), ("from_status", "t"), ("to_status", "t"),
                         ("deleted_at", "d")),
}


def _v1_value(kind: str, value: Any) -> str:
    if value is None or value == "" and kind != "t":
        return ""
    if kind == "b":
        return "1" if value else "0"
    if kind == "l":
        return "\x1f".join(sorted(str(v) for v in value)) if value else ""
    if kind == "d":
        if isinstance(value, datetime):
            aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
            return aware.astimezone(UTC).replace(microsecond=0).isoformat()
        if isinstance(value, date):
            return value.isoformat()
    return str(value)


def v1_hash(table_name: str, record: Mapping[str, Any]) -> str:
    """A record's content hash as exchange format 1 defined it (BLAKE2b-128 over its content columns)."""
    text = "\x1e".join(_v1_value(kind, record.get(name)) for name, kind in V1_FIELDS[table_name])
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def legacy_clock(table_name: str, record: Mapping[str, Any], fields: Iterable[str],
                 ancestors: Iterable[str] = ()) -> Clock:
    """The clock of a version from before clocks: its own content stands for its one write, and
    the versions it is known to descend from (by their hashes) are writes it has seen."""
    own = legacy_actor(v1_hash(table_name, record))
    clock = single(own, 1, fields)
    vv = dict(clock.vv)
    for h in ancestors:
        if h:
            vv[legacy_actor(h)] = 1
    return Clock(vv, clock.fields)
