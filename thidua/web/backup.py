"""`thidua backup` / `thidua restore`: the database, the private files and the secret key in one archive.

The archive is a .tar.gz holding
  manifest.json        format, thidua version, date, database vendor, last migration of each app, and
                       every other member with its size and SHA-256
  database.sqlite3     on SQLite: a copy made by sqlite3's backup API (consistent while the server runs)
  database.dump        on PostgreSQL: `pg_dump --format=custom` (one snapshot, consistent as well)
  secret_key           the key that signs invitation QR codes, reply links and sessions
  private/…            every file under MEDIA_ROOT (uploads and generated documents)

Restore reads the whole archive and checks every member against the manifest before it writes
anything; the files are then written to a staging folder inside the data folder (checked again) and
moved into place. Everything it writes is 0600 (folders 0700).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection, connections
from django.db.migrations.recorder import MigrationRecorder

from thidua.vn.money import format_number

FORMAT = 1
MANIFEST = "manifest.json"
KEY_FILE = "secret_key"
PRIVATE = "private"
DB_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
CHUNK = 1024 * 1024

Log = Callable[[str], None]


class BackupError(Exception):
    """A refusal, its message in Vietnamese for the operator."""


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _vendor(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in DB_FILES:
        raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu loại {vendor}.")
    return vendor


def _pg_env(db: dict) -> dict:
    env = {**os.environ}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(f"Không tìm thấy lệnh {name} (cài gói postgresql-client, ví dụ "
                          f"`apt-get install postgresql-client`, cùng phiên bản với máy chủ PostgreSQL).")
    return path


def _run(cmd: list[str], env: dict, what: str) -> None:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603 (fixed argv)
    if done.returncode != 0:
        raise BackupError(f"{what} thất bại (mã {done.returncode}): {done.stderr.strip()[-2000:]}")


def _dump_database(vendor: str, target: Path) -> None:
    if vendor == "sqlite":
        connection.ensure_connection()
        dst = sqlite3.connect(target)
        try:
            connection.connection.backup(dst)  # online: pages copied under SQLite's own locking
        finally:
            dst.close()
        return
    db = connection.settings_dict
    _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(target),
          db["NAME"]], _pg_env(db), "pg_dump")


def private_root() -> Path:
    """The folder of the default storage (MEDIA_ROOT, THIDUA_DATA_DIR/private): every stored file."""
    location = getattr(default_storage, "location", None)
    if location is None:
        raise BackupError("Kho tệp hiện tại không phải thư mục trên đĩa; hãy sao lưu kho tệp bằng công cụ của nó.")
    return Path(location)


def _migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def _private_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _add(tar: tarfile.TarFile, name: str, data: io.BufferedIOBase | io.BytesIO, size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    tar.addfile(info, data)


def _add_file(tar: tarfile.TarFile, name: str, path: Path) -> dict:
    """Copy `path` into a spool while hashing it, then add the spool: the size and hash in the manifest
    are those of the bytes in the archive even if the file changes meanwhile."""
    digest = hashlib.sha256()
    with tempfile.SpooledTemporaryFile(max_size=8 * CHUNK) as spool, path.open("rb") as f:
        size = 0
        while block := f.read(CHUNK):
            digest.update(block)
            spool.write(block)
            size += len(block)
        spool.seek(0)
        _add(tar, name, spool, size)
    return {"path": name, "size": size, "sha256": digest.hexdigest()}


def make_backup(target: Path, log: Log = lambda _: None) -> dict:
    """Write the archive to `target` (through a temporary file beside it, renamed at the end)."""
    target = Path(target).resolve()
    if target.is_dir():
        raise BackupError(f"{target} là một thư mục; hãy cho tên tệp, ví dụ {target / 'thidua.tar.gz'}.")
    if not target.parent.is_dir():
        raise BackupError(f"Thư mục {target.parent} không tồn tại.")
    vendor = _vendor()
    media = private_root()
    files: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="thidua-backup-") as work:
        dbfile = Path(work) / DB_FILES[vendor]
        log(f"Sao lưu cơ sở dữ liệu ({vendor})…")
        _dump_database(vendor, dbfile)
        fd, partial = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        os.fchmod(fd, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                files.append(_add_file(tar, DB_FILES[vendor], dbfile))
                key = settings.SECRET_KEY.encode()
                _add(tar, KEY_FILE, io.BytesIO(key), len(key))
                files.append({"path": KEY_FILE, "size": len(key), "sha256": hashlib.sha256(key).hexdigest()})
                private = _private_files(media)
                log(f"Sao lưu {len(private)} tệp trong {media}…")
                for path in private:
                    files.append(_add_file(tar, f"{PRIVATE}/{path.relative_to(media).as_posix()}", path))
                manifest = {
                    "format": FORMAT,
                    "version": metadata.version("thidua"),
                    "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    "database": {"vendor": vendor, "file": DB_FILES[vendor], "migrations": _migrations()},
                    "files": files,
                }
                body = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                _add(tar, MANIFEST, io.BytesIO(body), len(body))
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
    log(f"Đã ghi bản sao lưu {target} ({len(files)} mục, {format_number(target.stat().st_size)} byte).")
    return manifest


# ---------------------------------------------------------------------------------------------- restore

@dataclass
class Archive:
    manifest: dict
    by_path: dict[str, dict]


def _safe_name(name: str) -> bool:
    p = PurePosixPath(name)
    return bool(name) and not p.is_absolute() and ".." not in p.parts and "\\" not in name


def read_archive(path: Path) -> Archive:
    """Check the archive against its manifest, writing nothing; refuse it (BackupError) otherwise."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Không tìm thấy tệp sao lưu {path}.")
    bad = f"Tệp sao lưu {path} bị hỏng hoặc không phải bản sao lưu của thidua"
    seen: dict[str, tuple[int, str]] = {}
    manifest = None
    try:
        with tarfile.open(path, mode="r|gz") as tar:  # one streaming pass
            for member in tar:
                if member.name in seen or (member.name == MANIFEST and manifest is not None):
                    raise BackupError(f"{bad}: mục {member.name!r} lặp lại.")
                if not member.isfile() or not _safe_name(member.name):
                    raise BackupError(f"{bad}: mục không hợp lệ {member.name!r}.")
                f = tar.extractfile(member)
                if member.name == MANIFEST:
                    manifest = json.loads(f.read())
                    continue
                digest = hashlib.sha256()
                while block := f.read(CHUNK):
                    digest.update(block)
                seen[member.name] = (member.size, digest.hexdigest())
        if manifest is None:
            raise BackupError(f"{bad}: thiếu {MANIFEST}.")
        if manifest.get("format") != FORMAT:
            raise BackupError(f"{bad}: định dạng {manifest.get('format')!r} không được hỗ trợ.")
        by_path = {f["path"]: f for f in manifest["files"]}
        if set(seen) != set(by_path):
            extra, missing = sorted(set(seen) - set(by_path)), sorted(set(by_path) - set(seen))
            raise BackupError(f"{bad}: danh sách tệp không khớp manifest (thừa {extra}, thiếu {missing}).")
        vendor = manifest["database"]["vendor"]
        if DB_FILES.get(vendor) not in by_path or KEY_FILE not in by_path:
            raise BackupError(f"{bad}: thiếu cơ sở dữ liệu hoặc khóa bí mật.")
        for name, (size, sha) in seen.items():
            if name not in (KEY_FILE, DB_FILES[vendor]) and not name.startswith(PRIVATE + "/"):
                raise BackupError(f"{bad}: mục không hợp lệ {name!r}.")
            if sha != by_path[name]["sha256"] or size != by_path[name]["size"]:
                raise BackupError(f"{bad}: tổng kiểm SHA-256 của {name} không khớp.")
    except (tarfile.TarError, OSError, EOFError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BackupError(f"{bad} ({exc}).") from exc
    return Archive(manifest, by_path)


def _pg_tables(alias: str = "default") -> int:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()")
            return cursor.fetchone()[0]
    except DatabaseError as exc:
        raise BackupError(f"Không kết nối được cơ sở dữ liệu {connections[alias].settings_dict['NAME']} "
                          f"(hãy tạo trước một cơ sở dữ liệu trống): {exc}") from exc


def _sqlite_tables(path: Path) -> int:
    if not path.exists() or path.stat().st_size == 0:
        return 0
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    finally:
        db.close()


def what_is_there(data_dir: Path, vendor: str, media: Path, sqlite_path: Path | None) -> list[str]:
    """What restoring would overwrite (empty: the data folder holds no data yet). A folder of static
    files and a secret key with no database beside it are not data: nothing was signed with that key."""
    found = []
    if vendor == "sqlite" and sqlite_path is not None and (n := _sqlite_tables(sqlite_path)):
        found.append(f"cơ sở dữ liệu {sqlite_path} ({n} bảng)")
    if vendor == "postgresql" and (n := _pg_tables()):
        found.append(f"cơ sở dữ liệu PostgreSQL {connection.settings_dict['NAME']} ({n} bảng)")
    if n := len(_private_files(media)):
        found.append(f"{n} tệp trong {media}")
    return found


def _chmod_tree(root: Path) -> None:
    root.chmod(0o700)
    for p in root.rglob("*"):
        p.chmod(0o700 if p.is_dir() else 0o600)


def restore_backup(archive_path: Path, force: bool = False, log: Log = lambda _: None) -> dict:
    """Restore into settings.DATA_DIR / MEDIA_ROOT / the default database."""
    archive = read_archive(archive_path)
    log(f"Đã kiểm tra {len(archive.by_path)} mục: mọi tổng kiểm SHA-256 đều khớp.")
    vendor = archive.manifest["database"]["vendor"]
    here = _vendor()
    if vendor != here:
        raise BackupError(f"Bản sao lưu là của cơ sở dữ liệu {vendor}, còn cấu hình hiện tại dùng {here}; "
                          f"không thể phục hồi chéo.")
    data_dir = Path(settings.DATA_DIR)
    media = private_root()
    sqlite_path = Path(connection.settings_dict["NAME"]) if vendor == "sqlite" else None
    found = what_is_there(data_dir, vendor, media, sqlite_path)
    if found and not force:
        raise BackupError("Thư mục dữ liệu không trống: " + "; ".join(found)
                          + ". Dùng --force để ghi đè (dữ liệu hiện có sẽ bị thay thế).")
    if vendor == "postgresql":
        _pg_tool("pg_restore")
    data_dir.mkdir(parents=True, exist_ok=True)
    data_dir.chmod(0o700)
    stage = Path(tempfile.mkdtemp(prefix=".restore-", dir=data_dir))
    try:
        with tarfile.open(archive_path, mode="r|gz") as tar:
            for member in tar:
                if member.name == MANIFEST:
                    continue
                out = stage / member.name
                out.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                digest = hashlib.sha256()
                src = tar.extractfile(member)
                with out.open("wb") as f:
                    out.chmod(0o600)
                    while block := src.read(CHUNK):
                        digest.update(block)
                        f.write(block)
                if digest.hexdigest() != archive.by_path[member.name]["sha256"]:  # changed since checked
                    raise BackupError(f"Tệp sao lưu đã thay đổi trong khi phục hồi ({member.name}); chưa ghi gì.")
        _install(archive, stage, vendor, data_dir, media, sqlite_path, log)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    if (made_by := archive.manifest.get("version")) != metadata.version("thidua"):
        log(f"Bản sao lưu do thidua {made_by} tạo, bản đang cài là {metadata.version('thidua')}: "
            f"chạy `thidua migrate` trước khi mở máy chủ.")
    log("Phục hồi xong.")
    return archive.manifest


def _install(archive: Archive, stage: Path, vendor: str, data_dir: Path, media: Path,
             sqlite_path: Path | None, log: Log) -> None:
    dbfile = stage / DB_FILES[vendor]
    log(f"Phục hồi cơ sở dữ liệu ({vendor})…")
    connections.close_all()
    if vendor == "sqlite":
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{sqlite_path}{suffix}").unlink(missing_ok=True)
        os.replace(dbfile, sqlite_path)
        sqlite_path.chmod(0o600)
    else:
        db = connection.settings_dict
        _run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
              "--single-transaction", "--exit-on-error", "--dbname", db["NAME"], str(dbfile)],
             _pg_env(db), "pg_restore")
    key_file = data_dir / KEY_FILE
    os.replace(stage / KEY_FILE, key_file)
    key_file.chmod(0o600)
    env_key = os.environ.get("THIDUA_SECRET_KEY")
    if env_key and env_key != key_file.read_text().strip():
        log(f"Chú ý: biến môi trường THIDUA_SECRET_KEY đang đặt một khóa khác khóa trong bản sao lưu; hãy đặt "
            f"nó bằng nội dung tệp {key_file} (hoặc bỏ biến này), nếu không mã QR và đường dẫn trả lời đã in "
            f"sẽ bị từ chối.")
    staged_private = stage / PRIVATE
    n = sum(1 for p in archive.by_path if p.startswith(PRIVATE + "/"))
    log(f"Phục hồi {n} tệp vào {media}…")
    if media.exists():
        old = media.with_name(f".{media.name}.old-{os.getpid()}")
        os.replace(media, old)
        shutil.rmtree(old)
    if staged_private.exists():
        shutil.move(staged_private, media)  # MEDIA_ROOT may sit on another file system
    else:
        media.mkdir()
    _chmod_tree(media)
