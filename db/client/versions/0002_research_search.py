"""research search: FTS5 (trigram) over research notes, kept in step by triggers

The index is contentless (the text already lives in research_notes) and keyed by a small
table with an INTEGER PRIMARY KEY per note: a note's own rowid is not stable (VACUUM and
table copies renumber it), an integer primary key is. Trigram tokens make substrings,
Chinese and emoji searchable; queries under three characters are answered with LIKE.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# The source refs (links, document names) are searchable too, flattened to one string.
_SOURCES = "(SELECT coalesce(group_concat(json_extract(s.value, '$.ref'), ' '), '') FROM json_each({row}.sources) AS s)"
_DOC = "(SELECT doc FROM research_search_docs WHERE note_id = {row}.id)"


def _index(row: str) -> str:
    return (
        "INSERT INTO research_search(rowid, text, sources) "
        f"VALUES ({_DOC.format(row=row)}, {row}.text, {_SOURCES.format(row=row)});"
    )


def _unindex(row: str) -> str:
    # A contentless table forgets a row only when told exactly what was indexed for it.
    return (
        "INSERT INTO research_search(research_search, rowid, text, sources) "
        f"VALUES ('delete', {_DOC.format(row=row)}, {row}.text, {_SOURCES.format(row=row)});"
    )


def upgrade() -> None:
    op.execute(
        "CREATE TABLE research_search_docs ("
        " doc INTEGER PRIMARY KEY,"
        " note_id VARCHAR(36) NOT NULL CONSTRAINT uq_research_search_docs_note_id UNIQUE)"
    )
    op.execute("CREATE VIRTUAL TABLE research_search USING fts5(text, sources, content='', tokenize='trigram')")
    op.execute(
        "CREATE TRIGGER research_notes_search_insert AFTER INSERT ON research_notes BEGIN "
        "INSERT INTO research_search_docs(note_id) VALUES (new.id); "
        f"{_index('new')} END"
    )
    op.execute(
        "CREATE TRIGGER research_notes_search_delete AFTER DELETE ON research_notes BEGIN "
        f"{_unindex('old')} "
        "DELETE FROM research_search_docs WHERE note_id = old.id; END"
    )
    op.execute(
        "CREATE TRIGGER research_notes_search_update AFTER UPDATE OF id, text, sources ON research_notes BEGIN "
        f"{_unindex('old')} "
        "UPDATE research_search_docs SET note_id = new.id WHERE note_id = old.id; "
        f"{_index('new')} END"
    )
    # Notes written before this revision.
    op.execute("INSERT INTO research_search_docs(note_id) SELECT id FROM research_notes ORDER BY id")
    op.execute(
        "INSERT INTO research_search(rowid, text, sources) "
        f"SELECT d.doc, n.text, {_SOURCES.format(row='n')} "
        "FROM research_notes AS n JOIN research_search_docs AS d ON d.note_id = n.id"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS research_notes_search_update")
    op.execute("DROP TRIGGER IF EXISTS research_notes_search_delete")
    op.execute("DROP TRIGGER IF EXISTS research_notes_search_insert")
    op.execute("DROP TABLE IF EXISTS research_search")
    op.execute("DROP TABLE IF EXISTS research_search_docs")
