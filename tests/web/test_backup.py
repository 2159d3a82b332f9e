"""`thidua backup` / `thidua restore` (#17): the demo data round-trips into a fresh data folder, every
table and file equal, and an invitation QR printed before the backup still checks in afterwards (the
secret key travelled); a corrupt archive is refused with nothing changed; everything is 0600/0700.

The backup runs in this process (the test database); the restore and the checks after it run in
`thidua` subprocesses on a fresh THIDUA_DATA_DIR (and, on PostgreSQL, a fresh database), as an operator
would run them."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import shutil
import stat
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django_scopes import scopes_disabled

from thidua.events.models import Delegate
from thidua.events.tokens import make_token
from thidua.web import backup

ROOT = Path(__file__).resolve().parents[2]
RESTORED_PG = "test_h5backup_restored"


class _Encoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, bytes | memoryview):
            return bytes(o).hex()
        return super().default(o)


def snapshot() -> dict[str, list]:
    """Every table of every model (m2m tables too), rows in primary-key order, as JSON-able values."""
    out = {}
    with scopes_disabled():
        for model in apps.get_models(include_auto_created=True):
            fields = [f.attname for f in model._meta.concrete_fields]
            rows = list(model._base_manager.order_by("pk").values_list(*fields))
            out[model._meta.db_table] = json.loads(json.dumps(rows, cls=_Encoder))
    return out


def file_sums(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _env(data_dir: Path, database_url: str | None) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in {"THIDUA_SECRET_KEY", "THIDUA_DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env["THIDUA_DATA_DIR"] = str(data_dir)
    if database_url:
        env["THIDUA_DATABASE_URL"] = database_url
    return env


def thidua(data_dir: Path, database_url: str | None, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "thidua", *args], cwd=ROOT, env=_env(data_dir, database_url),
                          capture_output=True, text=True, timeout=300, check=False)


AFTER_RESTORE = """
import json
from django_scopes import scopes_disabled
from tests.web.test_backup import snapshot
from thidua.checkin.services import check_in
from thidua.events.models import Event
tables = snapshot()
with scopes_disabled():
    outcome = check_in(None, TOKEN, "Bàn 1", "khoiphuc-0001", event=Event.objects.get(pk=EVENT))
print(json.dumps({"tables": tables, "ok": outcome.ok, "outcome": repr(outcome)}))
"""


def _pg_url(name: str) -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


@pytest.fixture
def fresh_database():
    """SQLite: nothing (the database file comes with the data folder). PostgreSQL: an empty database,
    dropped afterwards; skipped with the reason when pg_dump / pg_restore are not installed."""
    if connection.vendor != "postgresql":
        yield None
        return
    missing = [tool for tool in ("pg_dump", "pg_restore") if not shutil.which(tool)]
    if missing:
        pytest.skip(f"Không có {', '.join(missing)} (gói postgresql-client): bỏ qua phục hồi trên PostgreSQL.")
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{RESTORED_PG}"')
        cursor.execute(f'CREATE DATABASE "{RESTORED_PG}"')
    yield _pg_url(RESTORED_PG)
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{RESTORED_PG}" WITH (FORCE)')


def _tree(root: Path) -> dict[str, str]:
    """Every file under root with its hash, but SQLite's -wal/-shm (a reader may create them)."""
    return {k: v for k, v in file_sums(root).items() if not k.endswith(("-wal", "-shm"))}


