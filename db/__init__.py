"""The local database: SQLAlchemy models, engine, units of work and migrations."""
