"""Rules that do not depend on the output format, used by every renderer.

:mod:`.rules` (legend, stacking, series colours, contrast, label fitting), :mod:`.numfmt` (Excel
number formats), :mod:`.axes` (value-axis scales), :mod:`.timeline` (timeline planning),
:mod:`.tables` (column alignment) and :mod:`.callouts` (the colours of Quarto's callouts). None
of them imports python-pptx or reportlab.
"""
