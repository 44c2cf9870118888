"""Read any file's cells as text, or refuse with the real cause and the fix.

What a file is comes from its first bytes, not its name: gzip is decompressed, an .xlsx
workbook is read as Excel whatever its extension, a text file named ``.xlsx`` is read as CSV
(both with a warning), and legacy ``.xls``, password-protected workbooks, Apple Numbers,
OpenDocument, other zip archives, PDF and HTML pages are refused by name.

Text is decoded by its byte-order mark if it has one; else as UTF-16/32 when NUL bytes sit
at every other (every fourth) byte; else as strict UTF-8; else by detection. Detection uses
charset-normalizer: MIT-licensed, actively maintained, pure Python with optional compiled
speed-ups, and the detector ``requests`` adopted in place of chardet (so it is usually
installed already; cchardet is no longer maintained). It is asked about a sample of the lines that hold non-ASCII
bytes, and only to tell Western text from other scripts: on short files it often names a
sibling Latin code page (cp1250, cp775, cp437) for plain Windows-1252 text, so any
Latin-script guess is read as cp1252, the code page Excel on Windows writes in the Americas
and Western Europe; a Cyrillic, Greek, Hebrew, Arabic, Thai or East Asian guess is used as
such. Either way a warning names the encoding used.

The delimiter is an Excel ``sep=;`` first line if there is one (the line is skipped, as
Excel does), else the one of ``, ; TAB |`` that splits the most records of a sample into
the same number (two or more) of cells. The sample is parsed with the csv module, so quoted
``"$1,149.00"`` money does not count, and title rows above the header (QuickBooks prints
three or four) only lower every candidate's count alike. ``csv.Sniffer`` was not used: it
gives up ("Could not determine delimiter") on a GA4 download with its ``#`` preamble and on
a QuickBooks Profit and Loss report, whose title and section rows have one cell each;
clevercsv would add a compiled dependency for what this small score does.

Quotes are checked by a separate, vectorised scan of the bytes that follows the csv
module's rules (a quote opens a field only at its start; ``""`` inside a quoted field is a
quote): it finds a quote that is never closed, a quoted cell that swallows lines looking
like whole records, and it counts the file's physical lines so that records plus the line
breaks inside their cells must account for every line.
"""

from __future__ import annotations

import codecs
import csv
import functools
import gzip
import io
import itertools
import re
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from smbkit._errors import DataError

