"""Corrections a person makes to an article's date and publisher.

Files often carry no date, or a wrong one (a crawl date, an update stamp), and a feed may
name its aggregator as the publisher. A correction is kept on the article's record and
wins over what its file says, in this index and after every re-index of the file.
"""
from __future__ import annotations

from assistant.errors import AssistantError
from assistant.text.dates import parse_date

# What may be corrected, by the name the article metadata uses.
FIELDS = ("date", "source_name")


def checked(source: str, date: str | None = None, publisher: str | None = None) -> dict:
    """The corrections asked for, checked: None leaves a field as it is, "" clears it.

    :raises AssistantError: nothing to correct, or a date that cannot be read (naming the
        article and the field).
    """
    values: dict[str, str] = {}
    if date is not None:
        date = date.strip()
        parsed = parse_date(date) if date else ""
        if parsed is None:
            raise AssistantError(f"{source}: date: cannot read {date!r} as a date (use YYYY-MM-DD)")
        values["date"] = parsed[:10]
    if publisher is not None:
        values["source_name"] = " ".join(publisher.split())
    if not values:
        raise AssistantError(f"{source}: give a date or a publisher to set")
    return values
