"""The kinds of outside figure Nyata knows from the start (issue 13; scales as ../shared/docs/domain.md 3
gives them). Further kinds are rows added the same way; an instrument names a kind by its key."""

from decimal import Decimal

from django.db import migrations

KINDS = [
    # key, name, low, high, places, higher is better, issuer, source document, basis
    (
        "pekppp",
        "Indeks Pelayanan Publik (PEKPPP)",
        "1",
        "5",
        2,
        True,
        "Kementerian PANRB",
        "Keputusan Menteri PANRB tentang hasil pemantauan dan evaluasi kinerja penyelenggaraan pelayanan publik",
        "PermenPANRB 29/2022",
    ),
    (
        "ombudsman-maladministrasi",
        "Penilaian Maladministrasi Ombudsman",
        "0",
        "100",
        2,
        True,
        "Ombudsman Republik Indonesia",
        "Hasil penilaian maladministrasi penyelenggaraan pelayanan publik",
        "Peraturan Ombudsman 61/2025",
    ),
    (
        "sakip",
        "Nilai SAKIP",
        "0",
        "100",
        2,
        True,
        "Inspektorat (evaluasi AKIP perangkat daerah)",
        "Laporan hasil evaluasi akuntabilitas kinerja instansi pemerintah (LHE AKIP)",
        "PermenPANRB 88/2021",
    ),
    (
        "spip",
        "Maturitas SPIP",
        "0",
        "5",
        2,
        True,
        "BPKP",
        "Laporan hasil penilaian maturitas penyelenggaraan SPIP",
        "Peraturan BPKP 5/2021",
    ),
    (
        "sp4n-lapor",
        "Tindak lanjut pengaduan SP4N-LAPOR!",
        "0",
        "100",
        2,
        True,
        "Pengelola SP4N-LAPOR! pemerintah daerah",
        "Rekapitulasi tindak lanjut pengaduan SP4N-LAPOR!",
        "",
    ),
    (
        "berakhlak",
        "Indeks BerAKHLAK",
        "0",
        "100",
        2,
        True,
        "Kementerian PANRB",
        "Berita acara hasil survei implementasi nilai dasar ASN BerAKHLAK",
        "SE MenPANRB 20/2021",
    ),
    (
        "iku",
        "Capaian IKU",
        "0",
        "100",
        2,
        True,
        "Perangkat daerah (LKjIP), diverifikasi Inspektorat",
        "Laporan kinerja instansi pemerintah (LKjIP) perangkat daerah",
        "PermenPANRB 88/2021",
    ),
]


def add_kinds(apps, schema_editor):
    Kind = apps.get_model("figures", "Kind")
    for order, (key, name, low, high, places, higher, issuer, document, basis) in enumerate(KINDS, start=1):
        Kind.objects.get_or_create(
            key=key,
            defaults={
                "name": name,
                "scale_min": Decimal(low),
                "scale_max": Decimal(high),
                "places": places,
                "higher_is_better": higher,
                "issuer": issuer,
                "source_document": document,
                "basis": basis,
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("figures", "0001_kinds_and_figures")]

    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