__all__ = ["RawFile", "read_raw"]

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_BOMS = (  # UTF-32 first: its little-endian mark starts like UTF-16's
    (b"\xff\xfe\x00\x00", "utf-32", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig", "utf-8"),
    (b"\xff\xfe", "utf-16", "utf-16-le"),
    (b"\xfe\xff", "utf-16", "utf-16-be"),
)
_DELIMITERS = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
_SEP_LINE = re.compile(r"sep=(\\t|\t|[,;|:!#$%&*+\-./<=>?@\\^`~]) *(?:\r\n|\r|\n|$)", re.I)
# characters str.splitlines breaks at but the csv module does not, and their UTF-8 bytes
_OTHER_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_CHUNK = 1 << 20  # characters handed to the csv module at a time
_SAMPLE = 1 << 16  # characters used to choose the delimiter
_FIELD_LIMIT_MAX = 2**31 - 1  # csv.field_size_limit takes a C long (32 bits on Windows)
# Latin-script single-byte code pages (codecs.lookup names): a detector's guess among
# these is read as cp1252; see the module docstring.
_LATIN = frozenset(
    "ascii cp1252 iso8859-1 iso8859-15 cp1250 iso8859-2 cp1257 iso8859-4 iso8859-13 cp775 "
    "cp437 cp850 cp852 cp858 cp860 cp861 cp863 cp865 mac-roman mac-latin2 mac-iceland "
    "mac-turkish iso8859-3 iso8859-9 iso8859-10 iso8859-14 iso8859-16 cp1254 cp857 "
    "cp1258".split()
)
_EVIDENCE = 16  # non-ASCII bytes needed before a non-Latin encoding is believed
_ENCODING_NAMES = {
    "cp1252": "Windows-1252",
    "cp1251": "Cyrillic Windows-1251",
    "koi8-r": "Cyrillic KOI8-R",
    "cp866": "Cyrillic DOS (cp866)",
    "cp1253": "Greek Windows-1253",
    "cp1255": "Hebrew Windows-1255",
    "cp1256": "Arabic Windows-1256",
    "cp874": "Thai Windows-874",
    "cp932": "Japanese Shift-JIS",
    "shift_jis": "Japanese Shift-JIS",
    "euc_jp": "Japanese EUC-JP",
    "gb18030": "Chinese GB18030",
    "gb2312": "Chinese GB2312",
    "gbk": "Chinese GBK",
    "big5": "Chinese Big5",
    "big5hkscs": "Chinese Big5-HKSCS",
    "cp949": "Korean cp949",
    "euc_kr": "Korean EUC-KR",
    "utf-16-le": "UTF-16 LE",
    "utf-16-be": "UTF-16 BE",
    "utf-32-le": "UTF-32 LE",
    "utf-32-be": "UTF-32 BE",
}


@dataclass
class RawFile:
    """One file's records as lists of text cells, and how they were read.

    Attributes
    ----------
    path : Path
    records : list of list of str
        Every record of the file (title, header, data, total and blank records alike), each
        cell as text. An Excel ``sep=`` line is not a record.
    warnings : list of str
    kind : {"csv", "xlsx"}
        What the file is by its content.
    encoding : str or None
        The Python codec that decodes the file (``"utf-8"``, ``"utf-8-sig"``, ``"utf-16"``,
        ``"cp1252"``, ...); None for .xlsx.
    delimiter : str or None
        The cell delimiter used; None for .xlsx.
    delimiter_reason : str
        Why that delimiter (``"Excel 'sep=;' line"``, ``"detected"``, ...).
    compression : str or None
        ``"gzip"`` when the file was decompressed.
    lines : ndarray of int
        The 1-based physical line where each record starts (the sheet row for .xlsx), for
        pointing a user at the file as a text editor shows it.
    physical_lines : int
        Lines in the file as a text editor counts them (rows up to the last filled one for
        .xlsx).
    skipped_lines : int
        Lines that are not part of any record (the ``sep=`` line).
    quoted_line_breaks : int
        Line breaks inside quoted cells. ``physical_lines == skipped_lines + len(records) +
        quoted_line_breaks`` always holds: :func:`read_raw` checks it.
    """

    path: Path
    records: list[list[str]]
    warnings: list[str]
    kind: str = "csv"
    encoding: str | None = None
    delimiter: str | None = None
    delimiter_reason: str = ""
    compression: str | None = None
    lines: np.ndarray | None = None
    physical_lines: int = -1
    skipped_lines: int = 0
    quoted_line_breaks: int = 0

    def __post_init__(self) -> None:
        if self.lines is None:
            self.lines = np.arange(1, len(self.records) + 1, dtype=np.int64)
        if self.physical_lines < 0:
            self.physical_lines = self.skipped_lines + len(self.records)

    @property
    def name(self) -> str:
        """The file name, as messages show it."""
        return self.path.name


def read_raw(path: str | Path, *, func: str) -> RawFile:
    """Read every cell of a CSV or .xlsx file as text, never modifying the file.

    Parameters
    ----------
    path : str or Path
        A CSV (any delimiter among ``, ; TAB |``, any encoding, optionally gzip-compressed)
        or an .xlsx workbook, whatever its extension says.
    func : str
        The public function reading it, named in every message.

    Returns
    -------
    RawFile
        The records, and how they were read (kind, encoding, delimiter, line accounting).

    Raises
    ------
    DataError
        A missing, empty or unsupported file (.xls, Numbers, OpenDocument, zip, PDF, HTML),
        undecodable text or NUL bytes, a quote that is never closed or that swallows whole
        records, a file of single cells that holds delimiters, or records that do not
        account for every line. Each message names the file, the line and the fix.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "export.csv"
    >>> _ = p.write_bytes(b'sep=;\\r\\nName;Total\\r\\n"Ana\\nB";"1.149,00"\\r\\n')
    >>> raw = read_raw(p, func="example")
    >>> raw.records, raw.delimiter, raw.lines.tolist(), raw.physical_lines
    ([['Name', 'Total'], ['Ana\\nB', '1.149,00']], ';', [2, 3], 4)
    """
    path = Path(path)
    if path.is_dir():
        raise DataError(
            f"{func}: {str(path)!r} is a folder, not a file (an Apple Numbers document can be "
            "one); pass the path of the exported .csv or .xlsx file."
        )
    if not path.is_file():
        raise DataError(f"{func}: file {str(path)!r} does not exist; check the path.")
    data = path.read_bytes()
    name = path.name
    warnings: list[str] = []
    compression = None
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise DataError(
                f"{func}: {name} is a gzip file that cannot be decompressed ({exc}); download "
                "or copy it again."
            ) from None
        compression = "gzip"
        if not name.lower().endswith((".gz", ".gzip")):
            warnings.append(f"{name} is gzip-compressed; read it decompressed.")
    if not data:
        inner = " once decompressed" if compression else ""
        raise DataError(
            f"{func}: {name} is empty (0 bytes{inner}); export it again, and check that the "
            "export finished before copying the file."
        )
    stem = name[:-3] if compression and name.lower().endswith(".gz") else name
    suffix = Path(stem).suffix.lower()
    if data.startswith(_ZIP):
        _refuse_other_zips(data, name, func)
        if suffix not in {".xlsx", ".xlsm"}:
            warnings.append(
                f"{name} is an Excel workbook (.xlsx) despite its name; read it as Excel."
            )
        return _read_xlsx(data, path, func, warnings, compression)
    if data.startswith(_OLE2):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise DataError(
                f"{func}: {name} is a password-protected Excel workbook, which cannot be read; "
                "open it in Excel, remove the password and save it as .xlsx or .csv."
            )
        raise DataError(
            f"{func}: {name} is a legacy Excel 97-2003 workbook (.xls), which smbkit does not "
            "read; open it in Excel or LibreOffice and save it as .xlsx or .csv."
        )
    if data.startswith(b"%PDF-"):
        raise DataError(
            f"{func}: {name} is a PDF document, not a table; export the report as CSV or "
            ".xlsx instead (or save it as .xlsx or .csv from the program that made it)."
        )
    if suffix in {".xlsx", ".xlsm", ".xls"}:
        warnings.append(f"{name} is a text (CSV) file despite its {suffix} name; read it as CSV.")
    text, encoding = _decode(data, name, func, warnings)
    del data
    return _read_text(text, path, func, warnings, encoding, compression)


# ---- binary formats -----------------------------------------------------------------------


def _refuse_other_zips(data: bytes, name: str, func: str) -> None:
    """Return for an .xlsx/.xlsm workbook; raise DataError naming any other zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.namelist()
            mimetype = archive.read("mimetype")[:80] if "mimetype" in members else b""
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise DataError(
            f"{func}: {name} is a damaged zip file ({exc}); if it is an Excel workbook, open "
            "it in Excel and save it again as .xlsx or .csv."
        ) from None
    if "xl/workbook.xml" in members or "xl/workbook.bin" in members:
        if "xl/workbook.bin" in members:
            raise DataError(
                f"{func}: {name} is a binary Excel workbook (.xlsb), which smbkit does not "
                "read; open it in Excel and save it as .xlsx or .csv."
            )
        return
    if b"opendocument.spreadsheet" in mimetype:
        what = "an OpenDocument spreadsheet (.ods)"
        fix = "open it in LibreOffice or Excel and save it as .xlsx or .csv"
    elif any(m.startswith("Index/") or m == "Index.zip" for m in members):
        what = "an Apple Numbers document"
        fix = "in Numbers choose File > Export To > Excel (or CSV), or save it as .xlsx or .csv"
    else:
        shown = ", ".join(members[:3]) + (", ..." if len(members) > 3 else "")
        what = f"a zip archive (holding {shown or 'nothing'}), not a spreadsheet"
        fix = "extract the export from it and read that file (save it as .xlsx or .csv)"
    raise DataError(f"{func}: {name} is {what}; {fix}.")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, pd.Timestamp) or hasattr(value, "isoformat"):
        text = value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
        return text.removesuffix(" 00:00:00")
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _read_xlsx(
    data: bytes, path: Path, func: str, warnings: list[str], compression: str | None
) -> RawFile:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (KeyError, ValueError, OSError, zipfile.BadZipFile) as exc:
        raise DataError(
            f"{func}: {path.name} is an Excel workbook that cannot be opened ({exc}); open it "
            "in Excel and save it again as .xlsx or .csv."
        ) from None
    try:
        sheet = book.worksheets[0]
        records = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    if len(book.worksheets) > 1:
        warnings.append(f"{path.name}: read the first sheet only ({sheet.title!r}).")
    while records and not any(c.strip() for c in records[-1]):
        records.pop()
    return RawFile(path, records, warnings, kind="xlsx", compression=compression)


# ---- text: encoding -----------------------------------------------------------------------


def _line_of(data: bytes, position: int, codec: str = "utf-8") -> int:
    """Return the 1-based line of byte ``position`` in ``data`` encoded with ``codec``."""
    newline = "\n".encode(codec.replace("-sig", ""))
    return data.count(newline, 0, position) + 1


def _wide_without_bom(data: bytes) -> str | None:
    """Return a UTF-16/32 codec when NUL bytes sit where ASCII text in it puts them."""
    sample = data[: 1 << 14]
    usable = len(sample) // 4 * 4
    if usable < 8:
        return None
    nul = (np.frombuffer(sample[:usable], dtype=np.uint8).reshape(-1, 4) == 0).mean(axis=0)
    if nul[1:].min() > 0.9 and nul[0] < 0.1:
        return "utf-32-le"
    if nul[:3].min() > 0.9 and nul[3] < 0.1:
        return "utf-32-be"
    even, odd = (nul[0] + nul[2]) / 2, (nul[1] + nul[3]) / 2
    if odd > 0.7 and even < 0.05:
        return "utf-16-le"
    if even > 0.7 and odd < 0.05:
        return "utf-16-be"
    return None


def _non_ascii_sample(data: bytes, limit: int = 1 << 16) -> bytes:
    """Return whole lines that hold non-ASCII bytes, up to ``limit`` bytes."""
    high = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) >= 0x80)
    parts: list[bytes] = []
    size, end = 0, -1
    for pos in high[:5000].tolist():
        if pos < end:
            continue
        start = data.rfind(b"\n", 0, pos) + 1
        end = data.find(b"\n", pos)
        end = len(data) if end < 0 else end + 1
        parts.append(data[start:end])
        size += end - start
        if size >= limit:
            break
    return b"".join(parts)


def _detected(data: bytes) -> str:
    """Return the codec for text that is not UTF-8, by charset-normalizer, else cp1252.

    A non-Latin guess needs some evidence: at least ``_EVIDENCE`` non-ASCII bytes that sit
    next to another one. Words of another script are runs of such bytes (``Москва``,
    Shift-JIS pairs); a Western file has them one at a time among ASCII letters and digits
    (``Crème``, ``12,50 €``), and a column of euro amounts alone would otherwise be read as a
    Cyrillic DOS code page (cp1125 reads byte 0x80 as ``А``); a lone stray byte as, say,
    Shift-JIS.
    """
    from charset_normalizer import from_bytes

    sample = _non_ascii_sample(data)
    high = np.frombuffer(sample, dtype=np.uint8) >= 0x80
    paired = high[1:] & high[:-1]
    in_runs = np.zeros(high.size, dtype=bool)
    in_runs[1:] |= paired
    in_runs[:-1] |= paired
    enough = int(in_runs.sum()) >= _EVIDENCE
    for match in from_bytes(sample):
        codec = codecs.lookup(match.encoding).name
        if codec.startswith(("utf-16", "utf-32")):
            continue  # without a BOM these guesses are noise; NUL patterns decide them above
        return codec if enough and codec not in _LATIN else "cp1252"
    return "cp1252"


def _decode(data: bytes, name: str, func: str, warnings: list[str]) -> tuple[str, str]:
    """Return the text and the codec that decodes ``data`` (see the module docstring)."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise DataError(
                    f"{func}: {name} starts with a {_ENCODING_NAMES.get(label, 'UTF-8')} "
                    f"byte-order mark, but line {_line_of(data, exc.start, label)} is not valid "
                    f"{_ENCODING_NAMES.get(label, 'UTF-8')} (byte {exc.start:,}); the file is "
                    "damaged or was edited as another encoding: export it again."
                ) from None
            return _not_empty(text, name, func), codec
    wide = _wide_without_bom(data)
    if wide is not None:
        try:
            text = data.decode(wide)
        except UnicodeDecodeError as exc:
            raise DataError(
                f"{func}: {name} looks like {_ENCODING_NAMES[wide]} text without a byte-order "
                f"mark, but line {_line_of(data, exc.start, wide)} cannot be read as such; "
                "export it again as CSV UTF-8."
            ) from None
        warnings.append(
            f"{name}: read as {_ENCODING_NAMES[wide]} ({wide}), which it has no byte-order "
            "mark to declare; check the text, or export as UTF-8."
        )
        return _not_empty(text, name, func), wide
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    codec = _detected(data)
    if codec != "cp1252":
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            codec = "cp1252"
        else:
            warnings.append(
                f"{name}: not UTF-8; read as {_ENCODING_NAMES.get(codec, codec)} ({codec}), "
                "as detected by charset-normalizer. Check names and text, or export as UTF-8."
            )
            return text, codec
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise DataError(
            f"{func}: {name} line {_line_of(data, exc.start)} has byte "
            f"0x{data[exc.start]:02X}, which is neither UTF-8 nor Windows-1252 (cp1252), and "
            "no other encoding fits the file; export it again as CSV UTF-8."
        ) from None
    warnings.append(
        f"{name}: not UTF-8; read as Windows-1252 (cp1252). Check accented names, or export "
        "as UTF-8."
    )
    return text, "cp1252"


