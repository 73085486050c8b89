"""Uzbek dates, the year first: 2017-yil 22-avgust, 14:05 (made Cyrillic for /uz-cyrl/)."""

DATE_FORMAT = r"Y-\y\i\l j-E"
DATETIME_FORMAT = r"Y-\y\i\l j-E, H:i"
SHORT_DATE_FORMAT = "d.m.Y"
