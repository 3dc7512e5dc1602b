"""Every follow-up view, for every persona: an OPD never sees another OPD's follow-up (404, no leak), the
Inspektorat verifies, only the administrator approves, anonymous people are sent to sign in."""

import pytest
from django.urls import reverse

from nyata.followups.models import Item

PERSONAS = [
    "inspektorat_admin",
    "evaluator",
    "opd_head",
    "opd_operator",
    "outsider_opd_operator",
    "leader",
    "other_city_admin",
]


def _urls(item):
    code = item.period.instansi.code
    return {
        "overview": reverse("followups:overview", args=[code]),
        "unit": reverse("followups:unit", args=[code, item.period_id, item.unit_id]),
        "item": reverse("followups:item", args=[code, item.pk]),
    }


# persona -> (overview, unit page of Dinkes, Dinkes item page)
READS = {
    "inspektorat_admin": (200, 200, 200),
    "evaluator": (200, 200, 200),
    "opd_head": (200, 200, 200),
    "opd_operator": (200, 200, 200),
    "outsider_opd_operator": (200, 404, 404),
    "leader": (200, 200, 200),
    "other_city_admin": (404, 404, 404),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_reads_which_follow_up_page(client, request, persona, dinkes_item):
    person = request.getfixturevalue(persona)
    client.force_login(person)
    urls = _urls(dinkes_item)
    got = tuple(client.get(urls[name]).status_code for name in ("overview", "unit", "item"))
    assert got == READS[persona]


def test_another_opd_never_sees_dinkes_in_its_overview(client, outsider_opd_operator, dinkes_item):
    client.force_login(outsider_opd_operator)
    page = client.get(_urls(dinkes_item)["overview"]).content.decode()
    assert "Dinas Kesehatan" not in page
    assert "Seluruh unit" not in page


def test_anonymous_is_sent_to_sign_in(client, dinkes_item):
    for url in _urls(dinkes_item).values():
        assert client.get(url).status_code == 302


OK = "allowed"  # the action ran (302) or refused the data or the state (400): the permission held
# persona -> (report, verify, return, approve, due, owner, open)
WRITES = {
    "inspektorat_admin": (403, OK, OK, OK, OK, OK, OK),
    "evaluator": (403, OK, OK, 403, OK, OK, 403),
    "opd_head": (OK, 403, 403, 403, 403, OK, 403),
    "opd_operator": (OK, 403, 403, 403, 403, 403, 403),
    "outsider_opd_operator": (404, 404, 404, 404, 404, 404, 403),  # its own period, not its item
    "leader": (403, 403, 403, 403, 403, 403, 403),
}


@pytest.mark.parametrize("persona", list(WRITES))
def test_who_may_write_what(client, request, persona, dinkes_item, published):
    person = request.getfixturevalue(persona)
    client.force_login(person)
    code = dinkes_item.period.instansi.code

    def item_url(name):
        return reverse(f"followups:{name}", args=[code, dinkes_item.pk])

    posts = [
        (
            item_url("report"),
            {"text": "Sudah.", "links": "https://data.kendari.example/x"},
            Item.Stage.WITH_OPD,
        ),
        (item_url("verify"), {"status": "in_progress", "note": "Belum lengkap."}, Item.Stage.VERIFYING),
        (item_url("return"), {"note": "Lengkapi."}, Item.Stage.VERIFYING),
        (item_url("decide"), {"decision": "approve"}, Item.Stage.APPROVAL),
        (item_url("due"), {"due": "2027-05-31", "reason": "Menunggu APBD-P."}, Item.Stage.WITH_OPD),
        (item_url("owner"), {"owner": ""}, Item.Stage.WITH_OPD),
        (reverse("followups:open", args=[code, published.pk]), {"default_due": "2027-03-31"}, None),
    ]
    got = []
    for url, data, stage in posts:
        if stage is not None:  # each write from the state it applies to
            Item.objects.filter(pk=dinkes_item.pk).update(
                stage=stage,
                status="cannot" if stage == Item.Stage.APPROVAL else "not_started",
                reason="Alasan.",
            )
        status = client.post(url, data).status_code
        got.append(OK if status in (302, 400) else status)
    assert tuple(got) == WRITES[persona]
