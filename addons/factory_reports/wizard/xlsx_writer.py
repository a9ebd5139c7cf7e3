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

import contextlib
import marshal
import os
import re
import subprocess
import sys
import tempfile
from datetime import date, datetime

WIDE_TYPES = ("many2one",)
NUMBER_TYPES = ("float", "monetary", "integer")
STRING_TYPES = ("char", "text", "selection", "many2one", "html")


# the writer's peak resident memory (kB) of the last workbook this process
# had written: a figure for the log and the bench (bench/xlsx_child.py)
last_peak_rss_kb = None


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
        self.peak_rss_kb = None
        self.errors = None

    def __enter__(self):
        # the child's messages go to a file: a pipe it filled (warnings of
        # xlsxwriter) would block it while this process writes to it
        self.errors = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [sys.executable, "-I", os.path.abspath(__file__), self.path],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            close_fds=True,
        )
        return self

    def __exit__(self, exc_type, exc, tb):
        if self.proc and self.proc.returncode is None:
            self.proc.kill()
            self._wait()
        for stream in (self.proc.stdin, self.proc.stdout, self.errors):
            with contextlib.suppress(OSError):
                stream.close()
        return False

    def _errors(self):
        self.errors.seek(0)
        return self.errors.read()

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
        if self.proc.returncode is None:
            self._wait()
        error = self._errors() if error is None else error
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
        report = self.proc.stdout.read()
        self._wait()
        if self.proc.returncode:
            self._fail()
        # the child's own peak (its VmHWM after exec: the kernel's ru_maxrss
        # of a child counts the parent's pages it shared before exec)
        with contextlib.suppress(ValueError):
            self.peak_rss_kb = int(report.split()[-1])
        global last_peak_rss_kb
        last_peak_rss_kb = self.peak_rss_kb


# ----------------------------------------------------------------------
# the child
# ----------------------------------------------------------------------

# characters a cell's text must not hold as they are (xlsxwriter's escapes:
# control characters, and text that looks like such an escape)
CARE = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
# a cell's text needing anything beyond itself: escapes, or leading or
# trailing whitespace (xml:space="preserve")
SPECIAL = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|\A\s|\s\Z")
EPOCH = datetime(1899, 12, 31)


