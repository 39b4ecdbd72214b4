"""Dates as the articles and the filters read them: ISO 8601 text, a day number, and the
date a file's name holds."""
from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import PurePath


def parse_date(value) -> str | None:
    """ISO 8601 date (or date-time when a time is given) from a string or number; None if
    it cannot be read."""
    if value in (None, ""):
        return None
    from dateutil import parser as dateparser

    try:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            # Epoch seconds (or milliseconds, when too large for seconds).
            seconds = value / 1000 if value > 1e11 else value
            return datetime.utcfromtimestamp(seconds).isoformat(timespec="seconds")
        parsed = dateparser.parse(str(value))
    except (ValueError, OverflowError, OSError):
        return None
    if parsed.time() == datetime.min.time() and parsed.tzinfo is None:
        return date(parsed.year, parsed.month, parsed.day).isoformat()
    return parsed.isoformat()


def typed_date(value, field: str) -> str | None:
    """A date a person typed, as ISO YYYY-MM-DD; None when left empty.

    :raises AssistantError: it cannot be read as a date of years 1000-9999, naming `field`.
    """
    from assistant.errors import AssistantError

    if value in (None, ""):
        return None
    parsed = parse_date(value)
    if not parsed or not 1000 <= int(parsed[:4]) <= 9999:
        raise AssistantError(f"{field}: cannot read {value!r} as a date (use YYYY-MM-DD)")
    return parsed[:10]


def day_number(iso: str | None) -> int:
    """2025-03-12... -> 20250312 (a store compares numbers, not strings); 0 when unknown."""
    if not iso or len(iso) < 10:
        return 0
    try:
        return int(iso[:10].replace("-", ""))
    except ValueError:
        return 0


# A date in a file name: 2016-09-08, or 20160908 standing alone between separators. The
# compact form must not touch a letter or digit, so ids, hashes and timestamps
# ("a3f20160908", "IMG_201609081200") are not read as dates.
_NAME_DATES = re.compile(
    r"(?<!\d)(?P<iso>(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2}))(?!\d)"
    r"|(?<![^\W_])(?P<compact>(?P<cy>\d{4})(?P<cm>\d{2})(?P<cd>\d{2}))(?![^\W_])"
)
# Years a news archive plausibly holds; "12345678" is not the year 1234.
_NAME_YEARS = range(1800, 2200)


def date_from_filename(name) -> str | None:
    """The ISO date a file's name holds ("nyt_2016-09-08_obama.txt" -> "2016-09-08"), or
    None: many archives name articles by publication date and carry no date inside.

    Only the last path component is read (a folder named 2016-09-08 dates nothing); the
    first real calendar date wins, and impossible ones (2016-13-45) are passed over.
    """
    for found in _NAME_DATES.finditer(PurePath(str(name)).name):
        parts = found.group("y", "m", "d") if found.group("iso") else found.group("cy", "cm", "cd")
        year, month, day = map(int, parts)
        if year not in _NAME_YEARS:
            continue
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            continue
    return None