def _not_empty(text: str, name: str, func: str) -> str:
    if not text:
        raise DataError(
            f"{func}: {name} is empty (nothing after its byte-order mark); export it again."
        )
    return text


# ---- text: delimiter ----------------------------------------------------------------------


def _choose_delimiter(text: str) -> str:
    """Return the delimiter that splits most sample records into one width of 2+ cells."""
    sample = text[:_SAMPLE]
    best: tuple[int, int, int] | None = None
    choice = ","
    for rank, delimiter in enumerate(_DELIMITERS):
        records = list(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))
        if len(text) > _SAMPLE:
            records = records[:-1]  # the sample may end inside a record
        widths = Counter(len(r) for r in records if len(r) >= 2)
        if not widths:
            continue
        count, width = max((n, w) for w, n in widths.items())
        score = (count, width, -rank)
        if best is None or score > best:
            best, choice = score, delimiter
    return choice


# ---- text: the independent quote and line scan --------------------------------------------


@dataclass
class _Scan:
    """Lines and records of a text as the csv module's quoting rules make them."""

    breaks: np.ndarray  # byte position of each line break (the LF of CRLF)
    inside: np.ndarray  # bool per break: inside a quoted cell
    run_start: np.ndarray  # byte position of each run of quote characters
    state: np.ndarray  # bool per run: inside a quoted cell after the run
    size: int

    @functools.cached_property
    def opener(self) -> np.ndarray:
        """Per run, the run that opened the quoted cell it is in (-1: none)."""
        index = np.arange(self.state.size)
        opened = self.state & ~np.concatenate(([False], self.state[:-1]))
        opener = np.maximum.accumulate(np.where(opened, index, -1))
        return np.where(self.state, opener, -1)

    @property
    def physical(self) -> int:
        """Lines in the text, the last one counted whether or not a line break ends it."""
        last = self.size - 1
        return len(self.breaks) + int(
            self.size > 0 and (not len(self.breaks) or self.breaks[-1] != last)
        )

    def line_of(self, position: int) -> int:
        """The 1-based line (of this text) holding byte ``position``."""
        return int(np.searchsorted(self.breaks, position)) + 1

    def row_of(self, position: int) -> int:
        """The 1-based record holding byte ``position``."""
        ends = self.breaks[~self.inside]
        return int(np.searchsorted(ends, position)) + 1


