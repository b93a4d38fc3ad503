"""Small builders for test data through the real services."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.services import Services
from app.services.cadres import CadreInput
from app.services.enterprises import EnterpriseInput
from app.services.problems import AssignInput, ProblemInput
from db.database import open_database

VALID_CODES = ("914403001922038216", "91440300708461136T", "91110108551385082Q")


def enterprise(services: Services, name: str = "河阳县恒达铝业有限公司", *, region: str = "城关镇",
               code: str | None = None) -> str:
    return services.enterprises.create(EnterpriseInput(name=name, credit_code=code, region_name=region)).id


def cadre(services: Services, name: str = "张伟", unit: str = "工信局") -> str:
    return services.cadres.create(CadreInput(name=name, role="助企干部", unit=unit)).id


def problem(services: Services, enterprise_id: str, *, category: str = "融资", received: date | None = None) -> str:
    return services.problems.create(
        ProblemInput(enterprise_id=enterprise_id, category=category, description="流动资金紧张",
                     demand="协调续贷", received_date=received)
    ).id


def assign(services: Services, problem_id: str, *, unit: str = "金融工作局", on: date | None = None,
           deadline: date | None = None) -> None:
    services.problems.assign(problem_id, AssignInput(lead_unit=unit, deadline=deadline), on=on)


def acting(services: Services, name: str = "测试员", unit: str = "营商办") -> Services:
    """Services with someone named: imports, undos and workflow steps are refused without an identity."""
    services.profile.set(name, unit)
    return services


def database_with(path: Path, *names: str) -> None:
    """A database file holding enterprises with these names (closed again)."""
    db = open_database(path)
    for n in names:
        Services(db).enterprises.create(EnterpriseInput(name=n))
    db.close()


def scribble_over_pages(path: Path) -> None:
    """Damage a database file as a failing disk would: garbage in every page but the first."""
    data = bytearray(path.read_bytes())
    for page in range(2, len(data) // 4096):
        data[page * 4096 + 100: page * 4096 + 1100] = b"\xa5" * 1000
    path.write_bytes(bytes(data))
