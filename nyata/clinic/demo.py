"""`nyata demo`: the clinic of the demo city. Two sessions held during the 2025 self-assessment (with
attendance and minutes) and one upcoming; a dozen questions on rb-pd 2025 indicators from the six OPD with
staff in the demo city (nyata/org/demo/kendari.yaml), some answered and four of those published as FAQ; one
open asistensi of Dinkes with the evaluator's comments.

Every person is fictional and every link points to an example domain (RFC 2606). The loader goes through
the clinic's own actions on a controlled clock, so ages and response times read as they would have; it
changes nothing when the clinic of the instansi already has questions or sessions."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from unittest import mock

from django.utils import timezone

from nyata.clinic.actions.asistensi import comment_asistensi, request_asistensi
from nyata.clinic.actions.desk import answer_question, ask_question
from nyata.clinic.actions.faq import publish_faq
from nyata.clinic.actions.sessions import record_attendance, schedule_session, write_minutes
from nyata.clinic.models import Question, Session
from nyata.evaluations.instrument import indicators_of
from nyata.evaluations.models import Period
from nyata.org.models import Membership, Role, Unit, User

# (unit, indicator, subject, question, answer or None, FAQ (question, answer) or None, days ago asked,
# hours to the answer)
QUESTIONS = [
    (
        "dinkes",
        "I.B.1.1.a",
        "Standar pelayanan yang sudah lama",
        "Standar pelayanan kami ditetapkan tahun 2021 dan belum diubah. Apakah masih diterima sebagai data "
        "dukung, atau harus ditetapkan ulang tahun ini?",
        "Standar pelayanan diterima bila masih berlaku dan telah ditinjau ulang paling lama setahun "
        "terakhir. Lampirkan keputusan penetapan dan berita acara peninjauan ulang yang melibatkan unsur "
        "masyarakat.",
        (
            "Apakah standar pelayanan yang ditetapkan beberapa tahun lalu masih diterima sebagai data "
            "dukung?",
            "Diterima bila masih berlaku dan telah ditinjau ulang paling lama setahun terakhir. Lampirkan "
            "keputusan penetapan dan berita acara peninjauan ulang yang melibatkan unsur masyarakat.",
        ),
        18,
        20,
    ),
    (
        "dikbud",
        "I.B.1.1.f",
        "SKM per sekolah atau per dinas",
        "Survei kepuasan masyarakat kami lakukan di tiap sekolah. Apakah cukup melampirkan rekap dinas?",
        "Lampirkan rekap dinas beserta laporan per unit layanan; penilaian melihat bahwa setiap jenis "
        "layanan "
        "disurvei sesuai PermenPANRB 14/2017.",
        (
            "Jika SKM dilaksanakan di banyak unit layanan, apakah cukup melampirkan rekap perangkat daerah?",
            "Lampirkan rekap perangkat daerah beserta laporan per unit layanan; penilaian melihat bahwa "
            "setiap "
            "jenis layanan disurvei sesuai PermenPANRB 14/2017.",
        ),
        16,
        30,
    ),
    (
        "dpupr",
        "I.A.2.1.a",
        "Perjanjian kinerja eselon IV",
        "Apakah perjanjian kinerja sampai eselon IV wajib dilampirkan untuk aspek perencanaan kinerja?",
        "Ya, cascading kinerja sampai pejabat pengawas menjadi bukti utama aspek perencanaan kinerja. "
        "Lampirkan perjanjian kinerja dan pohon kinerjanya.",
        (
            "Apakah perjanjian kinerja sampai pejabat pengawas perlu dilampirkan untuk aspek perencanaan "
            "kinerja?",
            "Ya. Cascading kinerja sampai pejabat pengawas adalah bukti utama; lampirkan perjanjian kinerja "
            "dan pohon kinerjanya.",
        ),
        15,
        50,
    ),
    (
        "dinsos",
        "I.B.1.5.c",
        "Bukti akuntabilitas pengaduan",
        "Pengaduan kami terima lewat SP4N-LAPOR! dan WhatsApp. Bukti apa yang diminta untuk akuntabilitas "
        "hasil pengaduan?",
        "Rekap pengaduan per kanal dengan status tindak lanjutnya, dan publikasi rekap itu kepada masyarakat "
        "(misalnya di situs web perangkat daerah).",
        (
            "Bukti apa yang diminta untuk akuntabilitas hasil konsultasi dan pengaduan?",
            "Rekap pengaduan per kanal dengan status tindak lanjutnya, dan publikasi rekap itu kepada "
            "masyarakat, misalnya di situs web perangkat daerah.",
        ),
        12,
        6,
    ),
    (
        "bpbd",
        "I.A.1.1.i",
        "SK tim SPBE",
        "Tim pelaksana SPBE kami masih memakai SK kepala dinas tahun lalu. Perlu diperbarui?",
        "SK tahun lalu diterima bila susunan tim masih sesuai; bila ada pergantian pejabat, perbarui SK-nya.",
        None,
        11,
        70,
    ),
    (
        "disdukcapil",
        "I.B.1.6.a",
        "Inovasi yang sudah direplikasi",
        "Inovasi kami direplikasi dari kabupaten lain. Apakah tetap dihitung sebagai inovasi pelayanan "
        "publik?",
        "Inovasi replikasi dihitung bila telah disesuaikan dengan kebutuhan daerah dan berjalan; lampirkan "
        "SK penetapan inovasi dan bukti pemanfaatannya.",
        None,
        9,
        26,
    ),
    (
        "dinkes",
        "I.A.4.1.b",
        "Tindak lanjut temuan APIP",
        "Temuan Inspektorat tahun 2024 sebagian masih dalam proses. Bagaimana menghitung persentasenya?",
        "Persentase dihitung dari rekomendasi yang telah selesai ditindaklanjuti dibagi seluruh rekomendasi; "
        "yang masih dalam proses belum dihitung selesai.",
        None,
        7,
        4,
    ),
    (
        "dikbud",
        "",
        "Jadwal klinik berikutnya",
        "Apakah akan ada sesi klinik khusus untuk area pelayanan publik sebelum batas penilaian mandiri?",
        "Ya, sesi berikutnya dijadwalkan minggu depan secara daring; undangannya sudah dikirim.",
        None,
        5,
        3,
    ),
    (
        "dpupr",
        "I.B.1.3.d",
        "Sarana bagi kelompok rentan",
        "Apakah ram portabel diterima sebagai sarana prasarana bagi pengguna layanan kelompok rentan?",
        None,
        None,
        4,
        0,
    ),
    (
        "dinsos",
        "I.A.6.1.a",
        "Survei kamus kompetensi",
        "Di mana kami memperoleh nilai hasil survei implementasi kamus kompetensi ASN BerAKHLAK?",
        None,
        None,
        3,
        0,
    ),
    (
        "dikbud",
        "I.A.1.1.l",
        "Tanda tangan elektronik",
        "Apakah naskah dinas yang ditandatangani elektronik lewat aplikasi provinsi dihitung?",
        None,
        None,
        2,
        0,
    ),
    (
        "bpbd",
        "I.A.5.2.a",
        "Realisasi APBD berjalan",
        "Realisasi APBD tahun berjalan diambil per tanggal berapa?",
        None,
        None,
        1,
        0,
    ),
]

SESSIONS = [
    (
        "Klinik area pelayanan publik: standar pelayanan dan SKM",
        ["kelembagaan"],
        ["I.B.1.1.a", "I.B.1.1.f", "I.B.1.1.h"],
        14,
        "Aula Inspektorat Daerah Kota Kendari",
        "",
        ["dinkes", "dikbud", "dpupr", "disdukcapil"],
        "1. Inspektorat menjelaskan perubahan indikator pelayanan publik dalam rb-pd 2025.\n"
        "2. Bagian Organisasi menjelaskan siklus standar pelayanan: penetapan, publikasi, peninjauan ulang.\n"
        "3. Tanya jawab: SKM per unit layanan dan rekapnya (diterbitkan sebagai FAQ indikator I.B.1.1.f).\n"
        "4. Tindak lanjut: setiap OPD mengunggah berita acara peninjauan standar pelayanan.",
    ),
    (
        "Klinik akuntabilitas kinerja: perjanjian kinerja dan IKU",
        ["perencanaan"],
        ["I.A.2.1.a", "I.A.3.1.a"],
        5,
        "Ruang rapat Bappeda",
        "",
        ["dinkes", "dikbud", "dpupr", "dinsos"],
        "1. Bappeda memaparkan cascading kinerja sampai pejabat pengawas.\n"
        "2. Inspektorat menjelaskan data dukung IKU yang diterima.\n"
        "3. Tindak lanjut: OPD melengkapi pohon kinerja sebelum akhir penilaian mandiri.",
    ),
]
# Who of each unit attended each held session (by username); a unit missing here stayed away.
ATTENDANCE = [
    ["operator.dinkes", "operator.dikbud", "kepala.dikbud", "operator.dpupr"],
    ["operator.dinkes", "operator.dinsos"],
]
UPCOMING = (
    "Klinik SPBE: arsitektur, tim pelaksana dan tanda tangan elektronik",
    ["spbe"],
    ["I.A.1.1.a", "I.A.1.1.i", "I.A.1.1.l"],
    "https://meet.kendari.example/klinik-spbe",
)


@contextmanager
def _clock(moment: datetime) -> Iterator[datetime]:
    with mock.patch.object(timezone, "now", return_value=moment):
        yield moment


def _person(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _asker(unit: Unit) -> User | None:
    membership = (
        Membership.objects.filter(unit=unit, role__in=[Role.OPD_OPERATOR, Role.OPD_HEAD])
        .select_related("user")
        .order_by("role", "pk")
        .first()
    )
    return membership.user if membership else None


def load_demo(*, instansi, stdout) -> None:
    admin, evaluator = _person("admin.inspektorat"), _person("evaluator")
    period = Period.objects.filter(instansi=instansi, year=2025, status=Period.Status.OPEN).first()
    if admin is None or evaluator is None or period is None:
        stdout.write("Clinic: the open 2025 period or the demo Inspektorat is missing; skipped.\n")
        return
    if (
        Question.objects.filter(instansi=instansi).exists()
        or Session.objects.filter(instansi=instansi).exists()
    ):
        return
    units = {unit.code: unit for unit in Unit.objects.filter(instansi=instansi)}
    now = timezone.now()
    _sessions(instansi, units, admin, evaluator, now)
    asked = _questions(instansi, units, period, admin, evaluator, now)
    _asistensi(period, units, evaluator, now)
    stdout.write(f"Clinic: {len(SESSIONS) + 1} sessions, {asked} questions, one asistensi.\n")


def _sessions(instansi, units, admin, evaluator, now) -> None:
    for (topic, areas, codes, days_ago, place, link, invited, minutes), present in zip(
        SESSIONS, ATTENDANCE, strict=True
    ):
        starts = (now - timedelta(days=days_ago)).replace(
            hour=1, minute=0, second=0, microsecond=0
        )  # 09:00 WITA
        with _clock(starts - timedelta(days=7)):
            session = schedule_session(
                instansi=instansi,
                topic=topic,
                description="",
                areas=areas,
                indicators=codes,
                starts_at=starts,
                ends_at=starts + timedelta(hours=3),
                place=place,
                online_link=link,
                units=[units[code] for code in invited if code in units],
                people=[],
                by=admin,
            )
        with _clock(starts + timedelta(hours=3)):
            people = [p for p in (_person(username) for username in present) if p is not None]
            record_attendance(session=session, people=people, by=evaluator)
            write_minutes(session=session, minutes=minutes, by=evaluator)
    topic, areas, codes, link = UPCOMING
    starts = (now + timedelta(days=7)).replace(hour=2, minute=0, second=0, microsecond=0)  # 10:00 WITA
    schedule_session(
        instansi=instansi,
        topic=topic,
        description="Sesi daring untuk area SPBE; siapkan pertanyaan tentang data dukung Anda.",
        areas=areas,
        indicators=codes,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        place="",
        online_link=link,
        units=list(Unit.objects.filter(instansi=instansi, kind=Unit.Kind.OPD, is_active=True)),
        people=[],
        by=admin,
    )


def _desk(question: Question, evaluator: User) -> User:
    """Who answers: the area's verifier for a question routed to a pengampu, else the evaluator."""
    if question.route == Question.Route.PENGAMPU:
        membership = Membership.objects.filter(
            role=Role.PENGAMPU_VERIFIER, unit__instansi=question.instansi, unit__pengampu_area=question.area
        ).first()
        if membership is not None:
            return membership.user
    return evaluator


