"""Instruments as Excel workbooks: evaluators author in Excel, Nyata keeps YAML (lossless both ways)."""

from nyata.instruments.xlsx.cells import SheetProblem, WorkbookError
from nyata.instruments.xlsx.reading import read_workbook
from nyata.instruments.xlsx.writing import write_workbook

__all__ = ["SheetProblem", "WorkbookError", "read_workbook", "write_workbook"]