def _positions(a: np.ndarray, value: int, step: int = 1 << 22) -> np.ndarray:
    """Return the positions of ``value`` in ``a``, a few MB at a time (less memory)."""
    found = []
    mask = np.empty(min(step, a.size), dtype=bool)
    for lo in range(0, a.size, step):
        chunk = a[lo : lo + step]
        found.append(np.flatnonzero(np.equal(chunk, value, out=mask[: chunk.size])) + lo)
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)


def _scan(buf: bytes, delimiter: str) -> _Scan:
    """Scan ``buf`` (UTF-8) for line breaks and quote runs, vectorised.

    Each run of consecutive quote characters maps "inside a quoted cell?" before it to after
    it, as the csv module reads it:

    - an even run changes nothing (``""`` is an empty cell outside, a quote inside);
    - an odd run at the start of a field (after a delimiter, a line break or the file start)
      flips the state: it opens a cell, or closes the one it is in;
    - an odd run anywhere else is literal text outside a cell, and closes a cell inside one,
      so either way the state after it is "outside".

    Flips and resets compose: the state after run ``k`` is the parity of the flips since the
    last reset, which a cumulative sum and a running maximum give without a Python loop.
    """
    a = np.frombuffer(buf, dtype=np.uint8)
    n = a.size
    breaks = _positions(a, 10)
    if buf.count(b"\r") != buf.count(b"\r\n"):  # some CR ends a line on its own
        cr = _positions(a, 13)
        alone = cr[(cr + 1 >= n) | (a[np.minimum(cr + 1, n - 1)] != 10)]
        breaks = np.union1d(breaks, alone)
    quotes = _positions(a, 34)
    if not quotes.size:
        no_runs = np.zeros(0, dtype=np.int64)
        return _Scan(breaks, np.zeros(breaks.size, bool), no_runs, np.zeros(0, bool), n)
    first = np.ones(quotes.size, dtype=bool)
    first[1:] = np.diff(quotes) != 1
    run_start = quotes[first]
    run_len = np.diff(np.append(np.flatnonzero(first), quotes.size))
    before = a[np.maximum(run_start - 1, 0)]
    at_field_start = (run_start == 0) | (before == ord(delimiter)) | (before == 10) | (before == 13)
    odd = run_len % 2 == 1
    toggle = at_field_start & odd
    reset = ~at_field_start & odd
    index = np.arange(run_start.size)
    last_reset = np.maximum.accumulate(np.where(reset, index, -1))
    toggles = np.cumsum(toggle)
    base = np.where(last_reset >= 0, toggles[np.maximum(last_reset, 0)], 0)
    state = (toggles - base) % 2 == 1
    run_before = np.searchsorted(run_start, breaks) - 1
    inside = np.where(run_before >= 0, state[np.maximum(run_before, 0)], False)
    return _Scan(breaks, inside, run_start, state, n)


