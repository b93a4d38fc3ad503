"""What a write changed, so that only the affected screens reload (as Anki's OpChanges). Every
service write says it with its result: a view returned by a write carries the kinds of records the
write touched in its `changes` (a view from a read carries Change.NONE), and a write with nothing
else to return (a delete) returns its Change. The window's operations emit it instead of a guess."""

from __future__ import annotations

from enum import Flag, auto


class Change(Flag):
    NONE = 0
    ENTERPRISES = auto()
    CADRES = auto()
    VISITS = auto()
    PROBLEMS = auto()
    PROFILE = auto()
    CODE_LISTS = auto()
    POLICIES = auto()
    PROJECTS = auto()
    ALL = ENTERPRISES | CADRES | VISITS | PROBLEMS | PROFILE | CODE_LISTS | POLICIES | PROJECTS


#: The exchange's kinds of records (its count keys) and the screens they touch.
RECORD_CHANGES = {
    "enterprises": Change.ENTERPRISES | Change.CODE_LISTS,  # a roster may add tags
    "cadres": Change.CADRES, "assignments": Change.CADRES | Change.ENTERPRISES,
    "visits": Change.VISITS, "problems": Change.PROBLEMS, "extensions": Change.PROBLEMS,
    "progress": Change.PROBLEMS, "supervisions": Change.PROBLEMS, "revisits": Change.PROBLEMS,
    "policies": Change.POLICIES | Change.CODE_LISTS,  # a policy may name new tags
    "explanations": Change.VISITS | Change.POLICIES, "claims": Change.POLICIES,
    "projects": Change.PROJECTS, "investments": Change.PROJECTS,
    "history": Change.NONE,
}


def reported_changes(result: object) -> Change | None:
    """What a service's result says it changed: its `changes`, the result itself when it is a Change,
    for a list of results what they changed together; None when it does not say."""
    if isinstance(result, Change):
        return result
    if isinstance(result, list):
        together = Change.NONE
        for item in result:
            said = reported_changes(item)
            if said is None:
                return None
            together |= said
        return together
    changes = getattr(result, "changes", None)
    return changes if isinstance(changes, Change) else None
