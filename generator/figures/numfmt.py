"""Excel number formats, read as Excel reads them, so the report's labels match the deck's.

A chart's ``number_format`` is a spreadsheet format string because the deck's native chart keeps
it as one (PowerPoint formats the labels itself); the report has no spreadsheet program to do
that, so the same string is interpreted here.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal


def format_number(value: float | None, fmt: str = "General") -> str:
    """``value`` as Excel shows it with number format ``fmt``.

    Covers what charts use: General, digit patterns (0, 0.0, #,##0.00, thousands scaling with a
    trailing comma), percentages, quoted or escaped literal text around the number ("US$"0.0,
    0.0" bn") and sections for negative numbers and zero. Other formats (dates, fractions,
    scientific) are shown as General rather than wrongly.
    """
    if value is None:
        return ""
    sections = _sections(fmt)
    section = sections[0]
    sign = "-" if value < 0 else ""
    if value < 0 and len(sections) > 1:
        section, sign = sections[1], ""  # the negative section writes its own sign, e.g. (0.0)
    elif value == 0 and len(sections) > 2:
        section = sections[2]
    section = re.sub(r"\[[^\]]*\]", "", section)  # colours and conditions: [Red], [>=100]
    prefix, pattern, suffix = _split_pattern(section)
    if pattern is None:
        if section.strip().lower() in ("general", "") or not (prefix + suffix).strip():
            return _general(value)
        return prefix + suffix  # a format without digits shows its text only
    magnitude = abs(value)
    if "%" in prefix + suffix:
        magnitude *= 100
    trailing_commas = len(pattern) - len(pattern.rstrip(","))
    pattern = pattern.rstrip(",")
    magnitude /= 1000 ** trailing_commas
    int_part, _, frac_part = pattern.partition(".")
    decimals = sum(1 for c in frac_part if c in "0#?")
    required = sum(1 for c in frac_part if c == "0")  # "0.0#": one decimal always, a second if needed
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(repr(magnitude)).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{decimals}f}" if "," in int_part else f"{rounded:.{decimals}f}"
    if decimals and required < decimals:
        whole, frac = text.split(".")
        frac = frac.rstrip("0")
        frac = frac + "0" * max(0, required - len(frac))
        text = whole + ("." + frac if frac else "")
    min_int = sum(1 for c in int_part if c == "0")
    whole, dot, frac = text.partition(".")
    if whole.replace(",", "") == "0" and min_int == 0:
        whole = ""  # "#.0" shows .5, as Excel does
    digits = whole.replace(",", "")
    if len(digits) < min_int:
        digits = digits.rjust(min_int, "0")
        whole = f"{int(digits):,}".rjust(min_int, "0") if "," in int_part else digits
    if rounded == 0:
        sign = ""  # -0.01 shown as 0.0 has no sign
    return sign + prefix + whole + dot + frac + suffix


def _sections(fmt: str) -> list[str]:
    out, buf, quoted, escaped = [], "", False, False
    for ch in fmt:
        if escaped:
            buf += ch
            escaped = False
        elif ch == "\\":
            buf += ch
            escaped = True
        elif ch == '"':
            buf += ch
            quoted = not quoted
        elif ch == ";" and not quoted:
            out.append(buf)
            buf = ""
        else:
            buf += ch
    out.append(buf)
    return out


def _split_pattern(section: str) -> tuple[str, str | None, str]:
    """(text before, the digit pattern, text after): literals unquoted, padding codes dropped."""
    prefix, suffix, pattern = "", "", ""
    state = "before"
    i = 0
    while i < len(section):
        ch = section[i]
        literal = None
        if ch == '"':
            end = section.find('"', i + 1)
            end = len(section) if end < 0 else end
            literal = section[i + 1:end]
            i = end + 1
        elif ch == "\\" and i + 1 < len(section):
            literal = section[i + 1]
            i += 2
        elif ch == "_" and i + 1 < len(section):
            literal = " "  # _x leaves the width of x: a space is the closest we have
            i += 2
        elif ch == "*" and i + 1 < len(section):
            i += 2  # *x fills the cell with x; a label has no cell to fill
            continue
        elif ch in "0#?" or (ch in ",." and state == "in"):
            if state == "after":
                literal = ch
            else:
                state = "in"
                pattern += ch
            i += 1
        elif ch == "." and state == "before" and i + 1 < len(section) and section[i + 1] in "0#?":
            state = "in"
            pattern += ch
            i += 1
        else:
            literal = ch
            i += 1
        if literal is not None:
            if state == "before":
                prefix += literal
            else:
                state = "after"
                suffix += literal
    if not pattern or not any(c in pattern for c in "0#?"):
        return prefix + pattern + suffix, None, ""
    return prefix, pattern, suffix


def _general(value: float) -> str:
    if float(value).is_integer() and abs(value) < 1e11:
        return str(int(value))
    text = f"{value:.10g}"
    if "e" in text:
        mantissa, exp = text.split("e")
        return f"{float(mantissa):.5g}E{int(exp):+03d}"
    return text

