from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from nyata.core.backup import BackupError, write_backup


class Command(BaseCommand):
    help = (
        "Write one archive of this installation: the database (SQLite's online backup or pg_dump), every "
        "stored file, and a manifest with their checksums. `nyata restore` brings it back."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="the archive to write (default: var/backups/nyata-<date>-<time>.tar.gz)",
        )

    def handle(self, *args, output: Path | None, **options) -> None:
        translation.activate(settings.LANGUAGE_CODE)
        if output is None:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            output = Path(settings.VAR_DIR) / "backups" / f"nyata-{stamp}.tar.gz"
        try:
            summary = write_backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _("Backup written to %(path)s: the %(vendor)s database and %(files)d stored files (%(size)s).")
            % {
                "path": summary.path,
                "vendor": summary.vendor,
                "files": summary.media_files,
                "size": filesizeformat(summary.media_bytes),
            }
        )
