"""Kazakh dates, the year first: 2017 жылғы 22 тамыз, 14:05."""

DATE_FORMAT = r"Y \ж\ы\л\ғ\ы j E"
DATETIME_FORMAT = r"Y \ж\ы\л\ғ\ы j E, H:i"
SHORT_DATE_FORMAT = "d.m.Y"
