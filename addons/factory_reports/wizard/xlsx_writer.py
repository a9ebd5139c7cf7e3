"""The Excel workbook of an export, written by a short-lived child process.

Why a child process: xlsxwriter keeps the workbook's shared strings, its
formats and its write buffers in the memory of the process writing it, and
CPython seldom gives freed memory back to the system. Written inside an
Odoo worker (an HTTP worker or the cron worker, which live for hours), an
export of 200,000 rows would leave the worker that much bigger for the rest
of its life. Here the workbook's memory belongs to a process that imports
xlsxwriter only (no Odoo, no registry: a few tens of MB) and ends when the
workbook is closed; the Odoo process keeps only the batch of rows it is
sending.

The Odoo process (``WorkbookProcess``) still reads the rows, with the
user's record rules and field rights, from its server-side cursor in
batches; it sends the child plain values through a pipe: ``marshal``
records of tuples of str / int / float / None (dates as ISO strings), one
per batch:

* ``("head", sheet, title, heading lines, [(label, type), ...])``
* ``("rows", [(cell, ...), ...])``
* ``("total", label, [(column, number), ...])``
* ``("close",)``

The child writes the workbook to the path given on its command line and
exits 0; on an error it prints the error to stderr and exits 1, and the
Odoo process reports it to the user. Run as ``python -I xlsx_writer.py
<path>`` (this file imports only the standard library at module level, and
xlsxwriter in the child).
"""

import marshal
import os
import subprocess
import sys
from datetime import date, datetime

WIDE_TYPES = ("many2one",)


class WorkbookError(Exception):
    """The child could not write the workbook (its message)."""


def plain(value):
    """A cell value as the pipe carries it."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


class WorkbookProcess:
    """The parent's side: start the child, send it the workbook's parts.

    Use as a context manager; leaving it without ``close()`` (an error in
    the Odoo process) kills the child. The caller owns ``path``."""

    def __init__(self, path):
        self.path = path
        self.proc = None
        self.rusage = None

    def __enter__(self):
        self.proc = subprocess.Popen(
            [sys.executable, "-I", os.path.abspath(__file__), self.path],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            close_fds=True,
        )
        return self

    def __exit__(self, exc_type, exc, tb):
        if self.proc and self.proc.returncode is None:
            self.proc.kill()
            self._wait()
        return False

    def _wait(self):
        __, status, self.rusage = os.wait4(self.proc.pid, 0)
        self.proc.returncode = os.waitstatus_to_exitcode(status)

    def _send(self, message):
        try:
            marshal.dump(message, self.proc.stdin)
        except (BrokenPipeError, OSError):
            self._fail()

    def _fail(self, error=None):
        """The child stopped: its error, as a WorkbookError."""
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        if error is None:
            error = self.proc.stderr.read()
        if self.proc.returncode is None:
            self._wait()
        lines = error.decode("utf-8", "replace").strip().splitlines()
        raise WorkbookError(
            lines[-1] if lines else f"exit status {self.proc.returncode}"
        )

    def head(self, sheet, title, heading, columns):
        self._send(("head", sheet, title, list(heading), list(columns)))

    def rows(self, rows):
        self._send(("rows", rows))

    def total(self, label, cells):
        self._send(("total", label, cells))

    def close(self):
        """Finish the workbook; raise WorkbookError if the child failed."""
        self._send(("close",))
        try:
            self.proc.stdin.close()
        except OSError:
            self._fail()
        error = self.proc.stderr.read()
        self._wait()
        if self.proc.returncode:
            self._fail(error)


# ----------------------------------------------------------------------
# the child
# ----------------------------------------------------------------------


def _write(path, stream):
    import xlsxwriter

    workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
    formats = {
        "float": workbook.add_format({"num_format": "#,##0.00"}),
        "monetary": workbook.add_format({"num_format": "#,##0.00"}),
        "integer": workbook.add_format({"num_format": "#,##0"}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
    }
    title_fmt = workbook.add_format({"bold": True, "font_size": 14})
    head_fmt = workbook.add_format(
        {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}
    )
    total_fmt = workbook.add_format({"bold": True, "top": 1, "num_format": "#,##0.00"})
    sheet = None
    row = 0
    cells = []
    while True:
        message = marshal.load(stream)
        kind = message[0]
        if kind == "head":
            __, name, title, heading, columns = message
            sheet = workbook.add_worksheet(name[:31])
            sheet.write(0, 0, title, title_fmt)
            row = 1
            for line in heading:
                sheet.write(row, 0, line)
                row += 1
            row += 1
            for col, (label, type_) in enumerate(columns):
                sheet.write(row, col, label, head_fmt)
                sheet.set_column(col, col, 28 if type_ in WIDE_TYPES else 14)
            sheet.freeze_panes(row + 1, 0)
            row += 1
            cells = [
                (
                    col,
                    formats.get(type_),
                    {"date": date, "datetime": datetime}.get(type_),
                )
                for col, (__, type_) in enumerate(columns)
            ]
        elif kind == "rows":
            write = sheet.write
            write_datetime = sheet.write_datetime
            for values in message[1]:
                for (col, fmt, parse), value in zip(cells, values, strict=True):
                    if value is None:
                        continue
                    if parse:
                        write_datetime(row, col, parse.fromisoformat(value), fmt)
                    else:
                        write(row, col, value, fmt)
                row += 1
        elif kind == "total":
            __, label, totals = message
            sheet.write(row, 0, label, total_fmt)
            for col, value in totals:
                sheet.write_number(row, col, value, total_fmt)
        elif kind == "close":
            workbook.close()
            return
        else:
            raise ValueError(f"unknown message {kind!r}")


def main(argv):
    try:
        _write(argv[0], sys.stdin.buffer)
    except Exception as error:  # noqa: BLE001 - reported to the Odoo process
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