def _questions(instansi, units, period, admin, evaluator, now) -> int:
    known = indicators_of(period.instrument)
    asked = 0
    for code, indicator, subject, body, answer, faq, days_ago, hours in QUESTIONS:
        unit = units.get(code)
        person = _asker(unit) if unit else None
        if person is None or (indicator and indicator not in known):
            continue
        moment = now - timedelta(days=days_ago, hours=3)
        with _clock(moment):
            question = ask_question(
                instansi=instansi,
                unit=unit,
                period=period,
                indicator=indicator,
                subject=subject,
                body=body,
                uploads=[],
                by=person,
            )
        asked += 1
        if answer is None:
            continue
        with _clock(moment + timedelta(hours=hours)):
            answer_question(question=question, body=answer, uploads=[], by=_desk(question, evaluator))
        if faq is not None:
            with _clock(moment + timedelta(hours=hours + 2)):
                publish_faq(question=question, question_text=faq[0], answer_text=faq[1], by=admin)
    return asked


def _asistensi(period, units, evaluator, now) -> None:
    unit = units.get("dinkes")
    operator = _asker(unit) if unit else None
    assessment = period.assessments.filter(unit=unit).first() if unit else None
    if operator is None or assessment is None:
        return
    codes = [
        code for code in ("I.B.1.1.a", "I.B.1.1.d", "I.B.1.5.a") if code in indicators_of(period.instrument)
    ]
    with _clock(now - timedelta(days=3)):
        asistensi = request_asistensi(
            assessment=assessment,
            indicators=codes,
            note="Mohon ditelaah apakah data dukung standar pelayanan dan sarana pengaduan kami sudah cukup.",
            by=operator,
        )
    comments = [
        (
            "I.B.1.1.a",
            "Keputusan penetapan standar pelayanan sudah ada; tambahkan bukti publikasinya (foto papan "
            "informasi atau tautan situs web).",
        ),
        (
            "I.B.1.1.d",
            "Berita acara peninjauan ulang belum menunjukkan keterlibatan unsur masyarakat; lampirkan daftar "
            "hadir peserta dari luar instansi.",
        ),
    ]
    with _clock(now - timedelta(days=2)):
        for code, text in comments:
            if code in codes:
                comment_asistensi(asistensi=asistensi, indicator=code, text=text, by=evaluator)
