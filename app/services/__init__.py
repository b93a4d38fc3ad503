"""Services: the only door to the data. Each call is one unit of work and
returns plain frozen dataclasses, never live ORM objects."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from app.clock import Clock
from app.services.profile import ProfileService
from db.database import Database

# Each service is built, and its module imported, when first used: a command needs two or three
# of them, and importing them all (statistics, policies, projects, demo …) took 0.2 s of CPU at
# every start of `zhuqi`.
if TYPE_CHECKING:
    from app.exchange import ExchangeService
    from app.services.access import AccessService
    from app.services.cadres import CadreService
    from app.services.calendar import CalendarService
    from app.services.codelists import CodeListService
    from app.services.demo import DemoPerson, DemoSummary
    from app.services.enterprises import EnterpriseService
    from app.services.history import HistoryService
    from app.services.policies import PolicyService
    from app.services.problems import ProblemService
    from app.services.projects import ProjectService
    from app.services.stats import StatsService
    from app.services.visits import VisitService


class Services:
    """Every service over one database; built by the composition root."""

    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self.db = db
        self.clock = clock or Clock()
        # Built now: it sets the acting person on the database.
        self.profile = ProfileService(db)

    @cached_property
    def code_lists(self) -> CodeListService:
        from app.services.codelists import CodeListService
        return CodeListService(self.db)

    @cached_property
    def calendar(self) -> CalendarService:
        from app.services.calendar import CalendarService
        return CalendarService(self.db, self.clock)

    @cached_property
    def access(self) -> AccessService:
        from app.services.access import AccessService
        return AccessService(self.db, self.clock)

    @cached_property
    def enterprises(self) -> EnterpriseService:
        from app.services.enterprises import EnterpriseService
        return EnterpriseService(self.db, self.clock)

    @cached_property
    def cadres(self) -> CadreService:
        from app.services.cadres import CadreService
        return CadreService(self.db, self.clock)

    @cached_property
    def problems(self) -> ProblemService:
        from app.services.problems import ProblemService
        return ProblemService(self.db, self.clock)

    @cached_property
    def visits(self) -> VisitService:
        from app.services.visits import VisitService
        return VisitService(self.db, self.clock)

    @cached_property
    def policies(self) -> PolicyService:
        from app.services.policies import PolicyService
        return PolicyService(self.db, self.clock)

    @cached_property
    def projects(self) -> ProjectService:
        from app.services.projects import ProjectService
        return ProjectService(self.db, self.clock)

    @cached_property
    def stats(self) -> StatsService:
        from app.services.stats import StatsService
        return StatsService(self.db, self.clock)

    @cached_property
    def history(self) -> HistoryService:
        from app.services.history import HistoryService
        return HistoryService(self.db)

    @cached_property
    def exchange(self) -> ExchangeService:
        # The exchange builds on the service modules of this package.
        from app.exchange import ExchangeService
        return ExchangeService(self.db, self.clock, self.profile)

    # What the window needs to know of the database, so that it never holds the storage layer's
    # Database object (tests/test_architecture.py).
    @property
    def installation_id(self) -> str:
        """This installation's ID, which its records' histories name."""
        return self.db.installation_id

    @property
    def actor(self) -> str:
        """Who is working, as the audit trail and the records' histories name them ("" for nobody)."""
        return self.db.actor

    @property
    def database_path(self) -> Path | None:
        """The database file (None for a server database)."""
        return self.db.path

    @property
    def database_location(self) -> str:
        """The database file, or the server's URL, as shown to the user."""
        return str(self.db.path or self.db.url)

    def generate_demo(self, *, scale: float, today: date, progress: Callable[[str], None] | None = None,
                      me: DemoPerson | None = None) -> DemoSummary:
        """Demo data into this (empty) database (app.services.demo)."""
        from app.services.demo import generate
        return generate(self.db, scale=scale, today=today, progress=progress, me=me)
