"""The record forms (application, interview, follow-up, reply, contact,
opportunity) filled in the way a user fills them in, and the stored follow-up
plan read back."""

import datetime as dt

from django.urls import reverse

from applications.choices import Rapport, Status

D = dt.date


def utc(*args):
    return dt.datetime(*args, tzinfo=dt.UTC)


APPLICATION = {
    "company": "Acme Freight",
    "role": "Logistics coordinator",
    "posting_url": "https://acme.example.com/jobs/1",
    "source": "Hiring fair",
    "status": Status.APPLIED,
    "applied_on": "2026-11-02",
    "company_time_zone": "",
    "notes": "Met the recruiter at the fair.",
}
CONTACT = {
    "name": "Dana Reyes",
    "company": "Acme Freight",
    "title": "Talent partner",
    "role": "recruiter",
    "work_email": "dana@acme.example.com",
    "notes": "Prefers email.",
}
OPPORTUNITY = {
    "kind": "job",
    "title": "Fleet manager",
    "organization": "Acme Freight",
    "link": "https://acme.example.com/jobs/2",
    "note": "Close to home.",
}


def interview_post(**changes):
    """Monday 30 November 2026, 10:00 local; they promised an answer by Friday 4 December."""
    data = {
        "day": "2026-11-30",
        "time": "10:00",
        "format": "video",
        "rapport": Rapport.NEUTRAL,
        "asked_about_timing": "True",
        "promised_on": "2026-12-04",
        "notes": "Panel of three.",
    }
    return {**data, **changes}


def follow_up_post(day, **changes):
    return {"day": day, "channel": "email", "notes": "Asked politely for news.", **changes}


def reply_post(day, outcome, **changes):
    return {"day": day, "outcome": outcome, "notes": "", **changes}


def log_interview(client, application, **changes):
    response = client.post(reverse("interview_create", args=[application.pk]), interview_post(**changes))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == application.get_absolute_url()
    application.refresh_from_db()
    return application


def plan_of(application):
    application.refresh_from_db()
    return application.next_step, application.next_due_on, application.next_due_at, application.no_date_given
