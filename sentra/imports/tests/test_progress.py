import io

from sentra.imports.progress import TerminalProgress, read_progress, write_progress


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_terminal_gets_a_bar_and_a_pipe_gets_lines():
    tty = FakeTerminal()
    bar = TerminalProgress(tty, 100, "Mengimpor")
    bar.update(50)
    bar.close()
    assert "\rMengimpor [" in tty.getvalue() and "█" * 15 in tty.getvalue() and "50/100 baris" in tty.getvalue()
    pipe = io.StringIO()
    TerminalProgress(pipe, 100, "Mengimpor").update(50)
    assert pipe.getvalue() == "Mengimpor: 50/100 baris\n"


def test_web_progress_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert read_progress(7) == {"done": 0, "total": 0, "phase": ""}
    write_progress(7, 40, 100, "menyimpan")
    assert read_progress(7) == {"done": 40, "total": 100, "phase": "menyimpan"}