def _record_starts(scan: _Scan) -> np.ndarray:
    """Return the 1-based line where each record starts (records per the scan)."""
    ends = np.flatnonzero(~scan.inside)  # break indices that end a record
    starts = np.concatenate(([1], ends + 2)).astype(np.int64)
    last_end = int(scan.breaks[ends[-1]]) if ends.size else -1
    count = ends.size + int(scan.size - 1 > last_end)
    return starts[:count]


def _check_quotes(scan: _Scan, buf: bytes, delimiter: str, ctx: tuple[str, str, int]) -> None:
    """Raise DataError for an unclosed quote or a quoted cell that swallows records."""
    func, name, skipped = ctx
    if scan.state.size and scan.state[-1]:
        opening = int(scan.run_start[scan.opener[-1]])
        raise DataError(
            f"{func}: {name} line {scan.line_of(opening) + skipped} (row "
            f"{scan.row_of(opening)}): a quote opens a cell there and is never closed, so "
            f"the rest of the file ({scan.physical - scan.line_of(opening):,} more lines) "
            "would be read as one cell. Remove the stray quote or close it (a quote inside a "
            'quoted cell is written twice: ""), or export the file again.'
        )
    if not scan.inside.any():
        return
    # lines wholly inside one quoted cell, and how many delimiters each holds
    inner = np.flatnonzero(scan.inside[1:] & scan.inside[:-1]) + 1  # line index, 0-based
    if not inner.size:
        return
    run_of = np.searchsorted(scan.run_start, scan.breaks) - 1
    cell_of = scan.opener[np.maximum(run_of, 0)]
    inner = inner[cell_of[inner] == cell_of[inner - 1]]
    starts_inside = np.concatenate(([False], scan.inside[:-1]))
    whole = np.flatnonzero(~scan.inside & ~starts_inside)  # one-line records
    if not inner.size or not whole.size:
        return
    d = delimiter.encode()

    def delimiters(line: int) -> int:
        lo = int(scan.breaks[line - 1]) + 1 if line else 0
        return buf.count(d, lo, int(scan.breaks[line]))

    typical = float(np.median([delimiters(i) for i in whole[:2000].tolist()]))
    threshold = max(2.0, 0.8 * typical)
    looks = np.array([delimiters(i) >= threshold for i in inner.tolist()], dtype=bool)
    cells, position = np.unique(cell_of[inner], return_inverse=True)
    like = np.bincount(position, weights=looks, minlength=cells.size)
    total = np.bincount(position, minlength=cells.size)
    bad = np.flatnonzero((like >= 2) & (2 * like >= total))
    if bad.size:
        cell = int(cells[bad[0]])
        opening = int(scan.run_start[cell])
        closing = cell + int(np.flatnonzero(~scan.state[cell:])[0])
        raise DataError(
            f"{func}: {name} line {scan.line_of(opening) + skipped} (row "
            f"{scan.row_of(opening)}): a quoted cell opens there and closes only on line "
            f"{scan.line_of(int(scan.run_start[closing])) + skipped}, swallowing "
            f"{int(like[bad[0]]):,} lines that look like whole rows ({int(typical)} "
            f"{_DELIMITER_NAMES.get(delimiter, repr(delimiter))} delimiters each). A quote "
            "is missing or stray there: fix that cell in the source system, or export the "
            "file again."
        )


