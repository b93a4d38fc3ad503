"""Who may do what on a shared database: the users and their roles (`zhuqi users`), and the
check every writing service makes before it changes anything.

Roles (app.domain.UserRole):
- 办公室 and 经办 (office staff): everything — records, the workflow, import/merge/undo,
  conflicts, settings and code lists, cadres and assignments, the users.
- 领导 (a leader): reads and prints only.
- 干部 (a cadre's own desk): the enterprises assigned to that cadre (包联, active today), their
  visits and problems, and on those problems the cadre's own workflow steps (记录进展, 回访评价).

While a database has no user at all, everything is allowed to everyone, as before (a cadre's
laptop needs no set-up). Once users exist, the acting person (the profile's name, or `--as`)
must be one of them. The program stores no password: the roles keep honest people from
mistakes on a shared database; a server's own accounts (PostgreSQL roles) are its real lock."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app import fields
from app.clock import Clock
from app.domain import UserRole
from app.errors import UserError, ValidationError
from app.workflow import Action
from db.database import Database
from db.models import AppUser, Assignment, Cadre, Enterprise
from db.types import utcnow

OFFICE_ROLES = frozenset({UserRole.OFFICE, UserRole.CLERK})
#: The workflow steps a cadre takes on the problems of the cadre's own enterprises.
CADRE_ACTIONS = frozenset({Action.RECORD_PROGRESS, Action.EVALUATE})

#: English names accepted for the roles (`zhuqi users add 王芳 --role leader`).
ROLE_ALIASES = {"office": UserRole.OFFICE, "clerk": UserRole.CLERK, "staff": UserRole.CLERK,
                "leader": UserRole.LEADER, "cadre": UserRole.CADRE}


class AccessDenied(UserError):
    """A write the acting person's role does not allow; nothing was changed."""


class Scope(StrEnum):
    """Who may take an action."""

    #: Office staff only (settings, import, cadres, users, 交办 …).
    OFFICE = "office"
    #: Office staff, or the cadre the enterprise is assigned to.
    OWN_ENTERPRISE = "own"


@dataclass(frozen=True)
class UserView:
    name: str
    role: str
    cadre_id: str | None = None
    cadre_name: str = ""

    @property
    def label(self) -> str:
        """王芳（领导）, 李强（干部：李强）."""
        if self.role == UserRole.CADRE and self.cadre_name and self.cadre_name != self.name:
            return f"{self.name}（{self.role}：{self.cadre_name}）"
        return f"{self.name}（{self.role}）"


@dataclass(frozen=True)
class Permissions:
    """What the acting person may do, for the window to show actions as disabled."""

    #: False while the database has no users: everything is allowed.
    restricted: bool
    user: UserView | None = None
    #: The enterprises a cadre's desk edits (empty for other roles).
    own_enterprises: frozenset[str] = frozenset()

    @property
    def office(self) -> bool:
        return not self.restricted or (self.user is not None and self.user.role in OFFICE_ROLES)

    def may(self, scope: Scope, enterprise_id: str | None = None) -> bool:
        if self.office:
            return True
        if self.user is None or self.user.role != UserRole.CADRE or scope is Scope.OFFICE:
            return False
        return enterprise_id is None or enterprise_id in self.own_enterprises

    def may_act(self, action: Action, enterprise_id: str | None = None) -> bool:
        """A workflow step on a problem of `enterprise_id`."""
        if self.office:
            return True
        return action in CADRE_ACTIONS and self.may(Scope.OWN_ENTERPRISE, enterprise_id)


def person_of(actor: str) -> str:
    """The name in an actor's label: 张伟（工信局） → 张伟 (a bare `--as` name stays as it is)."""
    return actor.split("（", 1)[0].strip()


def parse_role(text: str) -> UserRole:
    key = text.strip()
    alias = ROLE_ALIASES.get(key.lower())
    if alias is not None:
        return alias
    role = fields.enum("角色", UserRole, key)
    assert role is not None
    return role


def _has_users(s: Session) -> bool:
    return s.scalar(select(AppUser.name).limit(1)) is not None


