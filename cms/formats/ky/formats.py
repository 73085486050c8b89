"""Kyrgyz dates, the year first: 2017-жылдын 22-августу, 14:05."""

DATE_FORMAT = r"Y-\ж\ы\л\д\ы\н j-E"
DATETIME_FORMAT = r"Y-\ж\ы\л\д\ы\н j-E, H:i"
SHORT_DATE_FORMAT = "d.m.Y"
