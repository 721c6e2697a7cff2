from django.dispatch import Signal

# Sent after a profile save that changed fields other apps derive dates from
# (time zone, default wait, reminder settings). Arguments: user, changed (a set of field names).
# The applications app listens and recomputes that user's follow-up plans, so
# accounts never imports it.
profile_changed = Signal()

# Sent while a user's data export is written (exports.archive), so that an app exports
# does not import (sharing) puts its records in it too. Arguments: user. Each receiver
# returns a list of (section name, list of JSON-ready records), every record the user's.
data_export = Signal()
