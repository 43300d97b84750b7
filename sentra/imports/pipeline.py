"""Rows of a file, read and cleaned, a chunk at a time — for a large file in a second process, so that
reading and cleaning (a third of an import's work) run on the other core while this process checks
duplicates and writes.

The second process is forked after everything cleaning needs from the database has been loaded (sectors,
KBLI, the regency's kecamatan and desa: `RowCleaner.warm`), and it never touches the database: the
connection it inherits is left alone (closing it would close this process's session too) and any new one
is refused. It sends each chunk as a pickled list and ends with an empty message. If it fails, the error
reaches this process as an ImportFailed or ReadError (the import's transaction then writes nothing); if
this process dies (even by SIGKILL), the second one ends too: the kernel sends it SIGKILL
(PR_SET_PDEATHSIG on Linux), and elsewhere its next send fails, since it holds no copy of the pipe's
reading end that would keep the pipe open.
"""

import os
import pickle
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from sentra.imports.readers import ReadError, forget_loaded, iter_rows
from sentra.imports.rowclean import CleanRow, RowCleaner

# Smaller files are read in this process: forking costs ~50 ms and the parallelism pays only past a few
# thousand rows (about 10,000 csv rows or 20,000 xlsx rows per MB).
PARALLEL_MIN_BYTES = 1_000_000


class CleaningFailed(Exception):
    pass


def cleaned_chunks(path, name, header_row: int, cleaner: RowCleaner, size: int,
                   parallel: bool | None = None) -> Iterator[list[CleanRow]]:
    """Lists of up to `size` cleaned rows (empty rows left out) below the header, in file order.
    parallel=None: in a second process when the file is large and fork is available."""
    if parallel is None:
        parallel = hasattr(os, "fork") and Path(path).stat().st_size >= PARALLEL_MIN_BYTES
    if not parallel:
        yield from _chunks(path, name, header_row, cleaner, size)
        return
    yield from _from_second_process(path, name, header_row, cleaner, size)


def _chunks(path, name, header_row, cleaner, size) -> Iterator[list[CleanRow]]:
    rows = ((n, v) for n, v in iter_rows(path, name) if n > header_row)
    mapped = sorted(cleaner.mapping)
    while True:
        block = list(islice(rows, size))
        if not block:
            return
        # a row is empty when every imported column is (pre-numbered blank rows have only "No")
        chunk = [
            cleaner.clean(number, values)
            for number, values in block
            if any(values[i] not in ("", None) for i in mapped if i < len(values))
        ]
        if chunk:
            yield chunk


def _pack(row: CleanRow) -> tuple:
    return (row.row, row.business, row.owner, row.nib, row.nib_column, row.errors, row.name_key, row.nik_hash,
            row.nik_token, row.scale)


def _unpack(item: tuple) -> CleanRow:
    number, business, owner, nib, nib_column, errors, name_key, nik_hash, nik_token, scale = item
    return CleanRow(row=number, values=None, business=business, owner=owner, nib=nib, nib_column=nib_column,
                    errors=errors, name_key=name_key, nik_hash=nik_hash, nik_token=nik_token, scale=scale)


def _from_second_process(path, name, header_row, cleaner, size) -> Iterator[list[CleanRow]]:
    import multiprocessing

    cleaner.warm()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(
        target=_second_process, args=(send, receive, os.getpid(), path, name, header_row, cleaner, size), daemon=True
    )
    process.start()
    send.close()
    forget_loaded()  # a parsed workbook lives on in the second process; this one has no more use for it
    try:
        while True:
            try:
                data = receive.recv_bytes()
            except EOFError:
                raise CleaningFailed(
                    "Proses pembaca berkas berhenti tiba-tiba; tidak ada yang disimpan. Coba impor lagi."
                ) from None
            if not data:
                return
            payload = pickle.loads(data)
            if payload[0] == "read-error":
                raise ReadError(payload[1])
            if payload[0] == "failed":
                raise CleaningFailed(f"Pembersihan data gagal: {payload[1]}. Tidak ada yang disimpan.")
            yield [_unpack(item) for item in payload[1]]
    finally:
        receive.close()
        if process.is_alive():
            process.kill()
        process.join()


def _second_process(send, receive, parent_pid, path, name, header_row, cleaner, size):  # pragma: no cover — fork
    # The inherited reading end would keep the pipe open after the importing process died: a send into a
    # full pipe would then block for ever (the orphan holding the parsed workbook).
    receive.close()
    _die_with_parent(parent_pid)
    _refuse_database()
    code = 0
    try:
        for chunk in _chunks(path, name, header_row, cleaner, size):
            send.send_bytes(pickle.dumps(("rows", [_pack(row) for row in chunk]), protocol=pickle.HIGHEST_PROTOCOL))
        send.send_bytes(b"")
    except ReadError as exc:
        code = _send_quietly(send, ("read-error", str(exc)))
    except BrokenPipeError:
        code = 1  # the importing process is gone
    except BaseException as exc:  # noqa: BLE001 — everything reaches the importing process
        code = _send_quietly(send, ("failed", f"{type(exc).__name__}: {exc}"))
    # no interpreter shutdown: it would run finalizers of objects inherited from the importing process
    # (its database connection among them)
    os._exit(code)


def _send_quietly(send, payload) -> int:
    try:
        send.send_bytes(pickle.dumps(payload))
        return 0
    except OSError:
        return 1


PR_SET_PDEATHSIG = 1


def _die_with_parent(parent_pid: int) -> None:  # pragma: no cover — runs in the fork
    """Have the kernel kill this process when the importing one dies (Linux); end now if it already has."""
    import sys

    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the pipe still ends it at its next send
    if os.getppid() != parent_pid:  # the parent died between the fork and prctl
        os._exit(1)


_INHERITED = []  # kept referenced in the fork, so that they are never finalized there


def _refuse_database():  # pragma: no cover — runs in the fork
    from django.db import connections

    def refuse(*args, **kwargs):
        raise RuntimeError("the cleaning process has no database access")

    for connection in connections.all(initialized_only=True):
        inherited = connection.connection
        _INHERITED.append(inherited)
        if inherited is not None and connection.vendor == "postgresql":
            # this process's copy of the socket only: no message reaches the server, and when the importing
            # process dies the server sees its session end without waiting for this one
            os.close(inherited.pgconn.socket)
        connection.connection = None
        connection.connect = refuse
        connection.ensure_connection = refuse
