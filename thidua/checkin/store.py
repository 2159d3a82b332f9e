# ruff: noqa: S608 — identifiers only come from the models' _meta, quoted by the backend; values are always bound parameters
"""The check-in path's statements, in plain SQL.

A scanner's check-in request (each item of a replayed offline queue is one) sends five statements on
SQLite and three on PostgreSQL, besides its transaction's begin and commit: the token's account with
the event (`user_for_token`), the desk read (`desk_read`), and the three writes of `record_checkin`
(one data-modifying WITH on PostgreSQL). A replayed nonce sends two. An invitation number typed in
place of the QR code ("0002") takes one more, before the desk read (`delegate_id_by_number`). `tests/checkin/test_store.py`
counts them.

Through the ORM, building a SELECT costs far more than running it: on the 2-core machine
about 0.5–0.9 ms to compile a one-row query against 30–60 µs to run it on SQLite (measured with
`benchmarks/checkin_bench.py`). So this path, and only this path, states its
SQL itself, built once per backend:

- table and column names come from the models' `_meta`, so a renamed column cannot drift;
- values written are prepared by the model fields (`pre_save`, `get_db_prep_save`) and values read go
  through the backend's and the fields' converters, as the ORM does, so SQLite and PostgreSQL hold
  and give back exactly what the ORM would;
- rows come back as model instances (`Model.from_db`) carrying the columns read, the others deferred.

The SQL is plain (JOIN, LIMIT, INSERT … RETURNING) and runs on both backends. Two desks checking
the same delegate in at once are kept apart by the database, not by a row lock: SQLite serialises
writers (`writing`: the file lock, then a transaction that begins IMMEDIATE); on PostgreSQL the
second INSERT waits for the first on `checkin_one_valid` and fails, and `services.check_in` asks
again. Reads here are unscoped: each caller checks what it read against the desk's event and the account's
authority (`thidua.checkin.api.holds`).
"""

from __future__ import annotations

import fcntl
import os
import threading
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from functools import cache

from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction

from thidua.events.models import Delegate, DelegateCategory, Event
from thidua.orgs.models import AuditLog, Organisation, User

from .models import ApiToken, CheckIn, CheckInStatus, Scan


class Columns:
    """Some columns of one model: their SQL, and the row → instance step."""

    def __init__(self, model: type[models.Model], names: tuple[str, ...]):
        wanted = set(names)
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if f.name in wanted]  # from_db wants this order
        missing = wanted - {f.name for f in self.fields}
        if missing:
            raise ValueError(f"{model.__name__} has no column {sorted(missing)}")
        self.attnames = [f.attname for f in self.fields]

    def __len__(self) -> int:
        return len(self.fields)

    def sql(self, alias: str) -> str:
        return ", ".join(f"{alias}.{_q(f.column)}" for f in self.fields)

    def build(self, values, db) -> models.Model:
        values = list(values)
        for i, converters in _converters(self.model, tuple(self.attnames), db.vendor):
            for convert in converters:
                values[i] = convert(values[i], self.fields[i].cached_col, db)
        return self.model.from_db(DEFAULT_DB_ALIAS, self.attnames, values)


@cache
def _converters(model, attnames: tuple[str, ...], vendor: str) -> list[tuple[int, list]]:
    """(column index, converters) for the columns that have any."""
    out = []
    for i, name in enumerate(attnames):
        field = next(f for f in model._meta.concrete_fields if f.attname == name)
        converters = connection.ops.get_db_converters(field.cached_col) + field.get_db_converters(connection)
        if converters:
            out.append((i, converters))
    return out


def _db():
    """The default database's wrapper itself: `django.db.connection` looks it up again (through a
    context-local) at every attribute, some forty times a scan."""
    return connections[DEFAULT_DB_ALIAS]


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _table(model: type[models.Model]) -> str:
    return _q(model._meta.db_table)


def _col(model: type[models.Model], name: str, alias: str = "") -> str:
    column = _q(model._meta.get_field(name).column)
    return f"{alias}.{column}" if alias else column


def _execute(db, sql: str, params: list):
    """Run one statement through Django's cursor wrapper (its checks, `execute_wrapper`s and query
    log) and return its first row.

    On PostgreSQL the wrapper holds a cursor that binds on the server, kept per connection: psycopg
    prepares a statement it has run `prepare_threshold` times (settings), so each of these is planned
    once per connection. Planning these joins cost PostgreSQL more than running them (0.4–0.7 ms
    against 0.04–0.14 ms each on the 2-core machine). Django's own cursors bind on the client and
    never prepare, so nothing else changes."""
    if db.vendor != "postgresql":
        with db.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()
    db.close_if_health_check_failed()  # what `db.cursor()` does before it makes a cursor
    db.ensure_connection()
    db.validate_thread_sharing()
    raw = _server_cursor(db)  # kept: not closed here
    cursor = db.make_debug_cursor(raw) if db.queries_logged else db.make_cursor(raw)
    cursor.execute(sql, params)
    return cursor.fetchone()


