"""Alembic environment. The program runs migrations itself (db.database), passing
its open connection; `alembic` from the command line works too for developers."""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

import db.models  # noqa: F401  (registers the tables)
from db import dialect
from db.base import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things: copy-and-move tables
        compare_type=True,
        # The text indexes (SQLite's virtual tables, PostgreSQL's trigram indexes) are made by SQL, not by the models.
        include_name=lambda name, kind, _parent: dialect.in_models(name, kind),
    )


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = engine_from_config(
        config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    with engine.connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