class RowStream:
    """The data rows written straight into the worksheet's row stream.

    xlsxwriter's cell API costs about 25 us a cell (checks, a cell object,
    then the XML of each cell): 3.2 million cells of a 200,000-row export
    take longer than the export's time target. In constant_memory mode the
    worksheet appends each finished row's XML to a temporary file
    (``row_data_fh``) before it assembles the sheet; the rows here are
    written there as xlsxwriter writes them (``<row r=..><c r=.. s=..>``,
    numbers ``%.16G``, text as inline strings with its escapes, dates as
    Excel serial numbers), the dimensions told to the worksheet at the end.
    Everything else (heading, header, totals, styles, the package) goes
    through xlsxwriter's own API. Without these internals (another
    xlsxwriter), ``available()`` is false and the cell API is used."""

    def __init__(self, sheet, columns, formats):
        from xlsxwriter.utility import xl_col_to_name
        from xlsxwriter.worksheet import re_control_chars_1, re_control_chars_2

        self.sheet = sheet
        self.escape_1 = re_control_chars_1
        self.escape_2 = re_control_chars_2
        self.columns = [
            (xl_col_to_name(col), formats.get(type_), type_)
            for col, (__, type_) in enumerate(columns)
        ]
        self.cells = None
        self.first = None
        self.row = None

    @staticmethod
    def available(sheet):
        return all(
            hasattr(sheet, name)
            for name in (
                "constant_memory",
                "row_data_fh",
                "previous_row",
                "_write_single_row",
                "_check_dimensions",
            )
        ) and bool(sheet.constant_memory)

    def _text(self, value):
        """(text, space attribute) of a string cell that needs escapes."""
        if CARE.search(value):
            value = self.escape_1.sub(r"_x005F\1", value)
            value = self.escape_2.sub(lambda m: f"_x{ord(m.group(1)):04X}_", value)
            value = value.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
        space = (
            ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
        )
        return (
            value.translate(XML_ESCAPES),
            ' xml:space="preserve"' if space else "",
        )

    def write(self, row, rows):
        sheet = self.sheet
        if self.first is None:
            # the rows before (the header) written out first, as the cell
            # API does when it moves to a new row
            sheet._write_single_row(row)
            self.first = row
            # the style index of each column's format (numbered when first
            # used, as the cell API numbers them)
            self.cells = [
                (
                    letter,
                    f' s="{fmt._get_xf_index()}"' if fmt else "",
                    "text"
                    if type_ in STRING_TYPES
                    else "date"
                    if type_ in ("date", "datetime")
                    else "any",
                )
                for letter, fmt, type_ in self.columns
            ]
        out = []
        special = SPECIAL.search
        cells = self.cells
        for values in rows:
            number = row + 1
            out.append(f'<row r="{number}">')
            for (letter, style, kind), value in zip(cells, values, strict=True):
                if value is None:
                    continue
                if kind == "text" and value.__class__ is str:
                    space = ""
                    if special(value):
                        value, space = self._text(value)
                    out.append(
                        f'<c r="{letter}{number}"{style} t="inlineStr"><is>'
                        f"<t{space}>{value}</t></is></c>"
                    )
                elif kind == "date":
                    # xlsxwriter's serial number of the date (the same sums)
                    delta = datetime.fromisoformat(value) - EPOCH
                    serial = (
                        delta.days
                        + (float(delta.seconds) + float(delta.microseconds) / 1e6)
                        / 86400
                    )
                    if serial > 59:  # Excel's 29 February 1900
                        serial += 1
                    out.append(
                        f'<c r="{letter}{number}"{style}><v>{serial:.16G}</v></c>'
                    )
                elif isinstance(value, str):
                    space = ""
                    if special(value):
                        value, space = self._text(value)
                    out.append(
                        f'<c r="{letter}{number}"{style} t="inlineStr"><is>'
                        f"<t{space}>{value}</t></is></c>"
                    )
                else:
                    out.append(
                        f'<c r="{letter}{number}"{style}><v>{value:.16G}</v></c>'
                    )
            out.append("</row>")
            row += 1
            if len(out) > 20000:  # about 1,000 rows: the text stays small
                sheet.row_data_fh.write("".join(out))
                out.clear()
        sheet.row_data_fh.write("".join(out))
        self.row = row
        return row

    def finish(self):
        """Tell the worksheet how far its data goes; the next rows go
        through the cell API again."""
        if self.row is None or self.row == self.first:
            return
        self.sheet._check_dimensions(self.row - 1, len(self.columns) - 1)
        self.sheet.previous_row = self.row - 1


def _cell_writers(sheet, columns, formats):
    """The typed writer of each column for the cell API (xlsxwriter's
    generic write() guesses the type of every cell)."""
    cells = []
    for col, (__, type_) in enumerate(columns):
        if type_ in ("date", "datetime"):
            write, parse = sheet.write_datetime, datetime.fromisoformat
        elif type_ in NUMBER_TYPES:
            write, parse = sheet.write_number, None
        elif type_ in STRING_TYPES:
            write, parse = sheet.write_string, None
        else:
            write, parse = sheet.write, None
        cells.append((col, write, parse, formats.get(type_)))
    return cells


def _write(path, stream, fast=True):
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
    sheet = stream_rows = None
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
            if fast and RowStream.available(sheet):
                stream_rows = RowStream(sheet, columns, formats)
            else:
                cells = _cell_writers(sheet, columns, formats)
        elif kind == "rows" and stream_rows:
            row = stream_rows.write(row, message[1])
        elif kind == "rows":
            for values in message[1]:
                for (col, write, parse, fmt), value in zip(cells, values, strict=True):
                    if value is None:
                        continue
                    write(row, col, parse(value) if parse else value, fmt)
                row += 1
        elif kind == "total":
            if stream_rows:
                stream_rows.finish()
            __, label, totals = message
            sheet.write(row, 0, label, total_fmt)
            for col, value in totals:
                sheet.write_number(row, col, value, total_fmt)
        elif kind == "close":
            workbook.close()
            return
        else:
            raise ValueError(f"unknown message {kind!r}")


def _peak_rss_kb():
    with contextlib.suppress(OSError), open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def main(argv):
    try:
        _write(argv[0], sys.stdin.buffer)
    except Exception as error:  # noqa: BLE001 - reported to the Odoo process
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
        return 1
    print(f"peak_rss_kb {_peak_rss_kb()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
