"""Services: the only door to the data. Each call is one unit of work and
returns plain frozen dataclasses, never live ORM objects."""

from __future__ import annotations

from app.clock import Clock
from app.services.cadres import CadreService
from app.services.calendar import CalendarService
from app.services.codelists import CodeListService
from app.services.enterprises import EnterpriseService
from app.services.history import HistoryService
from app.services.problems import ProblemService
from app.services.profile import ProfileService
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
        self.enterprises = EnterpriseService(db, self.clock)
        self.cadres = CadreService(db, self.clock)
        self.problems = ProblemService(db, self.clock)
        self.visits = VisitService(db, self.clock)
        self.stats = StatsService(db, self.clock)
        self.history = HistoryService(db)
        # Imported here: the exchange builds on the service modules of this package.
        from app.exchange.service import ExchangeService

        self.exchange = ExchangeService(db, self.clock, self.profile)
