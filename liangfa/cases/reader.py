"""Read an agency's file (CSV in UTF-8 or GB18030, or XLSX) as header + rows, streaming.

File-level problems (encoding, no header, formulas, size) raise FileProblem with one clear message;
nothing is imported then.
"""

import codecs
import csv
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

SNIFF_BYTES = 1 << 20


class FileProblem(Exception):
    pass


@dataclass
class Sheet:
    headers: list[str]
    rows: Iterator[tuple[int, list]]  # (row number as the user sees it, cells)
    fmt: str
    encoding: str = ""


def detect_format(path: Path, name: str = "") -> str:
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem("这是旧版 Excel（.xls）文件：请另存为 .xlsx 或 CSV 后再导入")
    suffix = Path(name or path).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        raise FileProblem("文件扩展名是 .xlsx，但内容不是 Excel 文件（可能已损坏）")
    return "csv"


def _detect_encoding(path: Path) -> str:
    with open(path, "rb") as fh:
        sample = fh.read(SNIFF_BYTES)
    if not sample.strip():
        raise FileProblem("文件是空的：没有表头，也没有数据行")
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileProblem("文件是 UTF-16 编码：请另存为 UTF-8 或 GB18030 编码的 CSV")
    if b"\x00" in sample:
        raise FileProblem("文件含有二进制内容（NUL 字节），不是 CSV 文本；若为 UTF-16 编码请另存为 UTF-8")
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            decoder.decode(sample, final=len(sample) < SNIFF_BYTES)
            return encoding
        except UnicodeDecodeError:
            continue
    raise FileProblem("无法识别文件编码：请使用 UTF-8 或 GB18030（GBK）编码的 CSV")


def _check_size(path: Path) -> None:
    size = path.stat().st_size
    if size > settings.IMPORT_MAX_BYTES:
        raise FileProblem(
            f"文件过大（{size / 1024 / 1024:.0f} MB），单个文件上限为 {settings.IMPORT_MAX_BYTES // 1024 // 1024} MB：请拆分后导入"
        )
    if size == 0:
        raise FileProblem("文件是空的：没有表头，也没有数据行")


def _limit_rows(rows: Iterator[tuple[int, list]]) -> Iterator[tuple[int, list]]:
    limit = settings.IMPORT_MAX_ROWS
    for count, item in enumerate(rows, start=1):
        if count > limit:
            raise FileProblem(f"数据行超过 {limit} 行的上限：请拆分后导入")
        yield item


def read_csv(path: Path) -> Sheet:
    encoding = _detect_encoding(path)
    fh = open(path, encoding=encoding, newline="")  # noqa: SIM115 — closed when the generator ends
    reader = csv.reader(fh)
    try:
        headers = next(reader)
    except StopIteration:
        fh.close()
        raise FileProblem("文件是空的：没有表头，也没有数据行") from None
    except UnicodeDecodeError:
        fh.close()
        raise FileProblem(f"文件编码不一致：第 1 行无法按 {encoding} 解码") from None
    except csv.Error as exc:
        fh.close()
        raise FileProblem(f"CSV 格式错误（第 1 行）：{exc}") from None

    def rows():
        try:
            line = 1
            while True:
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except UnicodeDecodeError:
                    raise FileProblem(f"文件编码不一致：第 {line + 1} 行附近无法按 {encoding} 解码") from None
                except csv.Error as exc:
                    raise FileProblem(f"CSV 格式错误（第 {line + 1} 行）：{exc}") from None
                line += 1
                if any(c.strip() for c in cells):
                    yield line, cells
        finally:
            fh.close()

    return Sheet([h.strip() for h in headers], _limit_rows(rows()), "csv", encoding)


_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+\d+)"[^>]*>\s*<f[ >/]')


def _reject_formulas(path: Path) -> None:
    """Formula cells are refused: what the agency sees is not what the cell holds."""
    try:
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                if name.startswith("xl/worksheets/sheet") and name.endswith(".xml"):
                    with zf.open(name) as fh:
                        tail = b""
                        while chunk := fh.read(1 << 20):
                            match = _FORMULA_CELL.search(tail + chunk)
                            if match:
                                raise FileProblem(
                                    f"表格含公式单元格（{match.group(1).decode()}）：请把公式转为数值后再导入"
                                )
                            tail = chunk[-200:]
    except zipfile.BadZipFile:
        raise FileProblem("Excel 文件已损坏，无法打开") from None


def read_xlsx(path: Path) -> Sheet:
    from python_calamine import CalamineWorkbook

    _reject_formulas(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
    except Exception as exc:  # calamine raises its own error types
        raise FileProblem(f"Excel 文件无法读取：{exc}") from None
    iterator = iter(sheet.iter_rows())
    headers = None
    line = 0
    for cells in iterator:
        line += 1
        if any(str(c).strip() for c in cells):
            headers = [str(c).strip() for c in cells]
            break
    if headers is None:
        raise FileProblem("文件是空的：没有表头，也没有数据行")

    def rows():
        number = line
        for cells in iterator:
            number += 1
            if any(str(c).strip() for c in cells if c is not None):
                yield number, list(cells)

    return Sheet(headers, _limit_rows(rows()), "xlsx")


def open_sheet(path: Path, name: str = "") -> Sheet:
    path = Path(path)
    _check_size(path)
    fmt = detect_format(path, name)
    return read_xlsx(path) if fmt == "xlsx" else read_csv(path)


def sheet_from_records(records: list[dict]) -> Sheet:
    """JSON records (API) keyed by the same Chinese headers, as a sheet."""
    headers: list[str] = []
    for record in records:
        for key in record:
            if key not in headers:
                headers.append(key)
    rows = ((i, [record.get(h) for h in headers]) for i, record in enumerate(records, start=1))
    return Sheet(headers, rows, "json")


