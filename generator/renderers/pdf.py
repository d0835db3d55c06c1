"""The report renderer: the document model → a printable PDF, through reportlab's platypus."""

from __future__ import annotations

from pathlib import Path

from .base import Renderer


class ReportRenderer(Renderer):
    name = "report"
    suffix = ".pdf"

    def render(self, out: Path) -> None:
        self.problems.error(self.build.document.path, None, None, "the PDF report is not available yet")
