"""Demo SKM: services for every OPD of the demo city and a year of synthetic, seeded responses.

Quality varies by unit, by unsur and a little by month, so that the pages show real differences: a weakest
unsur, units in bands A to D, samples that are and are not yet sufficient. Responses go in with
bulk_create and the tallies are rebuilt once. Running it again changes nothing: a service is created only
when missing, and responses are generated only for a service that has none. The answers are the same on
every run (seeded per service); the twelve months are the ones ending with the month of the first run.
"""

import random
import zoneinfo
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from nyata.org.models import Instansi, Unit
from nyata.surveys import actions
from nyata.surveys.ikm import required_sample
from nyata.surveys.models import (
    Channel,
    ComplaintReply,
    Flag,
    Response,
    Service,
    SurveyPeriod,
    UnitSurveySettings,
)
from nyata.surveys.questionnaire import ANSWER_FIELDS, Education, Occupation, Sex

# Service names per OPD code of the demo city, with the users expected per year (the population N).
SERVICES: dict[str, list[tuple[str, int]]] = {
    "disdukcapil": [
        ("Penerbitan KTP-el", 24000),
        ("Penerbitan Kartu Keluarga", 15000),
        ("Akta Kelahiran", 9000),
        ("Akta Kematian", 2500),
        ("Pindah Datang Penduduk", 4000),
    ],
    "dpmptsp": [
        ("Perizinan Berusaha (OSS)", 6000),
        ("Persetujuan Bangunan Gedung (PBG)", 1200),
        ("Izin Praktik Tenaga Kesehatan", 800),
        ("Pengaduan Perizinan", 300),
    ],
    "dinkes": [
        ("Pelayanan Puskesmas Rawat Jalan", 30000),
        ("Penerbitan Izin Apotek", 150),
        ("Pelayanan Imunisasi", 8000),
    ],
    "dikbud": [
        ("Legalisasi Ijazah", 3000),
        ("Penerimaan Peserta Didik Baru (PPDB)", 12000),
        ("Izin Operasional Satuan PAUD", 120),
    ],
    "dinsos": [
        ("Rekomendasi Bantuan Sosial (DTKS)", 5000),
        ("Surat Keterangan Tidak Mampu", 2000),
    ],
    "dishub": [("Uji Berkala Kendaraan Bermotor (KIR)", 7000), ("Izin Trayek Angkutan Kota", 200)],
    "bapenda": [
        ("Pembayaran PBB-P2", 20000),
        ("Pelayanan BPHTB", 3000),
        ("Pendaftaran Wajib Pajak Daerah", 900),
    ],
    "disnaker": [("Kartu Pencari Kerja (AK/I)", 6000), ("Pelatihan Kerja", 600)],
    "perkim": [("Penerbitan Sertifikat Tanah Kavling", 400), ("Bantuan Rumah Layak Huni", 700)],
    "dlhk": [("Pengangkutan Sampah", 5000), ("Persetujuan Lingkungan (UKL-UPL)", 150)],
    "dpupr": [("Keterangan Rencana Kota (KRK)", 900), ("Pengaduan Jalan dan Drainase", 1500)],
    "dp3a": [("Pendampingan Korban Kekerasan", 250)],
    "dppkb": [("Pelayanan KB", 4000)],
    "diskop-ukm": [("Izin Usaha Mikro dan Kecil", 2500)],
    "disperindag": [("Tera dan Tera Ulang", 1800), ("Pengelolaan Retribusi Pasar", 3000)],
    "dispusip": [("Layanan Perpustakaan Umum", 15000)],
    "satpol-pp": [("Pemadaman Kebakaran dan Penyelamatan", 300), ("Pengaduan Ketertiban Umum", 600)],
    "bpbd": [("Layanan Kedaruratan Bencana", 400)],
    "bpkad": [("Layanan Pencairan SP2D", 2500)],
}
DEFAULT_SERVICES = [("Pelayanan Administrasi Umum", 1500)]
# Some kecamatan and dinas share the typical front-office services of a kecamatan.
KECAMATAN_SERVICES = [("Surat Keterangan Domisili", 2000), ("Rekomendasi Izin Keramaian", 300)]

SUGGESTIONS = [
    "Antrean terlalu panjang, mohon ditambah loket.",
    "Petugas ramah dan membantu, terima kasih.",
    "Persyaratan di papan informasi berbeda dengan yang diminta petugas.",
    "Ruang tunggu panas, kipas angin tidak berfungsi.",
    "Mohon informasi waktu penyelesaian yang jelas.",
    "Pelayanan cepat, pertahankan.",
    "Toilet kurang bersih.",
    "Tidak tahu harus mengadu ke mana kalau ada masalah.",
    "Sistem daring sering gangguan.",
    "Parkir sempit.",
]

REPLIES = [
    "Terima kasih atas masukannya; sudah kami tindak lanjuti.",
    "Loket tambahan dibuka pada jam sibuk mulai bulan ini.",
    "Papan informasi persyaratan sudah diperbarui sesuai standar pelayanan.",
    "Perbaikan fasilitas sudah dijadwalkan dalam anggaran perubahan.",
    "Kanal pengaduan kini diumumkan di ruang tunggu dan di laman resmi.",
]
# Units whose summary page the demo publishes (off by default for every other unit, as in real use).
PUBLIC_UNITS = ("disdukcapil", "dpmptsp")

SEED = 20_170_014  # PermenPANRB 14/2017


