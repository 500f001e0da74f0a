"""CSV cells a spreadsheet would run as a formula are written as text (CSV/formula injection)."""

from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "＝", "＋", "－", "＠", "\t", "\r")


def safe_cell(value):
    """A text cell starting like a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable) -> list:
    return [safe_cell(v) for v in values]


def xlsx_row(sheet, values: Iterable) -> list:
    """Cells for a write-only sheet where text stays text: openpyxl would store '=…' as a formula. The
    text itself is unchanged, so an exported file loads back as it was."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str) and cell.data_type == "f":
            cell.data_type = "s"
        cells.append(cell)
    return cells
