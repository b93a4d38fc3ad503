"""What every screen is handed by the composition root (no globals)."""

from __future__ import annotations

from dataclasses import dataclass

from app.drafts import DraftStore
from app.services import Services
from ui.errors import ErrorReporter
from ui.operations import Operations
from ui.settings import Settings


@dataclass
class Context:
    services: Services
    ops: Operations
    settings: Settings
    drafts: DraftStore
    errors: ErrorReporter
