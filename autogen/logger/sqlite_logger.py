"""Runtime logging into a SQLite database with 0.2's schema.

Every write is its own committed transaction, and files use WAL journaling with a busy timeout, so several
processes can log into one file and a crash (even SIGKILL) leaves a readable database holding every row
written before it.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import threading
import uuid
from typing import Any, Dict, Optional, Tuple

from ._common import (
    dumps_json,
    init_args_json_data,
    is_agent,
    never_raises,
    safe_serialize,
    source_name_of,
)
from ._redact import redact, remember_environment_secrets
from .base_logger import BaseLogger
from .logger_utils import get_current_ts, to_dict

__all__ = ("SqliteLogger",)

logger = logging.getLogger(__name__)

# One lock for every SqliteLogger in the process: sqlite3 connections are shared across threads here.
lock = threading.Lock()

_BUSY_TIMEOUT_SECONDS = 30.0
# Schema migrations ship inside the package (there are none yet). 0.2 read them from ./migrations, the working
# directory that model-written code also runs in, so generated code could plant SQL run at the next start.
_MIGRATIONS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "migrations")
_MIGRATION_FILE = re.compile(r"^(\d+)_.*\.sql$")

_TABLES = (
    """
    CREATE TABLE IF NOT EXISTS chat_completions(
        id INTEGER PRIMARY KEY,
        invocation_id TEXT,
        client_id INTEGER,
        wrapper_id INTEGER,
        session_id TEXT,
        source_name TEXT,
        request TEXT,
        response TEXT,
        is_cached INEGER,
        cost REAL,
        start_time DATETIME DEFAULT CURRENT_TIMESTAMP,
        end_time DATETIME DEFAULT CURRENT_TIMESTAMP)
    """,
    """
    CREATE TABLE IF NOT EXISTS agents (
        id INTEGER PRIMARY KEY,
        agent_id INTEGER,
        wrapper_id INTEGER,
        session_id TEXT,
        name TEXT,
        class TEXT,
        init_args TEXT,
        timestamp DATETIME DEFAULT CURRENT_TIMESTAMP,
        UNIQUE(agent_id, session_id))
    """,
    """
    CREATE TABLE IF NOT EXISTS oai_wrappers (
        id INTEGER PRIMARY KEY,
        wrapper_id INTEGER,
        session_id TEXT,
        init_args TEXT,
        timestamp DATETIME DEFAULT CURRENT_TIMESTAMP,
        UNIQUE(wrapper_id, session_id))
    """,
    """
    CREATE TABLE IF NOT EXISTS oai_clients (
        id INTEGER PRIMARY KEY,
        client_id INTEGER,
        wrapper_id INTEGER,
        session_id TEXT,
        class TEXT,
        init_args TEXT,
        timestamp DATETIME DEFAULT CURRENT_TIMESTAMP,
        UNIQUE(client_id, session_id))
    """,
    """
    CREATE TABLE IF NOT EXISTS version (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        version_number INTEGER NOT NULL)
    """,
    """
    CREATE TABLE IF NOT EXISTS events (
        event_name TEXT,
        source_id INTEGER,
        source_name TEXT,
        agent_module TEXT DEFAULT NULL,
        agent_class_name TEXT DEFAULT NULL,
        id INTEGER PRIMARY KEY,
        json_state TEXT,
        timestamp DATETIME DEFAULT CURRENT_TIMESTAMP)
    """,
    """
    CREATE TABLE IF NOT EXISTS function_calls (
        source_id INTEGER,
        source_name TEXT,
        function_name TEXT,
        args TEXT DEFAULT NULL,
        returns TEXT DEFAULT NULL,
        timestamp DATETIME DEFAULT CURRENT_TIMESTAMP)
    """,
)


class SqliteLogger(BaseLogger):
    """Writes runtime records into the SQLite database `config["dbname"]` (default `logs.db`; `:memory:` works)."""

    schema_version = 1

    def __init__(self, config: Dict[str, Any]) -> None:
        self.config = config
        self.dbname: str = self.config.get("dbname", "logs.db")
        self.con: Optional[sqlite3.Connection] = None
        self.cur: Optional[sqlite3.Cursor] = None
        self.session_id = str(uuid.uuid4())

    def start(self) -> str:
        """Open the database, create missing tables, apply migrations; the session id is returned even on error."""
        try:
            remember_environment_secrets()
            # Autocommit: each statement is one durable transaction, never left open across calls.
            self.con = sqlite3.connect(
                self.dbname, timeout=_BUSY_TIMEOUT_SECONDS, check_same_thread=False, isolation_level=None
            )
            self.cur = self.con.cursor()
            self._configure_journal()
            for table in _TABLES:
                self._run_query(table)
            self._run_query("INSERT OR IGNORE INTO version (id, version_number) VALUES (1, ?)", (self.schema_version,))
            self._apply_migrations()
        except sqlite3.Error as e:
            logger.error(f"[SqliteLogger] start logging error: {e}")
        return self.session_id

    def _configure_journal(self) -> None:
        if self.con is None or self.dbname == ":memory:" or self.dbname.startswith("file::memory:"):
            return
        try:
            with lock:
                self.con.execute("PRAGMA journal_mode=WAL")
                # With WAL, NORMAL survives any process crash; only an OS crash may lose the last commits.
                self.con.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.Error as e:  # e.g. a filesystem without shared memory: keep the default journal
            logger.warning(f"[SqliteLogger] could not enable WAL journaling: {e}")

    def _get_current_db_version(self) -> Optional[int]:
        if self.con is None:
            return None
        with lock:
            row = self.con.execute("SELECT version_number FROM version ORDER BY id DESC LIMIT 1").fetchone()
        return row[0] if row else None

    def _apply_migrations(self, migrations_dir: str = _MIGRATIONS_DIR) -> None:
        """Run the package's `NNN_*.sql` scripts (or those of an explicitly given folder) newer than the stored version."""
        if not os.path.isdir(migrations_dir):
            logger.info("no migration scripts, skip...")  # 0.2's line
            return
        current = self._get_current_db_version() or 0
        scripts = []
        for name in os.listdir(migrations_dir):
            match = _MIGRATION_FILE.match(name)
            if match and int(match.group(1)) > current:
                scripts.append((int(match.group(1)), name))
        for number, name in sorted(scripts):
            with open(os.path.join(migrations_dir, name), encoding="utf-8") as f:
                script = f.read()
            with lock:
                assert self.con is not None
                self.con.executescript(script)
            self._run_query("UPDATE version SET version_number = ? WHERE id = 1", (number,))
            logger.info("Applied migration %s", name)

    def _run_query(self, query: str, args: Tuple[Any, ...] = ()) -> None:
        """Execute and commit one statement; failures are logged, never raised."""
        try:
            with lock:
                assert self.cur is not None and self.con is not None, "SqliteLogger.start() was not called"
                self.cur.execute(query, args)
                self.con.commit()
        except Exception as e:
            logger.error("[sqlite logger]Error running query with query %s and args %s: %s", query, args, e)

    @never_raises("[sqlite logger]", "chat completion")
    def log_chat_completion(
        self,
        invocation_id: uuid.UUID,
        client_id: int,
        wrapper_id: int,
        source: Any,
        request: Dict[str, Any],
        response: Any,
        is_cached: int,
        cost: float,
        start_time: str,
    ) -> None:
        if self.con is None:
            return
        end_time = get_current_ts()
        if response is None or isinstance(response, str):
            response_messages = dumps_json({"response": response})
        else:
            response_messages = dumps_json(to_dict(response), indent=4)
        query = """
            INSERT INTO chat_completions (
                invocation_id, client_id, wrapper_id, session_id, request, response, is_cached, cost, start_time,
                end_time, source_name
            ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
        args = (
            str(invocation_id),
            client_id,
            wrapper_id,
            self.session_id,
            dumps_json(redact(request)),
            response_messages,
            is_cached,
            cost,
            start_time,
            end_time,
            source_name_of(source),
        )
        self._run_query(query, args)

    @never_raises("[sqlite logger]", "new agent")
    def log_new_agent(self, agent: Any, init_args: Optional[Dict[str, Any]] = None) -> None:
        if self.con is None:
            return
        init_args = {} if init_args is None else init_args
        client = getattr(agent, "client", None)
        args = (
            id(agent),
            getattr(client, "wrapper_id", "") if client is not None else "",
            self.session_id,
            getattr(agent, "name", "") or "",
            type(agent).__name__,
            dumps_json(init_args_json_data(init_args)),
            get_current_ts(),
        )
        query = """
            INSERT INTO agents (agent_id, wrapper_id, session_id, name, class, init_args, timestamp)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (agent_id, session_id) DO UPDATE SET
                wrapper_id = excluded.wrapper_id,
                name = excluded.name,
                class = excluded.class,
                init_args = excluded.init_args,
                timestamp = excluded.timestamp
        """
        self._run_query(query, args)

    @never_raises("[sqlite logger]", "event")
    def log_event(self, source: Any, name: str, **kwargs: Dict[str, Any]) -> None:
        if self.con is None:
            return
        json_state = dumps_json(redact(kwargs))
        if is_agent(source):
            query = """
                INSERT INTO events (source_id, source_name, event_name, agent_module, agent_class_name,
                    json_state, timestamp) VALUES (?, ?, ?, ?, ?, ?, ?)
            """
            args: Tuple[Any, ...] = (
                id(source),
                source_name_of(source),
                name,
                source.__module__,
                type(source).__name__,
                json_state,
                get_current_ts(),
            )
        else:
            query = """
                INSERT INTO events (source_id, source_name, event_name, json_state, timestamp)
                VALUES (?, ?, ?, ?, ?)
            """
            args = (id(source), source_name_of(source), name, json_state, get_current_ts())
        self._run_query(query, args)

    @never_raises("[sqlite logger]", "new wrapper")
    def log_new_wrapper(self, wrapper: Any, init_args: Dict[str, Any]) -> None:
        if self.con is None:
            return
        query = """
            INSERT INTO oai_wrappers (wrapper_id, session_id, init_args, timestamp) VALUES (?, ?, ?, ?)
            ON CONFLICT (wrapper_id, session_id) DO NOTHING
        """
        args = (id(wrapper), self.session_id, dumps_json(init_args_json_data(init_args)), get_current_ts())
        self._run_query(query, args)

    @never_raises("[sqlite logger]", "new client")
    def log_new_client(self, client: Any, wrapper: Any, init_args: Dict[str, Any]) -> None:
        if self.con is None:
            return
        query = """
            INSERT INTO oai_clients (client_id, wrapper_id, session_id, class, init_args, timestamp)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (client_id, session_id) DO NOTHING
        """
        args = (
            id(client),
            id(wrapper),
            self.session_id,
            type(client).__name__,
            dumps_json(init_args_json_data(init_args)),
            get_current_ts(),
        )
        self._run_query(query, args)

    @never_raises("[sqlite logger]", "function use")
    def log_function_use(self, source: Any, function: Any, args: Dict[str, Any], returns: Any) -> None:
        if self.con is None:
            return
        query = """
            INSERT INTO function_calls (source_id, source_name, function_name, args, returns, timestamp)
            VALUES (?, ?, ?, ?, ?, ?)
        """
        row = (
            id(source),
            source_name_of(source),
            getattr(function, "__name__", str(function)),
            safe_serialize(redact(args)),
            safe_serialize(returns),
            get_current_ts(),
        )
        self._run_query(query, row)

    def stop(self) -> None:
        """Close the connection (WAL content is checkpointed into the main file by SQLite on the last close)."""
        if self.con is not None:
            with lock:
                self.con.close()
            self.con = None
            self.cur = None

    def get_connection(self) -> Optional[sqlite3.Connection]:
        return self.con