# ---- text: parsing ------------------------------------------------------------------------


def _pieces(text: str, plain: bool):
    """Yield lists of the lines the csv module would see (ends kept), a chunk at a time.

    ``plain``: the text holds none of ``_OTHER_BREAKS``, so fast ``str.splitlines`` splits
    it as the csv module does; else a regular expression splits at CR, LF and CRLF only.
    """
    start, n = 0, len(text)
    while start < n:
        end = text.find("\n", start + _CHUNK)
        end = n if end < 0 else end + 1
        piece = text[start:end]
        yield piece.splitlines(True) if plain else _LINE.findall(piece)
        start = end


def _parse(text: str, delimiter: str, plain: bool = False) -> list[list[str]]:
    """Parse ``text`` with the csv module, the field size limit raised for this call.

    The limit (131,072 characters by default) would reject a long but real cell, such as a
    megabyte of order notes; it is raised to the text's length, which no cell can exceed,
    and the previous limit is restored afterwards (it is process-wide, so two threads
    reading at once could briefly see each other's limit).
    """
    previous = csv.field_size_limit()
    csv.field_size_limit(min(_FIELD_LIMIT_MAX, max(previous, len(text) + 1)))
    try:
        lines = itertools.chain.from_iterable(_pieces(text, plain))
        return list(csv.reader(lines, delimiter=delimiter))
    finally:
        csv.field_size_limit(previous)


