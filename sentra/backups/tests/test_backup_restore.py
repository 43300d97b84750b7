"""`manage.py backup` while another thread writes, then `manage.py restore` into an empty installation:
every table and every media file must come back as they were at one moment. Corrupt, truncated,
tampered and newer archives are refused and change nothing.

Runs on the database the suite runs on (SQLite file databases, or PostgreSQL databases of their own
on the suite's server), through the real commands in subprocesses.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import threading
import time
from pathlib import Path

from django.conf import settings

from sentra.imports.tests.helpers import HEADER, row, write_csv

ROOT = Path(__file__).resolve().parents[3]
WRITER_TABLE = "core_changelog"


class Installation:
    """One database (+ media roots) on the suite's vendor, driven through manage.py."""

    def __init__(self, base: Path, name: str):
        db = settings.DATABASES["default"]
        self.sqlite = db["ENGINE"].endswith("sqlite3")
        self.media = base / f"{name}_media"
        self.private = base / f"{name}_private"
        if self.sqlite:
            self.path = base / f"{name}.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            self.server = {k: db[k] for k in ("HOST", "PORT", "USER", "PASSWORD")}
            base_name = (db.get("TEST") or {}).get("NAME") or f"test_{db['NAME']}"
            self.dbname = f"{base_name}_bk_{name}"
            auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
            self.url = f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{self.dbname}"
            self._admin(f'DROP DATABASE IF EXISTS "{self.dbname}"')

    # -- PostgreSQL server-level statements
    def _admin(self, sql: str):
        import psycopg

        s = self.server
        with psycopg.connect(
            host=s["HOST"] or "127.0.0.1",
            port=s["PORT"] or 5432,
            user=s["USER"],
            password=s["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        ) as conn:
            conn.execute(sql)

    def create_empty(self):
        if not self.sqlite:
            self._admin(f'CREATE DATABASE "{self.dbname}"')

    def clone_from(self, other: "Installation"):
        """An identical empty installation (a copy of `other`'s freshly migrated database)."""
        if self.sqlite:
            shutil.copyfile(other.path, self.path)
        else:
            self._admin(f'CREATE DATABASE "{self.dbname}" TEMPLATE "{other.dbname}"')

    def drop(self):
        if not self.sqlite:
            self._admin(f'DROP DATABASE IF EXISTS "{self.dbname}" WITH (FORCE)')

    def env(self):
        return {
            **os.environ,
            "DATABASE_URL": self.url,
            "MEDIA_ROOT": str(self.media),
            "PRIVATE_MEDIA_ROOT": str(self.private),
            "PYTHONUNBUFFERED": "1",
        }

    def manage(self, *args, check=True) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env(), capture_output=True, text=True, timeout=600
        )
        if check and done.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done

    def connect(self):
        if self.sqlite:
            return sqlite3.connect(self.path, timeout=30)
        import psycopg

        return psycopg.connect(self.url.replace("postgres://", "postgresql://"))

    def tables(self) -> dict[str, list[tuple]]:
        """Every table's rows, sorted (a value-for-value picture of the database)."""
        conn = self.connect()
        try:
            if self.sqlite:
                names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            else:
                names = [
                    r[0]
                    for r in conn.execute(
                        "SELECT table_name FROM information_schema.tables "
                        "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
                    )
                ]
            picture = {}
            for name in sorted(names):
                rows = conn.execute(f'SELECT * FROM "{name}"').fetchall()
                picture[name] = sorted((tuple(r) for r in rows), key=repr)
            return picture
        finally:
            conn.close()

    def files(self) -> dict[str, bytes]:
        found = {}
        for prefix, root in (("media", self.media), ("private", self.private)):
            if root.is_dir():
                for path in sorted(root.rglob("*")):
                    if path.is_file():
                        found[f"{prefix}/{path.relative_to(root).as_posix()}"] = path.read_bytes()
        return found


class Writer(threading.Thread):
    """Keeps writing, one transaction at a time: a change-log row `w<i>` and the user's first_name
    set to the same `w<i>` — two tables that a consistent copy must show at the same step."""

    def __init__(self, inst: Installation, content_type_id: int):
        super().__init__(daemon=True)
        self.inst = inst
        self.ct = content_type_id
        self.done = 0
        self.stop = threading.Event()
        self.error = None

    def run(self):
        conn = self.inst.connect()
        mark = "?" if self.inst.sqlite else "%s"
        try:
            while not self.stop.is_set():
                i = self.done + 1
                cur = conn.cursor()
                if self.inst.sqlite:
                    cur.execute("BEGIN IMMEDIATE")
                cur.execute(
                    f"INSERT INTO {WRITER_TABLE} (content_type_id, object_id, object_repr, action, changes, source,"
                    f" created_at) VALUES ({mark}, {mark}, {mark}, 'update', '{{}}', 'writer', CURRENT_TIMESTAMP)",
                    (self.ct, "1", f"w{i}"),
                )
                cur.execute(f"UPDATE accounts_user SET first_name = {mark} WHERE username = 'penulis'", (f"w{i}",))
                conn.commit()
                self.done = i
                time.sleep(0.002)
        except Exception as exc:  # surfaced by the test
            self.error = exc
        finally:
            conn.close()


def _populate(src: Installation, tmp_path: Path):
    rows = [HEADER] + [
        row(i, f"Usaha Cadangan {i}", owner=f"Pemilik {i}", nib=f"{2000000000000 + i}", kec=kec)
        for i, kec in zip(range(1, 301), ["Dander", "Kapas", "Baureno"] * 100, strict=False)
    ]
    src.manage("import_ikm", str(write_csv(tmp_path / "seed.csv", rows)))
    src.manage(
        "shell",
        "-c",
        "from sentra.accounts.models import User; "
        "User.objects.create_user('penulis', password='pw-test-12345', role='staff', first_name='w0')",
    )
    (src.media / "catalog" / "2026").mkdir(parents=True)
    (src.media / "catalog" / "2026" / "foto batik.jpg").write_bytes(bytes(range(256)) * 4000)
    (src.media / "logo.png").write_bytes(b"\x89PNG\r\n" + os.urandom(5000))
    (src.private / "permits" / "7").mkdir(parents=True)
    (src.private / "permits" / "7" / "nib.pdf").write_bytes(b"%PDF-1.4 " + os.urandom(20000))


def _content_type_id(inst: Installation) -> int:
    conn = inst.connect()
    try:
        return conn.execute(
            "SELECT id FROM django_content_type WHERE app_label = 'accounts' AND model = 'user'"
        ).fetchone()[0]
    finally:
        conn.close()


def _rewrite(archive: Path, out: Path, change):
    """A copy of the archive with `change(name, data) -> data` applied to each member (valid gzip/tar)."""
    members = []
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar:
            members.append((member.name, tar.extractfile(member).read()))
    with tarfile.open(out, "w:gz") as tar:
        for name, data in members:
            data = change(name, data)
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out


def _newer_schema(name, data, store={}):  # noqa: B006 (keeps the rewritten manifest for its checksum)
    if name == "manifest.json":
        manifest = json.loads(data)
        manifest["schema"]["registry"] = "9999_from_the_future"
        data = json.dumps(manifest).encode()
        store["sha"] = hashlib.sha256(data).hexdigest()
    elif name == "manifest.sha256":
        data = f"{store['sha']}  manifest.json\n".encode()
    return data


def test_backup_under_writes_restores_every_table_and_file(tmp_path):
    src = Installation(tmp_path, "src")
    empty = Installation(tmp_path, "empty")
    targets = {name: Installation(tmp_path, name) for name in ("dst", "refuse")}
    try:
        empty.create_empty()
        empty.manage("migrate", "--no-input", "-v0")
        src.clone_from(empty)
        for target in targets.values():
            target.clone_from(empty)
        _populate(src, tmp_path)

        writer = Writer(src, _content_type_id(src))
        writer.start()
        while writer.done < 20 and writer.is_alive():
            time.sleep(0.01)
        before = writer.done
        archive = tmp_path / "out" / "backup.tar.gz"
        done = src.manage("backup", "-o", str(archive))
        during = writer.done - before
        writer.stop.set()
        writer.join(timeout=30)
        assert writer.error is None, writer.error
        assert during > 0, "the writer must have written while the backup ran"
        assert "Cadangan dibuat" in done.stdout and archive.is_file()

        # A directory as PATH gets a dated name.
        dated = src.manage("backup", "-o", str(tmp_path / "dated") + "/")
        [named] = list((tmp_path / "dated").iterdir())
        assert named.name.startswith("sentra-backup-20") and named.name.endswith(".tar.gz"), dated.stdout

        live = src.tables()
        live_files = src.files()
        manifest = json.loads(tarfile.open(archive, "r:gz").extractfile("manifest.json").read())
        assert manifest["database"]["vendor"] == ("sqlite" if src.sqlite else "postgresql")
        assert manifest["schema"]["registry"].startswith("0")
        assert {m["path"] for m in manifest["members"]} >= {
            "media/catalog/2026/foto batik.jpg",
            "media/logo.png",
            "private_media/permits/7/nib.pdf",
        }

        dst = targets["dst"]
        done = dst.manage("restore", str(archive))
        assert "Dipulihkan" in done.stdout
        restored = dst.tables()
        restored_again_reference = dst.tables()

        # The copy is one moment of the writer: w1..wk in the change log and the user's name at wk.
        conn = dst.connect()
        try:
            written = [r[0] for r in conn.execute(f"SELECT object_repr FROM {WRITER_TABLE} WHERE source = 'writer'")]
            [(first_name,)] = conn.execute("SELECT first_name FROM accounts_user WHERE username = 'penulis'")
        finally:
            conn.close()
        k = len(written)
        assert sorted(int(w[1:]) for w in written) == list(range(1, k + 1))
        assert before <= k <= writer.done
        assert first_name == f"w{k}"

        # Every other table equals the source; the writer's tables equal the source at step k.
        assert set(restored) == set(live)
        later = {f"w{i}" for i in range(k + 1, writer.done + 1)}
        for table, rows in live.items():
            if table == WRITER_TABLE:
                rows = [r for r in rows if not ("writer" in r and any(v in later for v in r if isinstance(v, str)))]
            elif table == "accounts_user":
                rows = [r for r in rows if "penulis" not in r]
                restored[table] = [r for r in restored[table] if "penulis" not in r]
            elif table == "sqlite_sequence":
                rows = [r for r in rows if r[0] != WRITER_TABLE]
                restored[table] = [r for r in restored[table] if r[0] != WRITER_TABLE]
            assert restored[table] == rows, table
        assert sum(len(rows) for rows in restored.values()) > 1000
        assert len(restored["registry_business"]) == 300
        assert dst.files() == live_files and len(live_files) == 3

        # Restoring again is refused: the installation is no longer empty; nothing changes.
        again = dst.manage("restore", str(archive), check=False)
        assert again.returncode != 0
        assert "tidak kosong" in again.stderr and "--force" in again.stderr
        assert dst.tables() == restored_again_reference

        # Broken and newer archives are refused into an empty installation, which stays empty.
        refuse = targets["refuse"]
        pristine = refuse.tables()
        data = archive.read_bytes()
        flipped = bytearray(data)
        flipped[len(data) // 2] ^= 0xFF
        broken = {
            "terpotong": data[: int(len(data) * 0.6)],
            "rusak": bytes(flipped),
        }
        for label, content in broken.items():
            path = tmp_path / f"{label}.tar.gz"
            path.write_bytes(content)
            done = refuse.manage("restore", str(path), check=False)
            assert done.returncode != 0, label
            assert "rusak atau terpotong" in done.stderr, (label, done.stderr)
        tampered = _rewrite(
            archive,
            tmp_path / "tampered.tar.gz",
            lambda name, data: b"diganti" if name == "media/logo.png" else data,
        )
        done = refuse.manage("restore", str(tampered), check=False)
        assert done.returncode != 0 and "checksum media/logo.png tidak cocok" in done.stderr, done.stderr
        newer = _rewrite(archive, tmp_path / "newer.tar.gz", _newer_schema)
        done = refuse.manage("restore", str(newer), check=False)
        assert done.returncode != 0
        assert "versi Sentra yang lebih baru" in done.stderr and "registry.9999_from_the_future" in done.stderr
        assert refuse.tables() == pristine
        assert refuse.files() == {}

        # --check verifies without loading.
        done = refuse.manage("restore", "--check", str(archive))
        assert "Arsip utuh" in done.stdout
        assert refuse.tables() == pristine
    finally:
        for inst in (src, empty, *targets.values()):
            inst.drop()
