"""Editable Word documents (.docx, python-docx): the LHE of a unit and the city recap. The Inspektorat edits
and signs the LHE in Word, so the document is plain: real headings, real tables, real text (no text boxes),
the letterhead in the page header. Figures are written the Indonesian way, as in the PDF."""

from nyata.reports.documents.word.lhe import lhe_docx
from nyata.reports.documents.word.recap import recap_docx

__all__ = ["lhe_docx", "recap_docx"]