def _acting_user(s: Session, actor: str, what: str) -> AppUser:
    """The user the actor is, once the database has users (AccessDenied when none matches)."""
    name = person_of(actor)
    if not name:
        raise AccessDenied(
            f"本数据库已设置使用人名单，{what}前请说明您是谁：zhuqi profile set --name 姓名 --unit 单位，"
            "或只为这一次加 --as 姓名（窗口：“设置”页的使用人）")
    user = s.get(AppUser, name)
    if user is None:
        raise AccessDenied(
            f"“{name}”不在本数据库的使用人名单中，不能{what}；请办公室人员添加：zhuqi users add {name} --role 角色"
            "（办公室、经办、领导、干部）")
    return user


def own_enterprises(s: Session, cadre_id: str | None, today: date) -> set[str]:
    """The enterprises assigned to the cadre today (包联, not ended, not deleted)."""
    if cadre_id is None:
        return set()
    return set(s.scalars(select(Assignment.enterprise_id).where(
        Assignment.cadre_id == cadre_id, Assignment.deleted_at.is_(None), Assignment.start_date <= today,
        or_(Assignment.end_date.is_(None), Assignment.end_date >= today))))


def _refuse_role(user: AppUser, what: str) -> AccessDenied:
    if user.role == UserRole.LEADER:
        return AccessDenied(f"{user.name}（领导）只能查看和打印，不能{what}")
    if user.role == UserRole.CADRE:
        return AccessDenied(f"{user.name}（干部）只能修改包联给自己的企业及其走访、问题，不能{what}")
    return AccessDenied(f"{user.name}（{user.role}）不能{what}")


def require(s: Session, actor: str, what: str, scope: Scope = Scope.OFFICE, *,
            enterprise_ids: tuple[str, ...] = (), today: date | None = None) -> None:
    """Refuse (AccessDenied, before anything is changed) a write the acting person may not make.
    `what` is the write as a verb phrase (交办问题, 修改企业信息); `enterprise_ids` the enterprises
    the write touches (for a cadre's desk)."""
    if not _has_users(s):
        return
    user = _acting_user(s, actor, what)
    if user.role in OFFICE_ROLES:
        return
    if user.role != UserRole.CADRE or scope is Scope.OFFICE:
        raise _refuse_role(user, what)
    if user.cadre_id is None:
        raise AccessDenied(f"{user.name}（干部）还没有对应的干部，不能{what}；请办公室人员设置："
                           f"zhuqi users set-role {user.name} 干部 --cadre 干部姓名")
    mine = own_enterprises(s, user.cadre_id, today or date.today())
    for eid in enterprise_ids:
        if eid not in mine:
            name = s.scalar(select(Enterprise.name).where(Enterprise.id == eid)) or eid
            raise AccessDenied(f"{user.name}（干部）只能修改包联给自己的企业，“{name}”不在其中，不能{what}")


def require_action(s: Session, actor: str, action: Action, enterprise_id: str, today: date) -> None:
    """A workflow step on a problem of `enterprise_id`."""
    what = _ACTION_TEXT.get(action, f"{action.value}（问题办理）")
    scope = Scope.OWN_ENTERPRISE if action in CADRE_ACTIONS else Scope.OFFICE
    require(s, actor, what, scope, enterprise_ids=(enterprise_id,), today=today)


_ACTION_TEXT = {
    Action.ASSIGN: "交办问题", Action.CLAIM: "登记领单", Action.RECORD_PROGRESS: "记录问题进展",
    Action.ASSIST_REPLY: "登记协办反馈", Action.SOLVE: "办结问题", Action.EVALUATE: "登记回访评价",
    Action.CLOSE: "销号", Action.REOPEN: "退回重办", Action.EXTEND: "申请延期", Action.DECIDE_EXTENSION: "审批延期",
    Action.SUPERVISE: "督办问题", Action.ESCALATE: "上报问题",
}


