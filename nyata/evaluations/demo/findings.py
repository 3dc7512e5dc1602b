"""The evaluator's findings (kondisi and rekomendasi) of the demo's 2024 results: one per component of every
unit, written from the unit's own scores, so that they differ from unit to unit as real findings do.

A component is a second-level node of the instrument (rb-pd: I.A Capaian Sasaran Strategis ... II.B Capaian
Dampak RB Tematik). The kondisi says how far the component got and names its weakest and strongest parts
with their shares of the weight; the rekomendasi addresses the weakest part, in the words an Inspektorat
uses for that area. Figures are written as Bahasa Indonesia writes them (the demo speaks Indonesian)."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation

from nyata.core.numbers import percent
from nyata.scoring import Node, ScoreResult

# What an evaluator asks of a unit whose weakest part of a component is this one (rb-pd node codes).
ADVICE = {
    "I.A.1": "Lengkapi arsitektur dan peta rencana SPBE perangkat daerah, lalu integrasikan layanan dengan "
    "aplikasi umum yang ditetapkan Diskominfo.",
    "I.A.2": "Selaraskan Renstra, Renja dan Perjanjian Kinerja, dan tindak lanjuti seluruh rekomendasi LHE "
    "SAKIP tahun lalu.",
    "I.A.3": "Tetapkan target IKU yang terukur dan pantau capaiannya setiap triwulan bersama Bappeda.",
    "I.A.4": "Selesaikan rekomendasi hasil pemeriksaan yang masih terbuka dan unggah bukti penyelesaiannya.",
    "I.A.5": "Susun jadwal penyerapan anggaran per triwulan dan laporkan realisasinya tepat waktu ke BPKAD.",
    "I.A.6": "Laksanakan survei budaya kerja BerAKHLAK dan tindak lanjuti nilai inti yang terendah melalui "
    "agen perubahan.",
    "I.A.7": "Perbaiki unsur SKM yang nilainya terendah dan umumkan hasil survei beserta tindak lanjutnya "
    "kepada pengguna layanan.",
    "I.A.8": "Siapkan unit layanan yang diusulkan menuju WBK lengkap dengan data dukung enam area perubahan.",
    "I.B.1": "Lengkapi standar pelayanan, maklumat pelayanan dan sarana pengaduan di setiap unit layanan.",
    "I.B.2": "Inventarisasi dan evaluasi regulasi yang menjadi kewenangan perangkat daerah bersama Bagian "
    "Hukum.",
    "I.B.3": "Tetapkan petugas pengelola SP4N-LAPOR! dan selesaikan setiap pengaduan dalam batas waktunya.",
    "I.B.4": "Alihmediakan arsip vital ke bentuk digital dan gunakan Srikandi untuk seluruh naskah dinas.",
    "I.B.5": "Utamakan katalog elektronik dan catat seluruh paket pengadaan di SPSE.",
    "I.B.6": "Mutakhirkan data kualifikasi dan kompetensi pegawai dan penuhi pengembangan kompetensi 20 JP "
    "per pegawai per tahun.",
    "I.C.1": "Susun rencana aksi RB General dengan target, jadwal dan penanggung jawab sejak awal tahun.",
    "I.C.2": "Pantau realisasi rencana aksi RB General setiap triwulan dan lengkapi bukti tiap kegiatan.",
    "II.A.1": "Susun rencana aksi RB Tematik yang menjawab isu prioritas daerah dan tautkan ke program "
    "perangkat daerah.",
    "II.A.2": "Laporkan realisasi rencana aksi RB Tematik setiap triwulan dengan bukti keluaran yang "
    "terukur.",
    "II.B.1": "Naikkan porsi belanja produk dalam negeri dan produk UMK melalui katalog elektronik lokal.",
    "II.B.2": "Gunakan aplikasi umum untuk administrasi perkantoran dan hentikan aplikasi ganda yang tidak "
    "terintegrasi.",
    "II.B.3": "Ukur dampak layanan utama pada isu tematik daerah (kemiskinan, stunting, investasi atau "
    "inflasi) dengan data sebelum dan sesudah.",
}
GENERIC_ADVICE = "Lengkapi data dukung bagian ini dan pantau capaiannya setiap triwulan."


@dataclass(frozen=True)
class Written:
    node: str
    condition: str
    recommendations: tuple[str, ...]
    criteria: str = ""
    cause: str = ""
    effect: str = ""


CRITERIA = (
    "PermenPANRB Nomor 9 Tahun 2023: setiap bagian komponen {title} didukung data dukung yang sah dan "
    "menunjukkan capaian penuh."
)
CAUSES = {
    "high": "Data dukung {weakest} belum lengkap untuk seluruh periode.",
    "mid": "Kegiatan pada {weakest} belum direncanakan dengan target dan penanggung jawab yang jelas.",
    "low": "Belum ada penanggung jawab dan jadwal pemantauan untuk {weakest}.",
}
EFFECTS = {
    "high": "Capaian yang sudah baik belum sepenuhnya dapat dibuktikan pada evaluasi berikutnya.",
    "mid": "Capaian komponen tidak merata dan nilai total perangkat daerah tertahan.",
    "low": "Komponen ini menurunkan nilai total dan manfaat reformasi birokrasi belum dirasakan masyarakat.",
}


def components(roots: tuple[Node, ...]) -> list[Node]:
    """The second-level groups of the instrument, in file order."""
    return [child for root in roots for child in root.children if not child.is_leaf]


def _share(result: ScoreResult, code: str) -> str:
    """The part of the weight a node reached, as a percentage with one decimal unless it is whole (100%)."""
    share = result.nodes[code].fraction * 100
    return percent(share, 0 if share == share.to_integral_value() else 1)


def finding(component: Node, result: ScoreResult) -> Written:
    """The kondisi and rekomendasi of one component, from the unit's scores."""
    parts = [child for child in component.children if result.nodes[child.code].applicable]
    with translation.override("id"):
        reached = _share(result, component.code)
        if not parts:
            return Written(
                component.code, f"Seluruh bagian komponen {component.title} tidak berlaku.", (GENERIC_ADVICE,)
            )
        weakest = min(parts, key=lambda child: result.nodes[child.code].fraction)
        strongest = max(parts, key=lambda child: result.nodes[child.code].fraction)
        weak, strong = _share(result, weakest.code), _share(result, strongest.code)
    fraction = result.nodes[component.code].fraction
    band = "high" if fraction >= Decimal("0.85") else "mid" if fraction >= Decimal("0.6") else "low"
    if fraction >= Decimal("0.85"):
        condition = (
            f"Komponen {component.title} mencapai {reached} dari bobotnya. Bagian yang paling tertinggal "
            f"adalah {weakest.title} ({weak})."
        )
        advice = "Pertahankan capaian ini. " + ADVICE.get(weakest.code, GENERIC_ADVICE)
    elif fraction >= Decimal("0.6") and weakest is strongest:
        condition = (
            f"Komponen {component.title} mencapai {reached} dari bobotnya; {weakest.title} belum mencapai "
            "nilai penuh."
        )
        advice = ADVICE.get(weakest.code, GENERIC_ADVICE)
    elif fraction >= Decimal("0.6"):
        condition = (
            f"Komponen {component.title} mencapai {reached} dari bobotnya dan belum merata: {weakest.title} "
            f"baru {weak}, sedangkan {strongest.title} mencapai {strong}."
        )
        advice = ADVICE.get(weakest.code, GENERIC_ADVICE)
    else:
        condition = (
            f"Komponen {component.title} masih rendah, {reached} dari bobotnya. Kelemahan terbesar pada "
            f"{weakest.title} ({weak}); data dukung beberapa indikatornya belum menunjukkan capaian."
        )
        advice = ADVICE.get(weakest.code, GENERIC_ADVICE)
    advice_list = [advice]
    if band == "low":
        # A weak component gets a second rekomendasi: plan the catch-up in the coming year's action plan.
        advice_list.append(
            f"Masukkan perbaikan {weakest.title} ke dalam rencana aksi tahun berikutnya dengan target per "
            "triwulan dan penanggung jawab."
        )
    return Written(
        component.code,
        condition,
        tuple(advice_list),
        criteria=CRITERIA.format(title=component.title),
        cause=CAUSES[band].format(weakest=weakest.title),
        effect=EFFECTS[band],
    )
