"""Evidence of a follow-up report: the worksheet's upload rules (size per file, per assessment, kind by
content), refused whole; served only to whoever reads the item, always as an attachment."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from nyata.followups import actions
from nyata.followups.models import Attachment, Item
from nyata.followups.tests.test_follow_up import PDF, pdf


def test_a_file_over_the_evidence_limit_is_refused_and_nothing_is_stored(settings, dinkes_item, opd_operator):
    settings.NYATA_EVIDENCE_MAX_BYTES = len(PDF) - 1
    with pytest.raises(ValidationError, match="bukti.pdf"):
        actions.report_follow_up(item=dinkes_item, text="Sudah.", uploads=[pdf()], links=[], by=opd_operator)
    assert not Attachment.objects.exists()
    dinkes_item.refresh_from_db()
    assert dinkes_item.stage == Item.Stage.WITH_OPD


def test_the_follow_up_files_of_an_assessment_stay_within_its_limit(settings, dinkes_item, opd_operator):
    settings.NYATA_EVIDENCE_MAX_ASSESSMENT_BYTES = len(PDF) * 2 - 1
    with pytest.raises(ValidationError, match="MB"):
        actions.report_follow_up(
            item=dinkes_item,
            text="Sudah.",
            uploads=[pdf("a.pdf"), pdf("b.pdf", PDF + b"\n")],
            links=[],
            by=opd_operator,
        )
    assert not Attachment.objects.exists()


def test_a_link_that_is_not_a_web_address_is_refused(dinkes_item, opd_operator):
    with pytest.raises(ValidationError, match="javascript"):
        actions.report_follow_up(
            item=dinkes_item, text="Sudah.", uploads=[], links=["javascript:alert(1)"], by=opd_operator
        )


def test_only_readers_of_the_item_download_its_evidence(
    client, dinkes_item, opd_operator, outsider_opd_operator, evaluator
):
    actions.report_follow_up(item=dinkes_item, text="Sudah.", uploads=[pdf()], links=[], by=opd_operator)
    attachment = Attachment.objects.get()
    url = reverse(
        "followups:attachment", args=[dinkes_item.period.instansi.code, dinkes_item.pk, attachment.pk]
    )
    client.force_login(evaluator)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF
    client.force_login(outsider_opd_operator)
    assert client.get(url).status_code == 404
