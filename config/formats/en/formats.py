"""How dates and times read, for American users: the one place that sets them.

Django picks this module for LANGUAGE_CODE "en-us" (FORMAT_MODULE_PATH); the
named formats below it are applied by the filters in config/dates.py
(``{{ day|day_short }}``), in pages, emails, drafts and calendar text alike.
Format characters: https://docs.djangoproject.com/en/5.2/ref/templates/builtins/#date
"""

# Django's own: {{ value|date }}, {{ value|time }}, forms and the admin.
DATE_FORMAT = "M j, Y"  # Nov 30, 2026
TIME_FORMAT = "g:i A"  # 8:00 AM
DATETIME_FORMAT = "M j, Y, g:i A"  # Nov 30, 2026, 8:00 AM
YEAR_MONTH_FORMAT = "F Y"  # November 2026
MONTH_DAY_FORMAT = "F j"  # November 30
SHORT_DATE_FORMAT = "m/d/Y"  # 11/30/2026
SHORT_DATETIME_FORMAT = "m/d/Y g:i A"  # 11/30/2026 8:00 AM
FIRST_DAY_OF_WEEK = 0  # Sunday

# Ours, by name (config/dates.py turns each into a template filter).
DAY_SHORT_FORMAT = "D, M j"  # Mon, Nov 30
DAY_SHORT_YEAR_FORMAT = "D, M j, Y"  # Mon, Nov 30, 2026
DAY_LONG_FORMAT = "l, F j"  # Monday, November 30
DAY_LONG_YEAR_FORMAT = "l, F j, Y"  # Monday, November 30, 2026
DAY_TIME_FORMAT = "D, M j, Y, g:i A"  # Mon, Nov 30, 2026, 8:00 AM
DAY_LONG_TIME_FORMAT = "l, F j, g:i A"  # Monday, November 30, 8:00 AM
MOMENT_ZONE_FORMAT = "D, M j, Y, g:i A T"  # Mon, Nov 30, 2026, 8:00 AM CST
