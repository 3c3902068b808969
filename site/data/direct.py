"""A DB-API connection kept for one hot writing path (share presses), and statements compiled
once into the driver's own SQL: SQLAlchemy's work per statement (compiled-cache lookup,
parameter processing, result wrapping, the session's transaction bookkeeping) costs several
times what SQLite takes to run the statement. Its callers run one transaction at a time on it
(a lock); driver errors come out as SQLAlchemy's, so a locked or unreachable database is the
same 503 as anywhere else, and the connection is given up after any error.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import NamedTuple

from sqlalchemy import Engine, event
from sqlalchemy.exc import DBAPIError


class Compiled(NamedTuple):
    """A statement in the driver's SQL: its parameters' names (in order, for a positional
    driver such as SQLite's), whether the driver takes them by position, and the values the
    statement holds itself."""

    sql: str
    names: tuple[str, ...]
    positional: bool
    defaults: dict


def compile_for(statement, engine: Engine) -> Compiled:
    compiled = statement.compile(dialect=engine.dialect)
    defaults = dict(compiled.params)
    if compiled.positional:
        return Compiled(compiled.string, tuple(compiled.positiontup), True, defaults)
    return Compiled(compiled.string, tuple(defaults), False, defaults)


class DirectConnection:
    """One DB-API connection out of the engine's pool, kept between transactions (checking one
    out per transaction costs more than the transaction's statements), given back when the
    engine is disposed or after an error."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._fairy = None
        self._lock = threading.Lock()  # only around taking and giving back the connection
        event.listen(engine, "engine_disposed", lambda _engine: self.close())

    def close(self) -> None:
        with self._lock:
            fairy, self._fairy = self._fairy, None
        if fairy is not None:
            fairy.invalidate()  # closed rather than pooled: it may hold a broken state

    @contextmanager
    def transaction(self) -> Iterator[Callable[[Compiled, dict], list]]:
        """A transaction on the kept connection, committed when the block ends, rolled back
        and the connection given up when it raises."""
        dbapi = self.engine.dialect.loaded_dbapi
        try:
            with self._lock:
                if self._fairy is None:
                    self._fairy = self.engine.raw_connection()
                connection = self._fairy.dbapi_connection
            yield _runner(connection)
            connection.commit()
        except dbapi.Error as exc:
            self.close()
            raise DBAPIError.instance(
                None, None, exc, dbapi.Error, dialect=self.engine.dialect
            ) from exc
        except BaseException:
            self.close()
            raise


def _runner(connection) -> Callable[[Compiled, dict], list]:
    execute = connection.execute

    def run(statement: Compiled, params: dict) -> list:
        """The rows of `statement` with `params` (over the statement's own values)."""
        values = {**statement.defaults, **params}
        if statement.positional:
            cursor = execute(statement.sql, [values[name] for name in statement.names])
        else:
            cursor = execute(statement.sql, {name: values[name] for name in statement.names})
        return cursor.fetchall() if cursor.description is not None else []

    return run
