from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _

from nyata.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Bring back an archive written by `nyata backup`: every member is checked against the manifest "
        "first; a database or storage that already holds data is replaced only with --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force", action="store_true", help="replace a database and files that already hold data"
        )

    def handle(self, *args, archive: Path, force: bool, **options) -> None:
        translation.activate(settings.LANGUAGE_CODE)
        try:
            summary = restore_backup(archive, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _(
                "Restored the %(vendor)s database and %(files)d stored files (%(size)s) of the backup made "
                "on %(created)s by Nyata %(version)s. Run `nyata migrate` if this Nyata is newer."
            )
            % {
                "vendor": summary.vendor,
                "files": summary.media_files,
                "size": filesizeformat(summary.media_bytes),
                "created": summary.created_at,
                "version": summary.version,
            }
        )
