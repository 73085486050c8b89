"""Kazakh dates, the year first: 2017 жылғы 22 тамыз, 14:05."""

DATE_FORMAT = r"Y \ж\ы\л\ғ\ы j E"
DATETIME_FORMAT = r"Y \ж\ы\л\ғ\ы j E, H:i"
SHORT_DATE_FORMAT = "d.m.Y"
FIRST_DAY_OF_WEEK = 1  # Monday
# Typed day first with dots (31.12.2026), or ISO as date pickers send it (2026-12-31).
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
]
