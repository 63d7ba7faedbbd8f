"""The admin's file input, for files that are private.

Django's file input links the current file to `storage.url()`: with object storage that
is a signed bucket URL, which would let a file be read without the service's permission
check or the case access log. Stored files are served only through the service's own
views, so the admin names the file and links nothing.
"""

from django.db import models
from django.forms import ClearableFileInput


class PrivateFileInput(ClearableFileInput):
    template_name = "governance/widgets/private_file_input.html"

    def is_initial(self, value):
        # Django's asks for `value.url`, which object storage answers with a signed URL.
        return bool(value and getattr(value, "name", ""))


PRIVATE_FILES = {models.FileField: {"widget": PrivateFileInput}}
