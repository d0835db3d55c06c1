"""One vocabulary for lengths and rectangles, shared by every stage that places things.

Lengths are whole EMU (English Metric Units, 914,400 to the inch, 12,700 to the point), the unit
of the deck's file format, as in python-pptx's ``Length``; the report reads the same values in
points through :attr:`Length.pt`. This module imports nothing but the standard library, so the
report's modules can use it without loading python-pptx.
"""

from __future__ import annotations

from dataclasses import dataclass

EMU_PER_PT = 12700
EMU_PER_INCH = 914400
EMU_PER_MM = 36000


class Length(int):
    """A length in EMU, readable in the units people think in."""

    __slots__ = ()

    @property
    def pt(self) -> float:
        return self / EMU_PER_PT

    @property
    def inches(self) -> float:
        return self / EMU_PER_INCH

    @property
    def mm(self) -> float:
        return self / EMU_PER_MM

    @property
    def emu(self) -> int:
        return int(self)


def Emu(value: float) -> Length:  # noqa: N802 - named like the units python-pptx spells so
    """A length of ``value`` EMU (truncated to a whole EMU, as the file format stores it)."""
    return Length(int(value))


def Pt(value: float) -> Length:  # noqa: N802
    """A length of ``value`` points."""
    return Length(int(value * EMU_PER_PT))


def Inches(value: float) -> Length:  # noqa: N802
    """A length of ``value`` inches."""
    return Length(int(value * EMU_PER_INCH))


def Mm(value: float) -> Length:  # noqa: N802
    """A length of ``value`` millimetres."""
    return Length(int(value * EMU_PER_MM))


@dataclass(frozen=True)
class Box:
    """A rectangle: its top left corner, width and height, in EMU."""

    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h

    @property
    def w_pt(self) -> float:
        return self.w / EMU_PER_PT

    @property
    def h_pt(self) -> float:
        return self.h / EMU_PER_PT

    def inset(self, left: int, top: int, right: int, bottom: int) -> Box:
        """The box less margins on each side (never negative in size)."""
        return Box(self.x + left, self.y + top, max(0, self.w - left - right), max(0, self.h - top - bottom))
