from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _

from nyata.core import media


class Command(BaseCommand):
    help = (
        "Find files left behind by crashes (stored files no row names, unfinished writes, stale uploads) "
        "and rows whose file is missing. A dry run unless --delete is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--delete", action="store_true", help="remove what is found (default: only report)"
        )

    def handle(self, *args, delete: bool, **options) -> None:
        translation.activate(settings.LANGUAGE_CODE)
        report = media.scan()
        labels = {
            "orphan": _("file without a row"),
            "incoming": _("unfinished write"),
            "upload": _("stale upload"),
        }
        for item in report.leftovers:
            self.stdout.write(f"{labels[item.kind]}: {item.name} ({filesizeformat(item.size)})")
        for label, pk, name in report.missing:
            self.stderr.write(
                _("MISSING: %(model)s %(pk)s names %(name)s, which is not in storage.")
                % {"model": label, "pk": pk, "name": name}
            )
        total = filesizeformat(report.leftover_bytes)
        count = len(report.leftovers)
        if not count:
            self.stdout.write(
                _("%(files)d stored files checked: nothing left behind (older than %(hours)d hours).")
                % {"files": report.files, "hours": settings.NYATA_MEDIA_STALE_HOURS}
            )
        elif delete:
            media.remove(report.leftovers)
            self.stdout.write(_("Removed %(count)d leftovers (%(size)s).") % {"count": count, "size": total})
        else:
            self.stdout.write(
                _("Dry run: %(count)d leftovers (%(size)s) would be removed; run again with --delete.")
                % {"count": count, "size": total}
            )
        if report.missing:
            raise CommandError(
                _("%(count)d rows name a file that is not in storage: restore it from a backup.")
                % {"count": len(report.missing)}
            )
