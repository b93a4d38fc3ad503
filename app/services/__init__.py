"""Services: the only door to the data. Each call is one unit of work and
returns plain frozen dataclasses, never live ORM objects."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from app.clock import Clock
from app.services.access import AccessService
from app.services.cadres import CadreService
from app.services.calendar import CalendarService
from app.services.codelists import CodeListService
from app.services.demo import DemoPerson, DemoSummary, generate
from app.services.enterprises import EnterpriseService
from app.services.history import HistoryService
from app.services.policies import PolicyService
from app.services.problems import ProblemService
from app.services.profile import ProfileService
from app.services.projects import ProjectService
from app.services.stats import StatsService
from app.services.visits import VisitService
from db.database import Database


class Services:
    """Every service over one database; built by the composition root."""

    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self.db = db
        self.clock = clock or Clock()
        self.code_lists = CodeListService(db)
        self.calendar = CalendarService(db, self.clock)
        self.profile = ProfileService(db)
        self.access = AccessService(db, self.clock)
        self.enterprises = EnterpriseService(db, self.clock)
        self.cadres = CadreService(db, self.clock)
        self.problems = ProblemService(db, self.clock)
        self.visits = VisitService(db, self.clock)
        self.policies = PolicyService(db, self.clock)
        self.projects = ProjectService(db, self.clock)
        self.stats = StatsService(db, self.clock)
        self.history = HistoryService(db)
        # Imported here: the exchange builds on the service modules of this package.
        from app.exchange import ExchangeService

        self.exchange = ExchangeService(db, self.clock, self.profile)

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
        return generate(self.db, scale=scale, today=today, progress=progress, me=me)
