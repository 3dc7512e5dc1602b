"""The LHE's fixed parts as the Inspektorat set them, or Indonesian defaults until it does."""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from nyata.org.models import Instansi
from nyata.reports.models import ReportSettings

DEFAULT_NUMBER_PATTERN = "700/{nomor}/LHE-RB/{tahun}"
PLACEHOLDERS = ("{nomor}", "{tahun}")


@dataclass(frozen=True)
class Texts:
    letterhead: bytes | None
    letterhead_type: str
    letterhead_lines: list[str]
    number_pattern: str
    place: str
    purpose: str
    scope: str
    method: str
    extra_basis: list[str]
    closing: str
    signer_title: str
    signer_name: str
    signer_nip: str
    updated_at: str  # part of a document's fingerprint: new texts make new documents


def defaults(instansi: Instansi) -> dict[str, str]:
    """What the form starts with and what an LHE says before the Inspektorat writes its own (Indonesian:
    the LHE is an Indonesian letter whatever the reader's language)."""
    place = instansi.name.replace("Pemerintah", "").replace("(demo)", "").strip()
    for prefix in ("Kota ", "Kabupaten ", "Provinsi "):
        place = place.removeprefix(prefix)
    with translation.override("id"):
        return {
            "letterhead_lines": "\n".join([instansi.name.upper(), str(_("Inspectorate")).upper()]),
            "number_pattern": DEFAULT_NUMBER_PATTERN,
            "place": place,
            "purpose": str(
                _(
                    "The internal evaluation of bureaucratic reform aims to assess how far the unit has "
                    "carried out the reform and what it has achieved, and to give recommendations that "
                    "improve its implementation."
                )
            ),
            "scope": str(
                _(
                    "The evaluation covers the components and indicators of the instrument named below, "
                    "for the period named below, on the basis of the unit's self-assessment, its evidence "
                    "and the evaluator team's review."
                )
            ),
            "method": str(
                _(
                    "Desk evaluation of the self-assessment and its evidence by a tiered evaluator team "
                    "(anggota tim, ketua tim, pengendali teknis), verification by the unit pengampu of "
                    "each area, clarification with the unit and an appeal (sanggah) before the results "
                    "were finalised."
                )
            ),
            "extra_basis": "",
            "closing": str(
                _(
                    "We ask the head of the unit to follow up the recommendations of this report and to "
                    "report the follow-up to the Inspektorat."
                )
            ),
            "signer_title": str(_("Inspector")),
            "signer_name": "",
            "signer_nip": "",
        }


def texts_of(instansi: Instansi) -> Texts:
    saved = ReportSettings.objects.filter(instansi=instansi).first()
    base = defaults(instansi)
    if saved is None:
        values = base
        letterhead, updated = None, ""
    else:
        values = {name: getattr(saved, name) for name in base}
        letterhead = _read(saved)
        updated = saved.updated_at.isoformat()
    return Texts(
        letterhead=letterhead,
        letterhead_type=_image_type(letterhead),
        letterhead_lines=[line for line in values["letterhead_lines"].splitlines() if line.strip()],
        number_pattern=values["number_pattern"],
        place=values["place"],
        purpose=values["purpose"],
        scope=values["scope"],
        method=values["method"],
        extra_basis=[line.strip() for line in values["extra_basis"].splitlines() if line.strip()],
        closing=values["closing"],
        signer_title=values["signer_title"],
        signer_name=values["signer_name"],
        signer_nip=values["signer_nip"],
        updated_at=updated,
    )


def _read(saved: ReportSettings) -> bytes | None:
    if not saved.letterhead:
        return None
    try:
        with saved.letterhead.open("rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def _image_type(data: bytes | None) -> str:
    if not data:
        return ""
    return "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"


def document_number(pattern: str, *, sequence: int, year: int) -> str:
    return pattern.replace("{nomor}", f"{sequence:02d}").replace("{tahun}", str(year))