def _tamper(archive: Path, out: Path, name: str) -> None:
    """A well-formed archive whose member `name` no longer matches the manifest."""
    with tarfile.open(archive, "r:gz") as src, tarfile.open(out, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name == name:
                data = data[:-1] + bytes([data[-1] ^ 1])
            dst.addfile(member, io.BytesIO(data))


@pytest.mark.django_db(transaction=True)
def test_demo_round_trips_through_backup_and_restore(tmp_path, fresh_database):
    call_command("demo", stdout=io.StringIO())
    with scopes_disabled():
        delegate = Delegate.objects.filter(checkins__isnull=True).order_by("pk").first()
        token = make_token(delegate)  # as printed on the invitation letter
    before = snapshot()
    assert sum(len(rows) for rows in before.values()) > 1000
    files_before = file_sums(Path(settings.MEDIA_ROOT))
    assert files_before, "the demo writes documents under private/"

    archive = tmp_path / "sao-luu.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "Đã ghi bản sao lưu" in out.getvalue()
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert manifest["database"]["vendor"] == connection.vendor
    assert {f["path"] for f in manifest["files"]} >= {"secret_key", *(f"private/{p}" for p in files_before)}

    data = tmp_path / "moi"
    done = thidua(data, fresh_database, "restore", str(archive))
    assert done.returncode == 0, done.stderr
    assert "mọi tổng kiểm SHA-256 đều khớp" in done.stdout

    script = AFTER_RESTORE.replace("TOKEN", repr(token)).replace("EVENT", str(delegate.event_id))
    done = thidua(data, fresh_database, "shell", "-c", script)
    assert done.returncode == 0, done.stderr
    after = json.loads(done.stdout.strip().splitlines()[-1])
    assert {t: len(r) for t, r in after["tables"].items()} == {t: len(r) for t, r in before.items()}
    for table, rows in before.items():
        assert after["tables"][table] == rows, table
    assert after["ok"], after["outcome"]  # the restored secret key accepts the printed QR
    assert file_sums(data / "private") == files_before

    # Everything restored is private to its owner.
    for path in [data, *data.rglob("*")]:
        if path.is_relative_to(data / "static"):
            continue
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path

    # The data folder now holds data: refused without --force, nothing changed.
    tree, rows = _tree(data), row_counts(data, fresh_database)
    done = thidua(data, fresh_database, "restore", str(archive))
    assert done.returncode != 0
    assert "Thư mục dữ liệu không trống" in done.stderr and "--force" in done.stderr
    # A corrupt archive (one member altered, or the gzip stream damaged) is refused even with --force.
    bad = tmp_path / "hong.tar.gz"
    _tamper(archive, bad, f"private/{next(iter(files_before))}")
    done = thidua(data, fresh_database, "restore", "--force", str(bad))
    assert done.returncode != 0 and "tổng kiểm SHA-256" in done.stderr, done.stderr
    _tamper(archive, bad, "secret_key")
    done = thidua(data, fresh_database, "restore", "--force", str(bad))
    assert done.returncode != 0 and "secret_key" in done.stderr, done.stderr
    raw = bytearray(archive.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    bad.write_bytes(bytes(raw))
    done = thidua(data, fresh_database, "restore", "--force", str(bad))
    assert done.returncode != 0 and "bị hỏng" in done.stderr, done.stderr
    assert _tree(data) == tree
    assert row_counts(data, fresh_database) == rows


def row_counts(data: Path, database_url: str | None) -> dict[str, int]:
    done = thidua(data, database_url, "shell", "-c", "from tests.web.test_backup import snapshot; "
                  "import json; print(json.dumps({t: len(r) for t, r in snapshot().items()}))")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_backup_of_a_missing_folder_is_refused_in_vietnamese(tmp_path):
    with pytest.raises(Exception, match="không tồn tại"):
        call_command("backup", str(tmp_path / "khong-co" / "a.tar.gz"))


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    data = tmp_path / "moi"
    junk = tmp_path / "rac.tar.gz"
    junk.write_bytes(gzip.compress(b"khong phai tar"))
    done = thidua(data, None, "restore", str(junk))
    assert done.returncode != 0 and "bị hỏng hoặc không phải bản sao lưu" in done.stderr, done.stderr
    assert not (data / "thidua.sqlite3").exists() and not (data / "private").exists()


def test_a_new_data_folder_is_private(tmp_path):
    """Under the usual umask 022, the data folder (even one made 0755 before), the SQLite database, the
    secret key and what the default storage saves are the owner's alone."""
    data = tmp_path / "du-lieu"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    script = ("import os; os.umask(0o022)\n"
              "import django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'thidua.settings'); django.setup()\n"
              "from django.db import connection; connection.ensure_connection()\n"
              "with connection.cursor() as c: c.execute('CREATE TABLE t (x int)')\n"
              "from django.core.files.base import ContentFile\n"
              "from django.core.files.storage import default_storage\n"
              "print(default_storage.save('events/1/giay-moi.pdf', ContentFile(b'%PDF-1.7')))\n")
    env = _env(data, None)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    made = [data, *data.rglob("*")]
    assert {p.relative_to(data).as_posix() for p in made} >= {
        ".", "thidua.sqlite3", "secret_key", "private", "private/events", "private/events/1/giay-moi.pdf"}
    for path in made:
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path


def test_dumpdata_runs_with_scoped_models(world):
    """Django's dumpdata stopped at the first scoped model ("A scope on dimension(s) authority needs to be
    active"); every app dumps now."""
    out = io.StringIO()
    call_command("dumpdata", "--natural-foreign", stdout=out)
    models = {row["model"] for row in json.loads(out.getvalue())}
    assert {"orgs.authority", "orgs.organisation", "orgs.person", "orgs.user"} <= models


@pytest.mark.django_db
def test_without_pg_dump_the_backup_says_so(monkeypatch, tmp_path):
    """On PostgreSQL with no pg_dump installed: refused in Vietnamese (CommandError: exit status 1), no file."""
    monkeypatch.setattr(backup, "_vendor", lambda alias="default": "postgresql")
    monkeypatch.setattr(backup.shutil, "which", lambda name: None)
    with pytest.raises(CommandError, match="Không tìm thấy lệnh pg_dump .*postgresql-client"):
        call_command("backup", str(tmp_path / "a.tar.gz"))
    assert list(tmp_path.iterdir()) == []