def _services_for(unit: Unit) -> list[tuple[str, int]]:
    if unit.code.startswith("kec-"):
        return KECAMATAN_SERVICES
    return SERVICES.get(unit.code, DEFAULT_SERVICES)


def _months(today: date) -> list[date]:
    first = today.replace(day=1)
    months = []
    for back in range(11, -1, -1):
        year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
        months.append(date(year, month + 1, 1))
    return months


def _answer(rng: random.Random, mean: float) -> int:
    # A rounded normal around the service's mean for that unsur: realistic clumping on 3, tails on 1 and 4.
    return min(4, max(1, round(rng.gauss(mean, 0.65))))


def _ensure_periods(instansi: Instansi, months: list[date]) -> None:
    for year in sorted({m.year for m in months}):
        name = f"SKM {year}"
        if not SurveyPeriod.objects.filter(instansi=instansi, name=name).exists():
            actions.save_period(
                instansi=instansi, by=None, name=name, starts_on=date(year, 1, 1), ends_on=date(year, 12, 31)
            )


def _responses(service: Service, *, instansi: Instansi, months: list[date], today: date) -> list[Response]:
    rng = random.Random(f"{SEED}:{service.unit.code}:{service.name}")
    unit_rng = random.Random(f"{SEED}:{service.unit.code}")
    unit_quality = unit_rng.uniform(2.55, 3.55)
    unsur_offsets = [unit_rng.uniform(-0.45, 0.3) for _ in ANSWER_FIELDS]
    # Samples of some services fall short of Krejcie-Morgan, as in real life; busy services collect more.
    busy = 1 + service.population / 4000
    total = int(required_sample(service.population) * rng.uniform(0.45, 1.5) * busy)
    zone = zoneinfo.ZoneInfo(instansi.time_zone)
    periods = list(SurveyPeriod.objects.filter(instansi=instansi))
    rows = []
    for _index in range(total):
        month_index = rng.randrange(len(months))
        month = months[month_index]
        last_day = today.day if month_index == len(months) - 1 else 28
        day = month.replace(day=rng.randint(1, last_day))
        moment = datetime.combine(day, time(rng.randint(7, 15), rng.randint(0, 59)), tzinfo=zone)
        improvement = 0.02 * month_index  # units slowly act on their results
        answers = [_answer(rng, unit_quality + offset + improvement) for offset in unsur_offsets]
        flags = [Flag.TOO_FAST] if rng.random() < 0.01 else []
        rows.append(
            Response(
                service=service,
                period=next((p for p in periods if p.starts_on <= day <= p.ends_on), None),
                submitted_at=moment,
                day=day,
                channel=Channel.ONLINE if rng.random() < 0.8 else Channel.PAPER,
                sex=rng.choice(Sex.values),
                age=rng.randint(17, 70),
                education=rng.choice(Education.values),
                occupation=rng.choice(Occupation.values),
                suggestion=rng.choice(SUGGESTIONS) if rng.random() < 0.12 else "",
                suspicious=bool(flags),
                flags=[str(f) for f in flags],
                included=not flags,
                **dict(zip(ANSWER_FIELDS, answers, strict=True)),
            )
        )
    return rows


def _reply_to_older_complaints(services: list[Service], *, today: date) -> None:
    """Units answer most complaints older than two weeks, some more diligently than others."""
    replies = []
    for service in services:
        rng = random.Random(f"{SEED}:replies:{service.unit.code}:{service.name}")
        diligence = rng.uniform(0.3, 0.95)
        complaints = Response.objects.filter(
            service=service, included=True, day__lt=today - timedelta(days=14)
        )
        for complaint in complaints.exclude(suggestion="").only("pk", "submitted_at"):
            if rng.random() < diligence:
                replies.append(
                    ComplaintReply(
                        response=complaint,
                        text=rng.choice(REPLIES),
                        at=complaint.submitted_at + timedelta(days=rng.randint(1, 10)),
                    )
                )
    ComplaintReply.objects.bulk_create(replies, batch_size=2000)


@transaction.atomic
def load_demo(*, instansi: Instansi, stdout) -> None:
    today = timezone.now().astimezone(zoneinfo.ZoneInfo(instansi.time_zone)).date()
    months = _months(today)
    _ensure_periods(instansi, months)
    opds = Unit.objects.filter(instansi=instansi, kind=Unit.Kind.OPD, is_active=True).order_by("code")
    fresh = []
    for unit in opds:
        existing = set(Service.objects.filter(unit=unit).values_list("name", flat=True))
        for name, population in _services_for(unit):
            if name not in existing:
                actions.save_service(unit=unit, by=None, name=name, population=population)
    for service in Service.objects.filter(unit__in=opds).select_related("unit").order_by("pk"):
        if not Response.objects.filter(service=service).exists():
            fresh.append(service)
            Response.objects.bulk_create(
                _responses(service, instansi=instansi, months=months, today=today), batch_size=2000
            )
    if fresh:
        actions.rebuild_tallies(services=fresh)
        _reply_to_older_complaints(fresh, today=today)
    for unit in opds.filter(code__in=PUBLIC_UNITS):
        if not UnitSurveySettings.objects.filter(unit=unit).exists():
            actions.set_public_summary(unit=unit, enabled=True, by=None)
    total = Response.objects.filter(service__unit__instansi=instansi).count()
    stdout.write(f"SKM: {Service.objects.filter(unit__in=opds).count()} services, {total} responses.")
