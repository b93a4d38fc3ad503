"""Who uses this installation: name, unit and role, stamped on exports and
reports. Kept in the database's app_meta table, beside the installation ID."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from app import fields
from app.changes import Change
from app.domain import CadreRole
from app.errors import IdentityRequired
from db.database import Database, meta_value
from db.models import AppMeta

_KEYS = ("profile_name", "profile_unit", "profile_role", "profile_phone")


@dataclass(frozen=True)
class Profile:
    installation_id: str
    name: str = ""
    unit: str = ""
    role: str = ""
    phone: str = ""
    #: What the write that returned this view changed (app.changes); Change.NONE from a read.
    changes: Change = field(default=Change.NONE, compare=False, repr=False)

    @property
    def is_set(self) -> bool:
        return bool(self.name and self.unit)

    @property
    def label(self) -> str:
        """How exports and history name this person: 张伟（工信局）."""
        return _label(self.name, self.unit)


def _label(name: str, unit: str) -> str:
    if not name:
        return ""
    return f"{name}（{unit}）" if unit else name


def label_of(meta: dict[str, str]) -> str:
    """The label of the identity stored in app_meta (read without opening the database)."""
    return _label(meta.get("profile_name", ""), meta.get("profile_unit", ""))


class ProfileService:
    def __init__(self, db: Database) -> None:
        self._db = db
        db.actor = self.get().label

    def get(self) -> Profile:
        with self._db.reading() as s:
            values = [meta_value(s, k) or "" for k in _KEYS]
        name, unit, role, phone = values
        return Profile(self._db.installation_id, name, unit, role, phone)

    def set(self, name: str, unit: str, role: str = "", phone: str = "") -> Profile:
        role_value = fields.enum("角色", CadreRole, role, required=False)
        values = (
            fields.text("姓名", name, 50, required=True),
            fields.text("单位", unit, 100, required=True),
            role_value.value if role_value else "",
            fields.phone("电话", phone),
        )
        with self._db.session() as s:
            for key, value in zip(_KEYS, values, strict=True):
                row = s.get(AppMeta, key)
                if row is None:
                    s.add(AppMeta(key=key, value=value))
                else:
                    row.value = value
        profile = self.get()
        self._db.actor = profile.label
        return replace(profile, changes=Change.PROFILE)


def require_actor(db: Database, what: str) -> str:
    """Who is working (the profile, or `--as` for one command); refuses an accountable change without one."""
    if not db.actor.strip():
        raise IdentityRequired(what)
    return db.actor


def acting_as(name: str) -> str:
    """`--as NAME`: the actor of one command, checked as a name."""
    return fields.name("--as 姓名", name, 100, required=True)
