"""Language rules every stage shares: how dates read, which languages are set the East Asian way.

Dates come from a table of month names, never from ``strftime``, so a build does not depend on
the machine's locale (same inputs, same bytes, in any locale).
"""

from __future__ import annotations

import datetime as dt

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_CJK_LANGS = ("zh", "ja", "ko")


def is_cjk_lang(lang: str) -> bool:
    """Chinese, Japanese and Korean: East Asian fonts, line breaking and dates."""
    return lang.lower().startswith(_CJK_LANGS)


def format_date(value: dt.date | str, lang: str = "en") -> str:
    """``2025-11-28`` → ``28 November 2025`` (or ``2025年11月28日`` in Chinese and Japanese)."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return str(value)  # a date the author wrote out in words stays as written
    if lang.lower().startswith(("zh", "ja")):
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def quoted_title(title: str) -> str:
    """A source's title in curly quotation marks; a title that is itself a quotation keeps its own."""
    if title[:1] == '"' and title[-1:] == '"' and len(title) > 1:
        return f"“{title[1:-1]}”"
    if title[:1] not in "“‘'":
        return f"“{title}”"
    return title
