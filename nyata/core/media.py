"""What is in file storage that should not be, and what a row names that is not there.

- an orphan: a stored file no row of any model names (a worker killed between writing a file and
  committing its row; see nyata.evaluations.actions.evidence);
- an incoming file: the temporary half of a write nyata.core.storage did not finish;
- a stale upload: a request body Django spooled to FILE_UPLOAD_TEMP_DIR for a request that never ended.

Only what is older than NYATA_MEDIA_STALE_HOURS counts: a younger file may belong to a request in progress.
Rows are read generically (every FileField of every installed model, history included), so this module
needs no domain app.
"""

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.storage import Storage, default_storage
from django.db import models
from django.utils import timezone

from nyata.core.storage import INCOMING_PREFIX, INCOMING_SUFFIX


@dataclass(frozen=True)
class Leftover:
    kind: str  # "orphan", "incoming" or "upload"
    name: str  # the storage name, or the path of an upload in FILE_UPLOAD_TEMP_DIR
    size: int
    modified: datetime


@dataclass
class MediaReport:
    leftovers: list[Leftover] = field(default_factory=list)
    missing: list[tuple[str, object, str]] = field(default_factory=list)  # (model, pk, file name)
    files: int = 0  # files in storage, leftovers included

    @property
    def leftover_bytes(self) -> int:
        return sum(item.size for item in self.leftovers)


def _file_fields() -> Iterator[tuple[type[models.Model], models.FileField]]:
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                yield model, model_field


def _is_history(model: type[models.Model]) -> bool:
    # django-simple-history's copies keep the names their rows had; a live row is the one to check.
    return any(f.name == "history_id" for f in model._meta.concrete_fields)


def referenced_names() -> set[str]:
    names: set[str] = set()
    for model, model_field in _file_fields():
        names.update(
            model._default_manager.exclude(**{model_field.attname: ""})
            .exclude(**{f"{model_field.attname}__isnull": True})
            .values_list(model_field.attname, flat=True)
        )
    return names


def stored_files(storage: Storage, folder: str = "") -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a fresh installation's storage folder does not exist yet
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from stored_files(storage, f"{folder}/{sub}" if folder else sub)


def _is_incoming(name: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    return base.startswith(INCOMING_PREFIX) and base.endswith(INCOMING_SUFFIX)


def scan(*, storage: Storage | None = None, now: datetime | None = None) -> MediaReport:
    """Every leftover older than the stale age, and every live row whose file is missing."""
    storage = storage or default_storage
    now = now or timezone.now()
    stale_before = now - timedelta(hours=settings.NYATA_MEDIA_STALE_HOURS)
    referenced = referenced_names()
    report = MediaReport()
    present: set[str] = set()
    for name in stored_files(storage):
        report.files += 1
        present.add(name)
        if name in referenced:
            continue
        modified = storage.get_modified_time(name)
        if modified < stale_before:
            kind = "incoming" if _is_incoming(name) else "orphan"
            report.leftovers.append(Leftover(kind, name, storage.size(name), modified))
    uploads = Path(settings.FILE_UPLOAD_TEMP_DIR) if settings.FILE_UPLOAD_TEMP_DIR else None
    if uploads is not None and uploads.is_dir():
        for entry in os.scandir(uploads):
            if not entry.is_file(follow_symlinks=False):
                continue
            stat = entry.stat(follow_symlinks=False)
            modified = datetime.fromtimestamp(stat.st_mtime, tz=UTC)
            if modified < stale_before:
                report.leftovers.append(Leftover("upload", entry.path, stat.st_size, modified))
    for model, model_field in _file_fields():
        if _is_history(model):
            continue
        rows = model._default_manager.exclude(**{model_field.attname: ""}).values_list(
            "pk", model_field.attname
        )
        for pk, name in rows:
            if name and name not in present:
                report.missing.append((model._meta.label, pk, name))
    report.leftovers.sort(key=lambda item: (item.kind, item.name))
    return report


def remove(leftovers: list[Leftover], *, storage: Storage | None = None) -> int:
    """Remove the leftovers; the bytes freed."""
    storage = storage or default_storage
    freed = 0
    for item in leftovers:
        if item.kind == "upload":
            Path(item.name).unlink(missing_ok=True)
        else:
            storage.delete(item.name)
        freed += item.size
    return freed
