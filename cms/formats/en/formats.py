"""English dates as the site prints them: 22 August 2017, 22 August 2017, 14:05."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "d/m/Y"