_held = threading.local()


def _server_cursor(db):
    """This thread's server-binding cursor on the connection `db` holds now (making one copies the
    connection's adapters: once per connection, not once per statement)."""
    held = getattr(_held, "cursor", None)
    if held is None or held.connection is not db.connection or held.closed:
        from psycopg import Cursor  # noqa: PLC0415 (optional)

        held = _held.cursor = Cursor(db.connection)
    return held


# --- reads ------------------------------------------------------------------------------------

TOKEN_USER = Columns(User, ("id", "username", "full_name", "role", "is_superuser", "is_active", "authority", "unit"))


@cache
def _token_user_sql(vendor: str, with_event: bool) -> str:
    event = (f" LEFT OUTER JOIN {_table(Event)} e ON {_col(Event, 'id', 'e')} = %s" if with_event else "")
    return (f"SELECT {TOKEN_USER.sql('u')}" + (f", {EVENT.sql('e')}" if with_event else "") +
            f" FROM {_table(User)} u INNER JOIN {_table(ApiToken)} t ON {_col(ApiToken, 'user', 't')} = {_col(User, 'id', 'u')}"
            f"{event} WHERE {_col(ApiToken, 'key_hash', 't')} = %s AND {_col(ApiToken, 'revoked_at', 't')} IS NULL"
            f" AND {_col(User, 'is_active', 'u')} = %s")


def user_for_token(key_hash: str, event_id: int | None = None) -> tuple[User | None, Event | None]:
    """The active account a device's token (by its hash) acts as, or None when revoked or unknown,
    and the event `event_id` in the same statement (a scanner names its event in every request), or
    None when there is none (unscoped: the caller checks the authority). What the endpoints need of
    the account: role and authority (permissions, scope) and name (audit)."""
    db = _db()
    with_event = event_id is not None
    row = _execute(db, _token_user_sql(db.vendor, with_event), [event_id, key_hash, True] if with_event else [key_hash, True])
    if row is None:
        return None, None
    user_row, event_row = _split(row, TOKEN_USER, EVENT) if with_event else (row, [None])
    return TOKEN_USER.build(user_row, db), (EVENT.build(event_row, db) if event_row[0] is not None else None)


EVENT = Columns(Event, ("id", "authority", "slug", "title", "date", "venue", "created_at"))


@cache
def _event_sql(vendor: str) -> str:
    return f"SELECT {EVENT.sql('e')} FROM {_table(Event)} e WHERE {_col(Event, 'id', 'e')} = %s"


def event(pk: int) -> Event | None:
    """An event with what a desk shows of it (unscoped: the caller checks the authority)."""
    db = _db()
    row = _execute(db, _event_sql(db.vendor), [pk])
    return EVENT.build(row, db) if row else None


def authority_of(event_id: int) -> int | None:
    found = event(event_id)
    return found.authority_id if found else None


SCAN = Columns(Scan, ("id", "event", "result", "delegate", "checkin", "conflict"))


@cache
def _scan_sql(vendor: str) -> str:
    return f"SELECT {SCAN.sql('s')} FROM {_table(Scan)} s WHERE {_col(Scan, 'nonce', 's')} = %s"


def scan_by_nonce(nonce: str) -> Scan | None:
    """The scan an earlier upload of this nonce made (nonces are unique across events)."""
    db = _db()
    row = _execute(db, _scan_sql(db.vendor), [nonce])
    return SCAN.build(row, db) if row else None


# What a scan answer shows of a delegate (`queries.delegate_payload`, the audit note).
DELEGATE = Columns(Delegate, ("id", "event", "category", "organisation", "full_name", "represents", "unit_text",
                              "position", "gender", "substitute_name", "substitute_position", "reply_status", "seat",
                              "area", "notes", "revoked", "nonce", "invitation_number"))
CATEGORY = Columns(DelegateCategory, ("id", "code", "name"))
UNIT = Columns(Organisation, ("id", "name"))


def _split(row, *columns: Columns) -> list:
    """A joined row cut into each model's columns."""
    parts, at = [], 0
    for cols in columns:
        parts.append(row[at:at + len(cols)])
        at += len(cols)
    return parts


def _delegate_from() -> str:
    """The delegate with its category and unit: the FROM of `delegate` and `desk_read`."""
    return (f" FROM {_table(Delegate)} d"
            f" INNER JOIN {_table(DelegateCategory)} c ON {_col(Delegate, 'category', 'd')} = {_col(DelegateCategory, 'id', 'c')}"
            f" LEFT OUTER JOIN {_table(Organisation)} o ON {_col(Delegate, 'organisation', 'd')} = {_col(Organisation, 'id', 'o')}")


