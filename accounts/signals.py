from django.dispatch import Signal

# Sent after a profile save that changed fields other apps derive dates from
# (time zone, default wait, reminder settings). Arguments: user, changed (a set of field names).
# The applications app listens and recomputes that user's follow-up plans, so
# accounts never imports it.
profile_changed = Signal()
