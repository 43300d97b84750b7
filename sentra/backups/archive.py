"""Backups: one dated archive with a consistent copy of the database and every media file.

Layout of the archive (tar.gz):

    database/db.sqlite3      SQLite: a copy made with the online backup API (a consistent snapshot
                             while the application keeps writing)
    database/db.dump         PostgreSQL: `pg_dump --format=custom` (one snapshot, one transaction)
    media/<path>             every file under MEDIA_ROOT
    private_media/<path>     every file under PRIVATE_MEDIA_ROOT
    manifest.json            format, created_at, database vendor, schema (latest applied migration
                             per app), every member above with size and sha256, content_sha256
    manifest.sha256          sha256 of manifest.json

Restore checks everything before it touches anything (gzip CRC, each member's sha256, the manifest's
own checksum, the database copy itself, the schema against the migrations this code knows, that the
installation is empty), then loads the database in one transaction (SQLite backup API into the
live file; PostgreSQL `psql --single-transaction` of the dump) and only then moves the media in.
"""

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
MANIFEST_SUM = "manifest.sha256"
SQLITE_MEMBER = "database/db.sqlite3"
PG_MEMBER = "database/db.dump"
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is Indonesian and says what to do."""


def media_roots() -> list[tuple[str, Path]]:
    return [("media", Path(settings.MEDIA_ROOT)), ("private_media", Path(settings.PRIVATE_MEDIA_ROOT))]


def default_name(now: datetime) -> str:
    return f"sentra-backup-{now:%Y%m%d-%H%M%S}.tar.gz"


def resolve_output(path: str | None, now: datetime) -> Path:
    """PATH as given; a directory (existing, or written with a trailing slash) gets a dated name inside."""
    if not path:
        return Path.cwd() / default_name(now)
    target = Path(path)
    if target.is_dir() or path.endswith(("/", os.sep)):
        target.mkdir(parents=True, exist_ok=True)
        return target / default_name(now)
    return target


# --- PostgreSQL client tools -------------------------------------------------------------------------


def _pg_env() -> dict[str, str]:
    """Connection settings for pg_dump/psql through the environment (no password on a command line)."""
    s = connection.settings_dict
    env = dict(os.environ)
    for key, value in (
        ("PGHOST", s.get("HOST")),
        ("PGPORT", s.get("PORT")),
        ("PGUSER", s.get("USER")),
        ("PGPASSWORD", s.get("PASSWORD")),
        ("PGDATABASE", s.get("NAME")),
        ("PGSSLMODE", (s.get("OPTIONS") or {}).get("sslmode")),
    ):
        if value:
            env[key] = str(value)
    return env


def _run_tool(args: list[str], what: str, **kwargs) -> subprocess.CompletedProcess:
    try:
        kwargs.setdefault("stdout", subprocess.PIPE)
        done = subprocess.run(args, env=_pg_env(), stderr=subprocess.PIPE, **kwargs)
    except FileNotFoundError:
        raise BackupError(
            f"Program {args[0]} tidak ditemukan. Pasang alat klien PostgreSQL (paket postgresql-client) "
            f"dengan versi yang sama dengan servernya."
        ) from None
    if done.returncode != 0:
        detail = (done.stderr or b"").decode("utf-8", "replace").strip()[-800:]
        raise BackupError(f"{what} gagal ({args[0]}): {detail}")
    return done


# --- Backup ------------------------------------------------------------------------------------------


class _HashingReader:
    """Reads through a file while hashing exactly what was read (what went into the archive)."""

    def __init__(self, fh):
        self.fh = fh
        self.sha = hashlib.sha256()

    def read(self, size=-1):
        data = self.fh.read(size)
        self.sha.update(data)
        return data


def _add_file(tar: tarfile.TarFile, arcname: str, path: Path) -> dict:
    with open(path, "rb") as fh:
        st = os.fstat(fh.fileno())
        info = tarfile.TarInfo(arcname)
        info.size = st.st_size
        info.mtime = int(st.st_mtime)
        info.mode = 0o644
        reader = _HashingReader(fh)
        tar.addfile(info, reader)
    return {"path": arcname, "size": st.st_size, "sha256": reader.sha.hexdigest()}


def _add_bytes(tar: tarfile.TarFile, arcname: str, data: bytes, mtime: float) -> None:
    info = tarfile.TarInfo(arcname)
    info.size = len(data)
    info.mtime = int(mtime)
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))


def _latest_per_app(rows) -> dict[str, str]:
    """Rows (id, app, name) of django_migrations → the migration applied last for each app."""
    latest: dict[str, tuple[int, str]] = {}
    for ident, app, name in rows:
        if app not in latest or int(ident) > latest[app][0]:
            latest[app] = (int(ident), name)
    return {app: name for app, (_, name) in sorted(latest.items())}


def _dump_sqlite(dest: Path) -> dict[str, str]:
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError("Cadangan tidak bisa dibuat di dalam transaksi yang sedang berjalan.")
    target = sqlite3.connect(dest)
    try:
        # One step (pages=-1): a single read transaction, so the copy is one consistent moment even
        # while other connections keep writing (WAL lets them).
        connection.connection.backup(target)
        rows = target.execute("SELECT id, app, name FROM django_migrations").fetchall()
    finally:
        target.close()
    return _latest_per_app(rows)


_COPY_HEADER = re.compile(r"^COPY (?:public\.)?django_migrations \(([^)]*)\) FROM stdin;$")


def _schema_from_pg_dump(dump: Path) -> dict[str, str]:
    """Applied migrations as they are *in the dump* (the same snapshot as the data)."""
    out = _run_tool(
        ["pg_restore", "--data-only", "--table=django_migrations", "--file=-", str(dump)], "Membaca cadangan"
    ).stdout.decode("utf-8")
    rows, columns = [], None
    for line in out.splitlines():
        if columns is None:
            match = _COPY_HEADER.match(line)
            if match:
                columns = [c.strip().strip('"') for c in match.group(1).split(",")]
            continue
        if line == "\\.":
            break
        values = dict(zip(columns, line.split("\t"), strict=False))
        rows.append((values["id"], values["app"], values["name"]))
    return _latest_per_app(rows)


def _dump_postgresql(dest: Path) -> dict[str, str]:
    _run_tool(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={dest}"],
        "Menyalin basis data",
    )
    return _schema_from_pg_dump(dest)


def _content_sha256(members: list[dict]) -> str:
    lines = "".join(f"{m['sha256']}  {m['path']}\n" for m in sorted(members, key=lambda m: m["path"]))
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


def _sha256_of(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            sha.update(chunk)
    return sha.hexdigest()


@dataclass
class BackupResult:
    path: Path
    vendor: str
    files: int
    size: int
    sha256: str
    created_at: str


def backup(output: str | None = None) -> BackupResult:
    """Write one archive (database + media) and return what it holds. Nothing is left half-written:
    the archive is built beside PATH and renamed into place when complete."""
    now = timezone.localtime()
    out = resolve_output(output, now)
    out.parent.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    if vendor not in VENDOR_NAMES:
        raise BackupError(f"Basis data {vendor} belum didukung oleh perintah cadangan.")
    work = Path(tempfile.mkdtemp(prefix=".sentra-backup-", dir=out.parent))
    partial = out.with_name(out.name + ".partial")
    try:
        if vendor == "sqlite":
            db_member, db_copy = SQLITE_MEMBER, work / "db.sqlite3"
            schema = _dump_sqlite(db_copy)
        else:
            db_member, db_copy = PG_MEMBER, work / "db.dump"
            schema = _dump_postgresql(db_copy)
        members = []
        with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
            members.append(_add_file(tar, db_member, db_copy))
            db_copy.unlink()
            for prefix, root in media_roots():
                if not root.is_dir():
                    continue
                for dirpath, dirnames, filenames in os.walk(root):
                    dirnames.sort()
                    for filename in sorted(filenames):
                        path = Path(dirpath) / filename
                        if path.is_symlink() or not path.is_file():
                            continue
                        arcname = f"{prefix}/{path.relative_to(root).as_posix()}"
                        try:
                            members.append(_add_file(tar, arcname, path))
                        except FileNotFoundError:
                            continue  # deleted while we walked: it is not part of the installation any more
            manifest = {
                "format": FORMAT,
                "application": "sentra",
                "created_at": now.isoformat(),
                "database": {"vendor": vendor, "member": db_member},
                "schema": schema,
                "regency_code": settings.SENTRA_REGENCY_CODE,
                "members": members,
                "content_sha256": _content_sha256(members),
            }
            data = json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False).encode("utf-8")
            _add_bytes(tar, MANIFEST, data, now.timestamp())
            _add_bytes(tar, MANIFEST_SUM, f"{hashlib.sha256(data).hexdigest()}  {MANIFEST}\n".encode(), now.timestamp())
        with open(partial, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, out)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return BackupResult(
        path=out,
        vendor=vendor,
        files=len(members) - 1,
        size=out.stat().st_size,
        sha256=_sha256_of(out),
        created_at=manifest["created_at"],
    )


# --- Restore -----------------------------------------------------------------------------------------

_ALLOWED_TOP = {"database", "media", "private_media"}


def _safe_name(name: str) -> str:
    pure = PurePosixPath(name)
    if (
        not name
        or pure.is_absolute()
        or ".." in pure.parts
        or "\\" in name
        or (len(pure.parts) == 1 and name not in (MANIFEST, MANIFEST_SUM))
        or (len(pure.parts) > 1 and pure.parts[0] not in _ALLOWED_TOP)
    ):
        raise BackupError(f"Arsip cadangan memuat nama berkas yang tidak sah: {name!r}. Tidak ada yang dipulihkan.")
    return pure.as_posix()


def _corrupt(detail: str) -> BackupError:
    return BackupError(
        f"Arsip cadangan rusak atau terpotong ({detail}). Tidak ada yang dipulihkan; pakai salinan cadangan lain."
    )


def _extract(archive: Path, into: Path) -> dict[str, str]:
    """Every regular member into `into`, hashing as it goes. Returns {name: sha256}."""
    seen: dict[str, str] = {}
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                name = _safe_name(member.name)
                if not member.isfile():
                    raise BackupError(
                        f"Arsip cadangan memuat entri yang bukan berkas: {name!r}. Tidak ada yang dipulihkan."
                    )
                if name in seen:
                    raise _corrupt(f"berkas {name} tercatat dua kali")
                target = into / name
                target.parent.mkdir(parents=True, exist_ok=True)
                source = tar.extractfile(member)
                sha = hashlib.sha256()
                with open(target, "wb") as fh:
                    while chunk := source.read(CHUNK):
                        sha.update(chunk)
                        fh.write(chunk)
                seen[name] = sha.hexdigest()
    except BackupError:
        raise
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise _corrupt(str(exc) or type(exc).__name__) from exc
    return seen


def _known_migrations() -> set[tuple[str, str]]:
    from django.db.migrations.loader import MigrationLoader

    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


@dataclass
class Verified:
    manifest: dict
    staging: Path

    @property
    def vendor(self) -> str:
        return self.manifest["database"]["vendor"]

    @property
    def db_path(self) -> Path:
        return self.staging / self.manifest["database"]["member"]

    @property
    def file_count(self) -> int:
        return len(self.manifest["members"]) - 1


def verify(archive: Path, staging: Path) -> Verified:
    """Extract into `staging` and check everything; raises BackupError with the reason."""
    if not archive.is_file():
        raise BackupError(f"Berkas cadangan tidak ditemukan: {archive}")
    seen = _extract(archive, staging)
    if MANIFEST not in seen or MANIFEST_SUM not in seen:
        raise _corrupt("manifest tidak ada")
    recorded = (staging / MANIFEST_SUM).read_text("utf-8", "replace").split()
    if not recorded or recorded[0] != seen[MANIFEST]:
        raise _corrupt("checksum manifest tidak cocok")
    try:
        manifest = json.loads((staging / MANIFEST).read_text("utf-8"))
        members = {m["path"]: m["sha256"] for m in manifest["members"]}
        if manifest["database"]["vendor"] not in VENDOR_NAMES:
            raise BackupError(f"Arsip ini berisi basis data {manifest['database']['vendor']} yang tidak dikenal.")
        db_member = manifest["database"]["member"]
        schema = dict(manifest["schema"])
        fmt = int(manifest["format"])
    except (ValueError, KeyError, TypeError) as exc:
        raise _corrupt(f"manifest tidak terbaca: {exc}") from exc
    if fmt > FORMAT:
        raise BackupError(
            f"Arsip ini memakai format cadangan {fmt}, lebih baru dari yang dikenal versi Sentra ini ({FORMAT}). "
            f"Perbarui Sentra dulu, lalu ulangi pemulihan."
        )
    payload = {name: sha for name, sha in seen.items() if name not in (MANIFEST, MANIFEST_SUM)}
    for name in sorted(set(members) | set(payload)):
        if name not in payload:
            raise _corrupt(f"berkas {name} hilang dari arsip")
        if name not in members:
            raise _corrupt(f"berkas {name} tidak tercatat di manifest")
        if members[name] != payload[name]:
            raise _corrupt(f"checksum {name} tidak cocok")
    if manifest.get("content_sha256") != _content_sha256(manifest["members"]):
        raise _corrupt("checksum isi arsip tidak cocok")
    if db_member not in members:
        raise _corrupt("salinan basis data tidak ada")
    unknown = sorted(f"{app}.{name}" for app, name in schema.items() if (app, name) not in _known_migrations())
    if unknown:
        raise BackupError(
            "Arsip ini dibuat oleh versi Sentra yang lebih baru: migrasi "
            + ", ".join(unknown[:5])
            + (" …" if len(unknown) > 5 else "")
            + " tidak dikenal versi ini. Perbarui Sentra ke versi yang sama atau lebih baru, lalu ulangi pemulihan."
        )
    verified = Verified(manifest=manifest, staging=staging)
    _check_database_copy(verified)
    return verified


def _check_database_copy(verified: Verified) -> None:
    if verified.vendor == "sqlite":
        try:
            db = sqlite3.connect(f"file:{verified.db_path}?mode=ro", uri=True)
            try:
                result = db.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                db.close()
        except sqlite3.DatabaseError as exc:
            raise _corrupt(f"salinan basis data tidak terbaca: {exc}") from exc
        if result != "ok":
            raise _corrupt(f"salinan basis data tidak utuh: {result}")
    elif verified.vendor == "postgresql":
        try:
            _run_tool(["pg_restore", "--list", str(verified.db_path)], "Memeriksa salinan basis data")
        except BackupError as exc:
            raise _corrupt(str(exc)) from exc
    else:
        raise BackupError(f"Arsip ini berisi basis data {verified.vendor} yang tidak dikenal.")


def installation_contents() -> dict[str, int]:
    """What this installation already holds (users, businesses, change history, media files)."""
    found: dict[str, int] = {}
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table, label in (
            ("accounts_user", "pengguna"),
            ("registry_business", "IKM"),
            ("core_changelog", "riwayat perubahan"),
        ):
            if table in tables:
                cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
                count = cursor.fetchone()[0]
                if count:
                    found[label] = count
    files = sum(
        1 for _, root in media_roots() if root.is_dir() for p in root.rglob("*") if p.is_file() or p.is_symlink()
    )
    if files:
        found["berkas media"] = files
    return found


def _load_sqlite(db_path: Path) -> None:
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError("Pemulihan tidak bisa dijalankan di dalam transaksi yang sedang berjalan.")
    source = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        # The backup API replaces the whole database in one write transaction of the live connection:
        # if anything fails the old content stays.
        source.backup(connection.connection)
    except sqlite3.Error as exc:
        raise BackupError(f"Basis data tidak bisa dipulihkan: {exc}. Tidak ada yang diubah.") from exc
    finally:
        source.close()


def _load_postgresql(dump: Path, staging: Path) -> None:
    script = staging / "restore.sql"
    with open(script, "wb") as fh:
        # Everything the dump does not hold must go too (tables of newer migrations, functions and
        # triggers), in the same transaction as the load.
        fh.write(b"DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n")
        fh.flush()
        _run_tool(["pg_restore", "--no-owner", "--no-privileges", "--file=-", str(dump)], "Membaca cadangan", stdout=fh)
    connection.close()
    try:
        _run_tool(
            ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-f", str(script)],
            "Memulihkan basis data (tidak ada yang diubah)",
        )
    finally:
        script.unlink(missing_ok=True)


def _swap_in_media(staging: Path) -> None:
    """Each media root becomes exactly the archive's copy (a rename per root, old content removed after)."""
    for prefix, root in media_roots():
        staged = staging / prefix
        root.parent.mkdir(parents=True, exist_ok=True)
        old = None
        if root.exists():
            old = root.with_name(f".{root.name}.before-restore-{os.getpid()}")
            os.replace(root, old)
        if staged.is_dir():
            shutil.move(str(staged), str(root))
        else:
            root.mkdir(parents=True, exist_ok=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def _staging_parent() -> Path:
    parent = Path(settings.MEDIA_ROOT).resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        if os.access(parent, os.W_OK):
            return parent
    except OSError:
        pass
    return Path(tempfile.gettempdir())


@dataclass
class RestoreResult:
    created_at: str
    vendor: str
    files: int
    migrated: bool


def restore(
    archive: str | Path, *, force: bool = False, check_only: bool = False, say: Callable[[str], None] = lambda _: None
) -> RestoreResult:
    archive = Path(archive)
    staging = Path(tempfile.mkdtemp(prefix=".sentra-restore-", dir=_staging_parent()))
    try:
        say("Memeriksa arsip …")
        verified = verify(archive, staging)
        here = connection.vendor
        if verified.vendor != here:
            raise BackupError(
                f"Arsip ini berisi basis data {VENDOR_NAMES.get(verified.vendor, verified.vendor)}, "
                f"sedangkan instalasi ini memakai {VENDOR_NAMES.get(here, here)}. "
                f"Pulihkan ke instalasi dengan jenis basis data yang sama."
            )
        result = RestoreResult(
            created_at=verified.manifest["created_at"], vendor=here, files=verified.file_count, migrated=False
        )
        if check_only:
            return result
        contents = installation_contents()
        if contents and not force:
            listed = ", ".join(f"{count} {label}" for label, count in contents.items())
            raise BackupError(
                f"Instalasi ini tidak kosong ({listed}). Pemulihan hanya dilakukan ke instalasi kosong; "
                f"pakai --force bila memang ingin menimpa semuanya."
            )
        say("Memulihkan basis data …")
        if here == "sqlite":
            _load_sqlite(verified.db_path)
        else:
            _load_postgresql(verified.db_path, staging)
        say("Memulihkan berkas media …")
        _swap_in_media(staging)
        pending = _pending_migrations()
        if pending:
            from django.core.management import call_command

            say(f"Menerapkan {len(pending)} migrasi yang lebih baru dari arsip …")
            call_command("migrate", interactive=False, verbosity=0)
            result.migrated = True
        return result
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _pending_migrations() -> list[tuple[str, str]]:
    """Migrations this code has that the restored database has not (an older archive)."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return [(m.app_label, m.name) for m, _ in executor.migration_plan(executor.loader.graph.leaf_nodes())]
