"""Records, import batches and conflicts are found by the first characters of their ID, taken
literally: a typed % or _ is no LIKE wildcard that would pick some other record."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import NotFoundError
from app.services import Services
from tests.factories import enterprise


def test_an_id_prefix_with_wildcards_finds_nothing(services: Services, tmp_path: Path) -> None:
    eid = enterprise(services)
    out = tmp_path / "台账.xlsx"
    services.exchange.export(out)
    report = services.exchange.import_paths([out])
    assert report.batch_id is not None
    assert len(services.exchange.batches()) == 1
    for typed in ("%", "____", "%%%%"):
        with pytest.raises(NotFoundError):
            services.exchange.undo_batch(typed)  # before: the one batch there is, undone
        with pytest.raises(NotFoundError):
            services.exchange.resolve_conflict(typed, "local")
        with pytest.raises(NotFoundError):
            services.enterprises.resolve_id(typed)
    assert services.enterprises.resolve_id(eid[:8]) == eid
    assert len(services.exchange.batches()) == 1
    # A wildcard after the first characters of a real ID: literally, no ID goes on with % or _.
    bid = report.batch_id
    assert services.exchange.batch(bid[:6]).id == bid
    for typed in (bid[:4] + "_", bid[:4] + "%", eid[:4] + "_", eid[:4] + "%"):
        with pytest.raises(NotFoundError):
            services.exchange.batch(typed)
        with pytest.raises(NotFoundError):
            services.enterprises.resolve_id(typed)
