"""full-text search over messages (subject, sender, body)

SQLite: an FTS5 table with external content (``message``) kept in step by triggers.
PostgreSQL: a GIN index on a ``to_tsvector('simple', ...)`` expression; queries repeat the
expression exactly (see ``mailflow/web/search.py``) so the planner uses the index.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = "subject, from_addr, from_name, body_text"
NEW = "new.subject, new.from_addr, new.from_name, new.body_text"
OLD = "old.subject, old.from_addr, old.from_name, old.body_text"

SQLITE_UP = [
    f"""CREATE VIRTUAL TABLE message_fts USING fts5({COLUMNS}, content='message',
        content_rowid='id', tokenize='unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER message_fts_ai AFTER INSERT ON message BEGIN
        INSERT INTO message_fts(rowid, {COLUMNS}) VALUES (new.id, {NEW}); END""",
    f"""CREATE TRIGGER message_fts_ad AFTER DELETE ON message BEGIN
        INSERT INTO message_fts(message_fts, rowid, {COLUMNS}) VALUES ('delete', old.id, {OLD}); END""",
    f"""CREATE TRIGGER message_fts_au AFTER UPDATE OF {COLUMNS} ON message BEGIN
        INSERT INTO message_fts(message_fts, rowid, {COLUMNS}) VALUES ('delete', old.id, {OLD});
        INSERT INTO message_fts(rowid, {COLUMNS}) VALUES (new.id, {NEW}); END""",
    "INSERT INTO message_fts(message_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS message_fts_au",
    "DROP TRIGGER IF EXISTS message_fts_ad",
    "DROP TRIGGER IF EXISTS message_fts_ai",
    "DROP TABLE IF EXISTS message_fts",
]
POSTGRES_UP = [
    """CREATE INDEX ix_message_fts ON message USING GIN (to_tsvector('simple',
        subject || ' ' || from_addr || ' ' || from_name || ' ' || left(body_text, 200000)))""",
]
POSTGRES_DOWN = ["DROP INDEX IF EXISTS ix_message_fts"]


def _run(statements: list[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(SQLITE_UP)
    elif dialect == "postgresql":
        _run(POSTGRES_UP)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(SQLITE_DOWN)
    elif dialect == "postgresql":
        _run(POSTGRES_DOWN)
