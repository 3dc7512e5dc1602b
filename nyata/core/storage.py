"""File storage that never leaves half a file: uploads are written aside, flushed to disk, then put in place.

Django's FileSystemStorage writes straight to the final name: a worker killed mid-write, or a disk that fills
up, leaves a truncated file there that looks like a real one. Here the bytes go to a temporary file in the
same folder (named INCOMING_PREFIX…INCOMING_SUFFIX, which `nyata cleanup_media` recognises), are fsynced,
and only then get their final name, by a hard link that never overwrites (or an atomic rename where the
file system has no hard links); the folder is fsynced too, so that a committed row never points to a file
a power cut could still take away. Any failure removes the temporary file and raises.
"""

import errno
import os
import tempfile

from django.core.files.storage import FileSystemStorage
from django.core.files.storage.filesystem import safe_makedirs

INCOMING_PREFIX = ".incoming-"
INCOMING_SUFFIX = ".part"
# Errors that mean "the disk cannot take this file", as opposed to a bug: shown to people as such.
STORAGE_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
STORAGE_READ_ONLY = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})


def _fsync_folder(folder: str) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def write_chunks(handle, content) -> None:
    """Copy the content into the open file; a separate function so that tests can make the disk fill up."""
    for chunk in content.chunks():
        handle.write(chunk if isinstance(chunk, bytes) else chunk.encode())


class DurableFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        full_path = self.path(name)
        folder = os.path.dirname(full_path)
        if self.directory_permissions_mode is not None:
            safe_makedirs(folder, self.directory_permissions_mode, exist_ok=True)
        else:
            os.makedirs(folder, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=INCOMING_PREFIX, suffix=INCOMING_SUFFIX)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                if hasattr(content, "seek"):
                    content.seek(0)
                write_chunks(handle, content)
                handle.flush()
                os.fsync(handle.fileno())
            if self.file_permissions_mode is not None:
                os.chmod(temporary, self.file_permissions_mode)
            full_path = self._put_in_place(temporary, name)
            _fsync_folder(os.path.dirname(full_path))
        finally:
            if os.path.lexists(temporary):
                os.unlink(temporary)
        self._ensure_location_group_id(full_path)
        return os.path.relpath(full_path, self.location).replace("\\", "/")

    def _put_in_place(self, temporary: str, name: str) -> str:
        """Give the written file its final name without ever replacing another file; the path used."""
        while True:
            full_path = self.path(name)
            try:
                os.link(temporary, full_path)
            except FileExistsError:
                name = self.get_available_name(name)
                continue
            except OSError as error:
                if error.errno not in (errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EMLINK):
                    raise
                # No hard links here: rename, having made sure the name is free (names are random).
                if os.path.lexists(full_path):
                    name = self.get_available_name(name)
                    continue
                os.replace(temporary, full_path)
            return full_path
