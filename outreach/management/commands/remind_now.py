"""Run the reminder sweep now instead of waiting for beat: `python manage.py remind_now`
(`make remind`).

It does exactly what beat's sweep does (claims every reminder that is due and
queues its sending), so it can never send twice. The Celery worker sends them:
under `make run`, the emails appear in the `worker.1` output.
"""

from django.core.management.base import BaseCommand

from outreach import tasks


class Command(BaseCommand):
    help = "Claim every reminder that is due now and queue it for the Celery worker."

    def handle(self, *args, **options):
        claimed = tasks.sweep()
        if claimed:
            self.stdout.write(
                f"Queued {claimed} reminder{'s' if claimed != 1 else ''}. "
                "The Celery worker sends them: under make run, look for them in the worker.1 output."
            )
        else:
            self.stdout.write("Nothing is due right now: every reminder owed has already gone out.")