def _build_delegate(db, delegate_row, category_row, unit_row) -> Delegate:
    found = DELEGATE.build(delegate_row, db)
    found.category = CATEGORY.build(category_row, db)
    if found.organisation_id is not None:
        found.organisation = UNIT.build(unit_row, db)
    return found


@cache
def _delegate_sql(vendor: str) -> str:
    return (f"SELECT {DELEGATE.sql('d')}, {CATEGORY.sql('c')}, {UNIT.sql('o')}{_delegate_from()}"
            f" WHERE {_col(Delegate, 'id', 'd')} = %s")


def delegate(pk: int) -> Delegate | None:
    """A delegate with its category and unit, as a scan answer shows them (unscoped: the caller
    compares the delegate's event with the desk's)."""
    db = _db()
    row = _execute(db, _delegate_sql(db.vendor), [pk])
    return _build_delegate(db, *_split(row, DELEGATE, CATEGORY, UNIT)) if row else None


CHECKIN = Columns(CheckIn, ("id", "event", "delegate", "status", "at", "desk", "attendee_name", "walk_in", "by"))
BY = Columns(User, ("id", "username", "full_name"))


@cache
def _checkin_sql(vendor: str, by: str) -> str:
    return (f"SELECT {CHECKIN.sql('k')}, {BY.sql('u')} FROM {_table(CheckIn)} k"
            f" LEFT OUTER JOIN {_table(User)} u ON {_col(CheckIn, 'by', 'k')} = {_col(User, 'id', 'u')}"
            f" WHERE {_col(CheckIn, by, 'k')} = %s" + (f" AND {_col(CheckIn, 'status', 'k')} = %s"
                                                       if by == "delegate" else ""))


def _checkin(db, row) -> CheckIn:
    checkin_row, by_row = _split(row, CHECKIN, BY)
    found = CHECKIN.build(checkin_row, db)
    if found.by_id is not None:
        found.by = BY.build(by_row, db)
    return found


@dataclass
class DeskRead:
    """What one scan needs to know, read in one statement inside its transaction."""

    delegate: Delegate | None = None
    checkin: CheckIn | None = None  # the delegate's standing check-in
    scan: Scan | None = None  # the scan this nonce already made


@cache
def _desk_sql(vendor: str) -> str:
    return (f"SELECT {DELEGATE.sql('d')}, {CATEGORY.sql('c')}, {UNIT.sql('o')}, {CHECKIN.sql('k')}, {BY.sql('u')},"
           f" {SCAN.sql('s')}{_delegate_from()}"
           f" LEFT OUTER JOIN {_table(CheckIn)} k ON {_col(CheckIn, 'delegate', 'k')} = {_col(Delegate, 'id', 'd')}"
           f" AND {_col(CheckIn, 'status', 'k')} = %s"
           f" LEFT OUTER JOIN {_table(User)} u ON {_col(CheckIn, 'by', 'k')} = {_col(User, 'id', 'u')}"
           f" LEFT OUTER JOIN {_table(Scan)} s ON {_col(Scan, 'nonce', 's')} = %s"
           f" WHERE {_col(Delegate, 'id', 'd')} = %s")


def desk_read(delegate_id: int | None, nonce: str) -> DeskRead:
    """In one statement: the delegate with category and unit, its standing check-in with who took
    it, and the scan this nonce made."""
    if delegate_id is None:
        return DeskRead(scan=scan_by_nonce(nonce))
    db = _db()
    row = _execute(db, _desk_sql(db.vendor), [CheckInStatus.VALID.value, nonce, delegate_id])
    if row is None:
        return DeskRead(scan=scan_by_nonce(nonce))
    d, c, o, k, u, scan = _split(row, DELEGATE, CATEGORY, UNIT, CHECKIN, BY, SCAN)
    return DeskRead(_build_delegate(db, d, c, o), _checkin(db, k + u) if k[0] is not None else None,
                    SCAN.build(scan, db) if scan[0] is not None else None)


@cache
def _number_sql(vendor: str) -> str:
    return (f"SELECT {_col(Delegate, 'id', 'd')} FROM {_table(Delegate)} d WHERE {_col(Delegate, 'event', 'd')} = %s"
            f" AND {_col(Delegate, 'invitation_number', 'd')} = %s")


def delegate_id_by_number(event_id: int, number: int) -> int | None:
    """The delegate of this event whose invitation carries `number` (printed "Mã điểm danh số 0002"
    under the QR code, typed at the desk), or None."""
    db = _db()
    row = _execute(db, _number_sql(db.vendor), [event_id, number])
    return row[0] if row else None


