"""Maths shared by both outputs: TeX → MathML, checked once at the parse stage, and its picture.

The parse stage calls :func:`unsupported` on every ``$…$`` and ``$$…$$``: a formula the converters
cannot draw is said at its line and kept as the text :mod:`generator.texmath` makes of it. What
passes is drawn from one MathML (:func:`mathml_of`, by latex2mathml through ziamath's reading of
TeX), so the deck's editable equation (:mod:`.omml`), its fallback picture and the handout's vector
drawing (:mod:`.picture`) all show the same formula. Nothing here imports python-pptx or reportlab.
"""

from __future__ import annotations

from .tex import TexError, mathml_of, unsupported

__all__ = ["TexError", "mathml_of", "unsupported"]
