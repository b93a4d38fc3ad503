"""Small builders for test data through the real services."""

from __future__ import annotations

from datetime import date

from app.services import Services
from app.services.cadres import CadreInput
from app.services.enterprises import EnterpriseInput
from app.services.problems import AssignInput, ProblemInput

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
