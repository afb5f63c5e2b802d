"""Persistence: SQLAlchemy models, sessions, named queries and alembic migrations."""