class AccessService:
    """The users of this database (`zhuqi users`), and what the acting person may do."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def check(self, what: str, scope: Scope = Scope.OFFICE, *, enterprise_ids: tuple[str, ...] = ()) -> None:
        """Refuse now what the acting person may not do (for a service whose writes run elsewhere)."""
        with self._db.reading() as s:
            require(s, self._db.actor, what, scope, enterprise_ids=enterprise_ids, today=self._clock.today())

    def permissions(self) -> Permissions:
        """What the acting person may do (the window greys out the rest)."""
        with self._db.reading() as s:
            if not _has_users(s):
                return Permissions(restricted=False)
            name = person_of(self._db.actor)
            user = s.get(AppUser, name) if name else None
            if user is None:
                return Permissions(restricted=True)
            mine = own_enterprises(s, user.cadre_id, self._clock.today()) if user.role == UserRole.CADRE else set()
            return Permissions(True, self._view(s, user), frozenset(mine))

    def list(self) -> builtins.list[UserView]:
        with self._db.reading() as s:
            return [self._view(s, u) for u in s.scalars(select(AppUser).order_by(AppUser.created_at, AppUser.name))]

    def add(self, name: str, role: str, cadre: str = "") -> UserView:
        """A new user. The first must be office staff (办公室 or 经办), so nobody locks the database;
        after that only office staff add users."""
        person = fields.name("姓名", name, 50, required=True)
        value = parse_role(role)
        with self._db.session(via="使用人名单") as s:
            if _has_users(s):
                require(s, self._db.actor, "添加使用人")
            elif value not in OFFICE_ROLES:
                raise ValidationError("角色", value.value,
                                      "第一个使用人须是办公室或经办人员（以后由他添加其他使用人），以免无人能管理名单")
            if s.get(AppUser, person) is not None:
                raise ValidationError("姓名", person, "已在使用人名单中（改角色用 zhuqi users set-role）")
            user = AppUser(name=person, role=value.value, cadre_id=self._cadre_id(s, value, cadre, person),
                           created_at=utcnow())
            s.add(user)
            s.flush()
            return self._view(s, user)

    def set_role(self, name: str, role: str, cadre: str = "") -> UserView:
        value = parse_role(role)
        with self._db.session(via="使用人名单") as s:
            require(s, self._db.actor, "修改使用人的角色")
            user = self._get(s, name)
            user.role = value.value
            user.cadre_id = self._cadre_id(s, value, cadre, user.name)
            self._keep_an_office(s)
            return self._view(s, user)

    def remove(self, name: str) -> None:
        with self._db.session(via="使用人名单") as s:
            require(s, self._db.actor, "删除使用人")
            s.delete(self._get(s, name))
            s.flush()
            if _has_users(s):
                self._keep_an_office(s)

    @staticmethod
    def _keep_an_office(s: Session) -> None:
        s.flush()
        offices = s.scalar(select(func.count()).select_from(AppUser).where(
            AppUser.role.in_([r.value for r in OFFICE_ROLES])))
        if not offices:
            raise ValidationError("角色", "", "名单中须至少留一名办公室或经办人员，否则无人能再管理使用人；未作修改")

    @staticmethod
    def _get(s: Session, name: str) -> AppUser:
        user = s.get(AppUser, name.strip())
        if user is None:
            raise ValidationError("姓名", name.strip(), "不在使用人名单中（zhuqi users list 查看）")
        return user

    @staticmethod
    def _cadre_id(s: Session, role: UserRole, cadre: str, person: str) -> str | None:
        """The cadre a 干部 user acts for: --cadre NAME, or the cadre of the user's own name."""
        if role != UserRole.CADRE:
            if cadre.strip():
                raise ValidationError("--cadre", cadre.strip(), "只有“干部”角色对应干部")
            return None
        wanted = cadre.strip() or person
        ids = list(s.scalars(select(Cadre.id).where(Cadre.name == wanted, Cadre.deleted_at.is_(None)).limit(2)))
        if not ids:
            raise ValidationError("干部", wanted, "干部名单中没有此人（先录入干部和包联关系，或用 --cadre 指定姓名）")
        if len(ids) > 1:
            raise ValidationError("干部", wanted, "干部名单中有同名的多人，请先在干部名单中区分（如改名加单位）")
        return ids[0]

    @staticmethod
    def _view(s: Session, u: AppUser) -> UserView:
        cadre = s.scalar(select(Cadre.name).where(Cadre.id == u.cadre_id)) if u.cadre_id else None
        return UserView(u.name, u.role, u.cadre_id, cadre or "")
