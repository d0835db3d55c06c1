"""briefing: checked, sourced facts in YAML → a PowerPoint deck and a PDF report."""

__version__ = "0.1.0"