def _breaks_in(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _read_text(
    text: str, path: Path, func: str, warnings: list[str], encoding: str, compression: str | None
) -> RawFile:
    """Refuse HTML/XML and NUL bytes, pick the delimiter, scan the quotes, parse, account."""
    name = path.name
    head = text[:1000].lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html", "<table", "<?xml")):
        what = "an XML document" if head.startswith("<?xml") else "an HTML page"
        raise DataError(
            f"{func}: {name} is {what}, not CSV (some systems save web tables under an .xls or "
            ".csv name); open it in Excel and save it as .xlsx or .csv."
        )
    nul = text.find("\x00")
    if nul >= 0:
        raise DataError(
            f"{func}: {name} line {_breaks_in(text[:nul]) + 1} holds NUL bytes (\\x00) after "
            f"decoding as {encoding}, so it is a binary file or text in an encoding that "
            "was not recognised; open it in a spreadsheet and save it as .xlsx or CSV UTF-8."
        )
    skipped = 0
    sep = _SEP_LINE.match(text)
    if sep:
        delimiter = "\t" if sep.group(1) == "\\t" else sep.group(1)
        reason = f"Excel 'sep={sep.group(1)}' line".replace("\t", "\\t")
        text = text[sep.end() :]
        skipped = 1
    else:
        delimiter = _choose_delimiter(text)
        reason = "detected"
    buf = text.encode("utf-8")
    scan = _scan(buf, delimiter)
    _check_quotes(scan, buf, delimiter, (func, name, skipped))
    plain = not any(c.encode("utf-8") in buf for c in _OTHER_BREAKS)
    del buf
    records = _parse(text, delimiter, plain)
    starts = _record_starts(scan)
    inside = int(scan.inside.sum())
    if inside or len(records) != scan.physical:
        embedded = sum(
            _breaks_in("\x1f".join(map("\x1f".join, records[i : i + 100_000])))
            for i in range(0, len(records), 100_000)
        )
    else:  # each record used at least one of the lines it was fed: one line each, no break
        embedded = 0
    if len(records) != len(starts) or embedded != inside:
        _diverged(records, starts, scan, func, name, skipped)
    if records and max(map(len, records)) == 1:
        _single_cells(records, starts + skipped, delimiter, func, name)
    return RawFile(
        path,
        records,
        warnings,
        kind="csv",
        encoding=encoding,
        delimiter=delimiter,
        delimiter_reason=reason,
        compression=compression,
        lines=starts + skipped,
        physical_lines=scan.physical + skipped,
        skipped_lines=skipped,
        quoted_line_breaks=inside,
    )


def _diverged(records, starts, scan: _Scan, func: str, name: str, skipped: int) -> None:
    """Raise DataError at the first record where the parser and the line scan disagree."""
    spans = np.fromiter((1 + _breaks_in("\x1f".join(r)) for r in records), dtype=np.int64)
    parsed = np.concatenate(([1], 1 + np.cumsum(spans)))  # starts, then one past the end
    scanned = np.append(starts, scan.physical + 1)
    # first record that starts or ends on another line in the two readings
    common = min(len(parsed), len(scanned))
    differ = np.flatnonzero(parsed[:common] != scanned[:common])
    k = max(int(differ[0]) - 1, 0) if differ.size else common - 1
    line = int(min(parsed[k], scanned[k]))
    raise DataError(
        f"{func}: {name}: from line {line + skipped} (row {k + 1}) the CSV parser's "
        f"{len(records):,} rows and {int(spans.sum()):,} lines do not match the file's "
        f"{scan.physical:,} lines read quote by quote; the quoting there can be read two "
        "ways. Check the quotes on that line, or export the file again."
    )


def _single_cells(records, lines, delimiter: str, func: str, name: str) -> None:
    """Raise DataError when every record is one cell but the cells hold delimiters."""
    for k, record in enumerate(records):
        if not record:
            continue
        found = [d for d in _DELIMITERS if d in record[0]]
        if found:
            shown = _DELIMITER_NAMES[found[0]]
            raise DataError(
                f"{func}: {name} has one cell per row with the "
                f"{_DELIMITER_NAMES.get(delimiter, repr(delimiter))} delimiter, but line {int(lines[k])} holds a "
                f"{shown} inside its cell: the columns were not split (a file opened in a "
                "spreadsheet with the wrong delimiter and saved again, or every line quoted). "
                "Export it again from the source system."
            )