def checkin(pk: int) -> CheckIn | None:
    db = _db()
    row = _execute(db, _checkin_sql(db.vendor, "id"), [pk])
    return _checkin(db, row) if row else None


# --- writes -----------------------------------------------------------------------------------

@cache
def _insert_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


@cache
def _insert_sql(model: type[models.Model], vendor: str) -> str:
    fields = _insert_fields(model)
    return (f"INSERT INTO {_table(model)} ({', '.join(_q(f.column) for f in fields)})"
            f" VALUES ({', '.join(['%s'] * len(fields))}) RETURNING {_q(model._meta.pk.column)}")


def _values(db, obj: models.Model) -> list:
    return [f.get_db_prep_save(f.pre_save(obj, True), db) for f in _insert_fields(type(obj))]


def _saved(obj: models.Model, pk) -> models.Model:
    obj.pk = pk
    obj._state.adding = False
    obj._state.db = DEFAULT_DB_ALIAS
    return obj


def insert(obj: models.Model) -> models.Model:
    """Insert a new instance (every concrete column but its automatic key) as `save()` would, and
    set its key. No signals: none of the models written here has a receiver."""
    db = _db()
    return _saved(obj, _execute(db, _insert_sql(type(obj), db.vendor), _values(db, obj))[0])


@cache
def _record_sql(vendor: str) -> str:
    """The check-in, the audit entry and the scan in one PostgreSQL statement (data-modifying WITH): the scan takes the new check-in's key from the first INSERT's RETURNING."""
    def columns(model):
        return ", ".join(_q(f.column) for f in _insert_fields(model))

    scan_values = ", ".join("(SELECT id FROM k)" if f.name == "checkin" else "%s" for f in _insert_fields(Scan))
    return (f"WITH k AS (INSERT INTO {_table(CheckIn)} ({columns(CheckIn)})"
            f" VALUES ({', '.join(['%s'] * len(_insert_fields(CheckIn)))}) RETURNING {_q(CheckIn._meta.pk.column)} AS id),"
            f" a AS (INSERT INTO {_table(AuditLog)} ({columns(AuditLog)})"
            f" VALUES ({', '.join(['%s'] * len(_insert_fields(AuditLog)))}))"
            f" INSERT INTO {_table(Scan)} ({columns(Scan)}) VALUES ({scan_values})"
            f" RETURNING (SELECT id FROM k), {_q(Scan._meta.pk.column)}")


def record_checkin(checkin: CheckIn, entry: AuditLog, scan: Scan) -> None:
    """A new check-in's three writes: the check-in, its audit entry and the scan that made it
    (`scan.checkin` is set to the new check-in). One statement, so one round trip, on PostgreSQL;
    three elsewhere."""
    db = _db()
    if db.vendor != "postgresql":
        insert(checkin)
        insert(entry)
        scan.checkin = checkin
        insert(scan)
        return
    scan_values = [v for f, v in zip(_insert_fields(Scan), _values(db, scan), strict=True) if f.name != "checkin"]
    checkin_pk, scan_pk = _execute(db, _record_sql(db.vendor),
                                   [*_values(db, checkin), *_values(db, entry), *scan_values])
    _saved(checkin, checkin_pk)
    scan.checkin = checkin
    _saved(scan, scan_pk)



# --- the write transaction --------------------------------------------------------------------

class FileLock:
    """An exclusive lock on a file, shared by every thread and process that names the same path
    (`flock` on a descriptor of each thread's own: a blocked thread sleeps in the kernel and wakes
    the moment the holder lets go)."""

    def __init__(self, path: str):
        self.path = path
        self._local = threading.local()

    def _fd(self) -> int:
        fd = getattr(self._local, "fd", None)
        if fd is None:
            fd = self._local.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        return fd

    def __enter__(self):
        fcntl.flock(self._fd(), fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        fcntl.flock(self._fd(), fcntl.LOCK_UN)


_LOCKS: dict[str, FileLock] = {}


def _writer_lock() -> FileLock | None:
    """SQLite on a file: one lock beside the database for the check-in writers of every process.
    SQLite's own wait for its write lock polls, sleeping up to 100 ms between tries; with eight desks
    writing at once that was the benchmark's whole latency tail."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return None  # PostgreSQL locks the row; inside a transaction this connection may hold SQLite's lock
    name = str(connection.settings_dict["NAME"])
    if not name or name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        return None
    if name not in _LOCKS:
        _LOCKS[name] = FileLock(name + ".writers.lock")
    return _LOCKS[name]


@contextmanager
def writing():
    """The check-in's transaction, entered behind the writer lock where there is one."""
    lock = _writer_lock()
    with lock or nullcontext(), transaction.atomic():
        yield
