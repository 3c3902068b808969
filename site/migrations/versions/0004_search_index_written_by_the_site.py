"""The SQLite search index: keyed by position, prefix indexes, filled by the site.

- posts_fts is made again with the post's position (larger is newer) as its rowid, so the
  newest matches are the first the index reads, and with prefix indexes for 1 to 4
  characters, so the prefix of the last word a visitor types reads one list instead of
  merging the lists of every word it starts.
- posts_fts_terms lists the index's words, so a longer prefix can be read as the words it
  stands for.
- The insert and update triggers go: the site indexes new and changed posts in one statement
  per import (community_site.search_index). The delete trigger stays; nothing deletes posts in
  bulk, and it keeps any deletion from leaving entries behind.
- The index is filled again from the posts table, so an upgraded database keeps finding its posts.

PostgreSQL's generated tsvector column needs none of this.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TABLE = """CREATE VIRTUAL TABLE posts_fts USING fts5(
    title, source, content='posts', content_rowid='{key}',
    tokenize='unicode61 remove_diacritics 2'{options})"""
DELETE_TRIGGER = """CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts BEGIN
    INSERT INTO posts_fts(posts_fts, rowid, title, source)
    VALUES ('delete', old.{key}, old.title, old.source);
END"""
OLD_TRIGGERS = [
    """CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts BEGIN
           INSERT INTO posts_fts(rowid, title, source) VALUES (new.id, new.title, new.source);
       END""",
    """CREATE TRIGGER posts_fts_update AFTER UPDATE OF title, source ON posts BEGIN
           INSERT INTO posts_fts(posts_fts, rowid, title, source)
           VALUES ('delete', old.id, old.title, old.source);
           INSERT INTO posts_fts(rowid, title, source) VALUES (new.id, new.title, new.source);
       END""",
]


def _remake(key: str, options: str) -> None:
    for trigger in ("posts_fts_insert", "posts_fts_update", "posts_fts_delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS posts_fts")
    op.execute(TABLE.format(key=key, options=options))
    # In rowid order: FTS5 starts a new segment whenever a rowid is smaller than the last.
    op.execute(
        f"INSERT INTO posts_fts(rowid, title, source) "
        f"SELECT {key}, title, source FROM posts ORDER BY {key}"
    )
    op.execute(DELETE_TRIGGER.format(key=key))


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        _remake("position", ", prefix='1 2 3 4'")
        op.execute("CREATE VIRTUAL TABLE posts_fts_terms USING fts5vocab(posts_fts, 'row')")


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE posts_fts_terms")
        _remake("id", "")
        for statement in OLD_TRIGGERS:
            op.execute(statement)
