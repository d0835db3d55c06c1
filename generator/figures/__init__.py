"""Rules that do not depend on the output format, used by every renderer.

:mod:`.rules` (legend, stacking, series colours, contrast, label fitting), :mod:`.numfmt` (Excel
number formats), :mod:`.axes` (value-axis scales), :mod:`.timeline` (timeline planning) and
:mod:`.tables` (column alignment). None of them imports python-pptx or reportlab.
"""
