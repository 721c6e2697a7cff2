"""Demo data for trying the app: `python manage.py seed_demo --email you@example.com`.

Idempotent: records are found by their natural keys (company and role, contact
name, opportunity title, letter title) and created only when missing, so
running it twice leaves one set.
"""

import datetime as dt

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from applications.choices import (
    ContactRole,
    FollowUpChannel,
    Influence,
    InterviewFormat,
    OpportunityKind,
    Rapport,
    ReplyOutcome,
    Status,
)
from applications.models import Application, Contact, FollowUp, Interview, Letter, Opportunity, Reply
from plans.names import suggest_greeting
from plans.rules import is_business_day

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def business_days_before(day, count):
    while count:
        day -= dt.timedelta(days=1)
        if is_business_day(day):
            count -= 1
    return day


def business_days_after(day, count):
    while count:
        day += dt.timedelta(days=1)
        if is_business_day(day):
            count -= 1
    return day


class Command(BaseCommand):
    help = "Create (once) a realistic set of demo records for the user with this email."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The demo user's address; created if new.")

    @transaction.atomic
    def handle(self, *args, email, **options):
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not an email address.") from None
        email = email.strip().lower()
        User = get_user_model()
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "full_name": "Jordan Reyes",
                "time_zone": "America/New_York",
                "time_zone_confirmed": True,
                "skills_summary": (
                    "Eight years running logistics for a 120-person unit: inventory worth $4M, "
                    "on-time delivery above 98%, and a team of 14 I trained and led."
                ),
                "email_signature": "Jordan Reyes\nOperations and logistics",
                "phone": "555-201-3344",
            },
        )
        if created:
            user.set_unusable_password()
            user.save()
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"primary": True, "verified": True}
        )
        self.seed(user)
        verb = "Created" if created else "Updated"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} demo data for {email}. Sign in with that address to see it.")
        )

    def seed(self, user):
        zone = user.zoneinfo
        today = timezone.now().astimezone(zone).date()

        def at(day, hour=10):
            return dt.datetime.combine(day, dt.time(hour), tzinfo=zone)

        def contact(name, **fields):
            fields.setdefault("greet_as", suggest_greeting(name))
            return Contact.objects.get_or_create(owner=user, name=name, defaults=fields)[0]

        recruiter = contact(
            "Priya Shah",
            company="Northwind Logistics",
            title="Talent Acquisition Partner",
            role=ContactRole.RECRUITER,
            work_email="priya.shah@northwind.example",
            personal_phone="555-0142",
        )
        manager = contact(
            "Marcus Bell",
            company="Northwind Logistics",
            title="Director of Operations",
            role=ContactRole.HIRING_MANAGER,
            work_email="marcus.bell@northwind.example",
            work_phone="555-0100",
        )
        interviewer = contact(
            "Elena Ortiz",
            company="Contoso Health",
            title="Facilities Lead",
            role=ContactRole.INTERVIEWER,
            work_email="e.ortiz@contoso.example",
        )
        panelist = contact(
            "Dr. Alicia Nguyen-Park",
            company="Litware Security",
            title="Program Director",
            role=ContactRole.INTERVIEWER,
            work_email="a.nguyen-park@litware.example",
        )
        contact(
            "Dana Brooks",
            company="",
            title="Retired Sergeant Major, now a plant manager",
            role=ContactRole.NETWORK,
            influence=Influence.HIGH,
            personal_email="dana.brooks@mail.example",
            notes="Served together 2016-2019. Personal address only, so no outreach drafts go to her.",
        )
        contact(
            "Sam Whitaker",
            company="Fabrikam Energy",
            title="HR Generalist",
            role=ContactRole.RECRUITER,
            personal_phone="555-0199",
        )

        def application(company, role, **fields):
            return Application.objects.get_or_create(owner=user, company=company, role=role, defaults=fields)

        def interview(app, created, days_ago, **fields):
            if created:
                starts = at(business_days_before(today, days_ago))
                return Interview.objects.create(application=app, starts_at=starts, **fields)
            return None

        northwind, new = application(
            "Northwind Logistics",
            "Operations Supervisor",
            status=Status.WAITING,
            source="Hiring Our Heroes job fair",
            posting_url="https://careers.northwind.example/ops-supervisor",
            company_time_zone="America/Chicago",
            applied_on=business_days_before(today, 25),
        )
        first = interview(
            northwind,
            new,
            12,
            format=InterviewFormat.ON_SITE,
            rapport=Rapport.WENT_WELL,
            asked_about_timing=True,
            promised_on=business_days_before(today, 3),
            notes="Toured the warehouse; talked about cross-docking.",
        )
        if first:
            first.interviewers.set([recruiter, manager])

        contoso, new = application(
            "Contoso Health",
            "Facilities Manager",
            status=Status.WAITING,
            source="LinkedIn",
            applied_on=business_days_before(today, 30),
        )
        second = interview(
            contoso, new, 10, format=InterviewFormat.VIDEO, rapport=Rapport.NEUTRAL, asked_about_timing=False
        )
        if second:
            second.interviewers.set([interviewer])

        fabrikam, new = application(
            "Fabrikam Energy",
            "Safety Coordinator",
            status=Status.WAITING,
            source="Company website",
            applied_on=business_days_before(today, 20),
        )
        interview(
            fabrikam,
            new,
            6,
            format=InterviewFormat.PHONE,
            rapport=Rapport.UNEASY,
            asked_about_timing=True,
            promised_on=business_days_before(today, 2),
            notes="Felt rushed; the interviewer kept checking the time.",
        )

        litware, new = application(
            "Litware Security",
            "Project Coordinator",
            status=Status.WAITING,
            source="Referral from a friend",
            applied_on=business_days_before(today, 10),
        )
        latest = interview(
            litware,
            new,
            1,
            format=InterviewFormat.VIDEO,
            rapport=Rapport.WENT_WELL,
            asked_about_timing=True,
            promised_on=business_days_after(today, 3),
            notes="Panel of two; she asked how I planned a battalion move across three states.",
        )
        if latest:
            latest.interviewers.set([panelist])

        adventure, new = application(
            "Adventure Works",
            "Logistics Analyst",
            status=Status.FOLLOWED_UP,
            source="Indeed",
            applied_on=business_days_before(today, 45),
        )
        if interview(
            adventure,
            new,
            30,
            format=InterviewFormat.VIDEO,
            rapport=Rapport.NEUTRAL,
            asked_about_timing=True,
            promised_on=business_days_before(today, 26),
        ):
            for days_ago in (25, 16):
                FollowUp.objects.create(
                    application=adventure,
                    channel=FollowUpChannel.EMAIL,
                    happened_at=at(business_days_before(today, days_ago), 9),
                )

        application(
            "Tailspin Aviation",
            "Maintenance Planner",
            status=Status.APPLIED,
            source="USAJOBS",
            applied_on=today,
        )
        wide_world, new = application(
            "Wide World Importers",
            "Supply Chain Analyst",
            status=Status.OFFER,
            applied_on=business_days_before(today, 60),
        )
        if interview(
            wide_world,
            new,
            40,
            format=InterviewFormat.ON_SITE,
            rapport=Rapport.WENT_WELL,
            asked_about_timing=True,
            promised_on=business_days_before(today, 33),
        ):
            Reply.objects.create(
                application=wide_world,
                outcome=ReplyOutcome.OFFER,
                received_at=at(business_days_before(today, 34), 15),
                notes="Offer letter received; start date to be agreed.",
            )

        for kind, title, organization, starred in (
            (OpportunityKind.SCHOOL, "Project Management certificate", "State University Extension", True),
            (OpportunityKind.FRANCHISE, "Mobile fleet maintenance franchise", "FleetCare", False),
            (OpportunityKind.JOB, "Warehouse Operations Lead", "Northwind Logistics", True),
        ):
            Opportunity.objects.get_or_create(
                owner=user,
                title=title,
                defaults={"kind": kind, "organization": organization, "starred": starred},
            )

        if not Letter.objects.filter(owner=user, title="Letter from my battalion commander").exists():
            letter = Letter(
                owner=user,
                title="Letter from my battalion commander",
                author="Lt. Col. A. Morgan (Ret.)",
                job_kind="Operations and logistics leadership",
                content_type="application/pdf",
                original_name="morgan-recommendation.pdf",
            )
            letter.file.save("morgan-recommendation.pdf", ContentFile(MINIMAL_PDF), save=False)
            letter.save()

        for app in Application.objects.filter(owner=user).select_related("owner"):
            app.refresh_plan()
