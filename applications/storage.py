"""Where uploaded letters live: a folder that no URL serves. Only the owner's
download view reads from it."""
from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage():
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)
