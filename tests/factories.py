import factory
from allauth.account.models import EmailAddress

from accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    """A signed-up user whose address is verified, as after a real signup."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name")
    time_zone = "America/New_York"
    time_zone_confirmed = True
    password = factory.PostGenerationMethodCall("set_unusable_password")

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=True)


# --- Records (applications app) ----------------------------------------------------
import datetime as dt  # noqa: E402

from applications.choices import ContactRole, FollowUpChannel, InterviewFormat, Rapport, ReplyOutcome, Status  # noqa: E402
from applications.models import Application, Contact, FollowUp, Interview, Letter, Opportunity, Reply  # noqa: E402

# The smallest thing that passes for a PDF: the letter check reads the first bytes.
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def zip_bytes(files):
    """A ZIP archive holding ``files`` ({name: text})."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


# A minimal Word document (a ZIP with the parts a .docx has), and a ZIP that is not one.
DOCX_BYTES = zip_bytes(
    {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'wordprocessingml.document.main+xml"/></Types>',
        "word/document.xml": '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>To whom it may concern</w:t></w:r></w:p></w:body></w:document>",
    }
)
PLAIN_ZIP_BYTES = zip_bytes({"readme.txt": "not a letter"})


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity

    owner = factory.SubFactory(UserFactory)
    title = "Logistics coordinator"
    organization = factory.Sequence(lambda n: f"Opportunity Co {n}")
    link = "https://jobs.example.com/logistics-coordinator"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    owner = factory.SubFactory(UserFactory)
    name = factory.Faker("name")
    company = "Acme Freight"
    role = ContactRole.RECRUITER
    work_email = factory.Sequence(lambda n: f"recruiter{n}@acme.example.com")


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    owner = factory.SubFactory(UserFactory)
    company = factory.Sequence(lambda n: f"Company {n}")
    role = "Logistics coordinator"
    status = Status.APPLIED
    applied_on = dt.date(2026, 11, 2)


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interview

    application = factory.SubFactory(ApplicationFactory)
    # Monday 30 November 2026, 10:00 in New York.
    starts_at = dt.datetime(2026, 11, 30, 15, 0, tzinfo=dt.UTC)
    format = InterviewFormat.VIDEO
    rapport = Rapport.NEUTRAL
    asked_about_timing = True
    promised_on = dt.date(2026, 12, 4)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    application = factory.SubFactory(ApplicationFactory)
    channel = FollowUpChannel.EMAIL
    happened_at = dt.datetime(2026, 12, 7, 15, 0, tzinfo=dt.UTC)


class ReplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reply

    application = factory.SubFactory(ApplicationFactory)
    outcome = ReplyOutcome.OTHER
    received_at = dt.datetime(2026, 12, 8, 15, 0, tzinfo=dt.UTC)


class LetterFactory(factory.django.DjangoModelFactory):
    """A letter whose file is really written to the private storage."""

    class Meta:
        model = Letter

    owner = factory.SubFactory(UserFactory)
    title = "Reference from my battalion commander"
    author = "Col. Jane Smith"
    job_kind = "Logistics"
    file = factory.django.FileField(filename="letter.pdf", data=PDF_BYTES)
    original_name = "letter.pdf"
    content_type = "application/pdf"


# --- Sharing with a coach (sharing app) -----------------------------------------------
from django.utils import timezone  # noqa: E402

from sharing.models import Share, new_token, token_digest  # noqa: E402


class ShareFactory(factory.django.DjangoModelFactory):
    """A live share; its token is thrown away (use share_with_link to keep it)."""

    class Meta:
        model = Share

    owner = factory.SubFactory(UserFactory)
    owner_name = "Alice Example"
    coach_name = "Pat Mentor"
    token_digest = factory.LazyFunction(lambda: token_digest(new_token()))
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=60))


def share_with_link(**fields):
    """A share and the token of its link, as the user would have copied it."""
    token = new_token()
    return ShareFactory(token_digest=token_digest(token), **fields), token
