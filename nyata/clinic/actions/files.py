"""Files of the clinic (a question's attachments, a session's materials) are checked exactly as evidence is:
by their bytes (nyata.core.files), against the evidence size and archive limits and the per-request total
(nyata.core.limits), all of them before anything is stored; one bad file refuses them all."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils.translation import gettext as _

from nyata.evaluations.actions.uploads import MAX_FILES_AT_ONCE, Inspected, inspect_uploads

MAX_FILES = MAX_FILES_AT_ONCE  # as many as one evidence upload takes


def inspect(uploads: list[UploadedFile]) -> list[Inspected]:
    if len(uploads) > MAX_FILES:
        raise ValidationError({"file": [_("Send at most %(limit)s files at once.") % {"limit": MAX_FILES}]})
    return inspect_uploads(uploads)


def store(model: type[models.Model], inspected: list[Inspected], *, by, **fields) -> list[models.Model]:
    stored = []
    for entry in inspected:
        row = model(
            name=entry.name,
            content_type=entry.kind.mime,
            size=entry.size,
            sha256=entry.sha256,
            uploaded_by=by,
            **fields,
        )
        row.file.save(entry.name, entry.upload, save=False)
        row.save()
        stored.append(row)
    return stored
