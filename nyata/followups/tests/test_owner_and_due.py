"""The person responsible in the OPD and the due date of a follow-up item: the Inspektorat moves the due date
(with a reason, on the timeline), which decides whether the item is overdue on its page, on its unit's list
and on the overview; the OPD head (or the Inspektorat) chooses the person responsible among the unit's own
staff, and a person of another OPD or instansi is refused in Indonesian with nothing changed."""

import re
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from nyata.followups import actions, queries
from nyata.followups.dates import today_in
from nyata.followups.models import Item, Step

BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni"]
BULAN += ["Juli", "Agustus", "September", "Oktober", "November", "Desember"]


def tanggal(day: date) -> str:
    return f"{day.day} {BULAN[day.month - 1]} {day.year}"


def _item_url(item):
    return reverse("followups:item", args=[item.period.instansi.code, item.pk])


def _unit_url(item):
    return reverse("followups:unit", args=[item.period.instansi.code, item.period_id, item.unit_id])


def _page(client, person, url) -> str:
    client.force_login(person)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _unit_row(body: str, text: str) -> str:
    """The unit page's row of one recommendation."""
    return re.search(rf"<tr>(?:(?!</tr>).)*{re.escape(text)}.*?</tr>", body, re.S).group(0)


def _completion(body: str, unit: str) -> dict[str, int]:
    """The overview's figures of one OPD: the columns after its name, by their headings."""
    row = re.search(rf"<tr>\s*<td[^>]*><a [^>]*>{re.escape(unit)}</a></td>(.*?)</tr>", body, re.S).group(1)
    cells = re.findall(r'<td class="num"[^>]*>([^<]*)</td>', row)
    names = ["total", "closed", "share", "with_opd", "to_verify", "not_due"]
    names += ["1-30", "31-90", "91-180", "181+"]
    return dict(zip(names, cells, strict=True))


# --- the due date ---------------------------------------------------------------------------------------


def test_the_inspektorat_moves_the_due_date_and_the_timeline_says_who_when_from_what_and_why(
    dinkes_item, evaluator
):
    before = timezone.now()
    actions.set_due(item=dinkes_item, due=date(2027, 6, 30), reason="Menunggu APBD Perubahan.", by=evaluator)
    dinkes_item.refresh_from_db()
    assert dinkes_item.due == date(2027, 6, 30)
    step = queries.timeline(dinkes_item).first()
    assert (step.kind, step.actor, step.note) == ("due_changed", evaluator, "Menunggu APBD Perubahan.")
    assert (step.before, step.after) == ({"due": "2027-03-31"}, {"due": "2027-06-30"})
    assert step.at >= before
    assert Item.objects.exclude(pk=dinkes_item.pk).filter(due=date(2027, 6, 30)).count() == 0


def test_a_due_date_moved_without_a_reason_or_on_a_closed_item_changes_nothing(
    dinkes_item, evaluator, opd_operator
):
    with pytest.raises(ValidationError, match="reason"):
        actions.set_due(item=dinkes_item, due=date(2027, 6, 30), reason="  ", by=evaluator)
    link = "https://data.kendari.example/e"
    actions.report_follow_up(item=dinkes_item, text="Selesai.", uploads=[], links=[link], by=opd_operator)
    actions.verify_follow_up(item=dinkes_item, status=Item.Status.DONE, note="", by=evaluator)
    with pytest.raises(ValidationError, match="Tindak lanjut ini sudah ditutup."):
        actions.set_due(item=dinkes_item, due=date(2027, 6, 30), reason="Diperpanjang.", by=evaluator)
    dinkes_item.refresh_from_db()
    assert dinkes_item.due == date(2027, 3, 31)
    assert not Step.objects.filter(kind="due_changed").exists()


def test_through_the_page_the_new_due_date_shows_on_the_item_its_unit_and_the_timeline(
    client, dinkes_item, evaluator, city
):
    was_due = dinkes_item.due
    client.force_login(evaluator)
    response = client.post(
        reverse("followups:due", args=[city.instansi.code, dinkes_item.pk]),
        {"due": "2027-06-30", "reason": "Menunggu APBD Perubahan."},
    )
    assert response.status_code == 302
    assert response["Location"] == _item_url(dinkes_item)
    body = _page(client, evaluator, _item_url(dinkes_item))
    assert "<strong>Batas waktu:</strong> 30 Juni 2027" in body
    steps = re.search(r'<ol class="steps" id="steps">(.*?)</ol>', body, re.S).group(1)
    newest = re.search(r"<li>(.*?)</li>", steps, re.S).group(1)
    step = Step.objects.get(kind="due_changed")
    when = timezone.localtime(step.at, ZoneInfo(city.instansi.time_zone))
    assert f"{tanggal(when.date())} {when:%H:%M}" in newest
    moved = f"Tenggat diubah (dari {tanggal(was_due)} menjadi 30 Juni 2027): Menunggu APBD Perubahan."
    assert f"{escape(evaluator.name)} · {moved}" in newest
    unit = _unit_url(dinkes_item)
    row = _unit_row(_page(client, evaluator, unit), dinkes_item.recommendation.text)
    assert "30 Juni 2027" in row
    assert "lewat tenggat" not in row


def test_a_due_date_moved_into_the_past_makes_the_item_overdue_and_moved_ahead_ends_it(
    client, dinkes_item, evaluator, opd_head, city
):
    today = today_in(city.instansi)
    due_url = reverse("followups:due", args=[city.instansi.code, dinkes_item.pk])
    unit_url = _unit_url(dinkes_item)
    overview_url = reverse("followups:overview", args=[city.instansi.code])
    text = dinkes_item.recommendation.text

    client.force_login(evaluator)
    past = today - timedelta(days=10)
    assert client.post(due_url, {"due": past.isoformat(), "reason": "Tenggat semula."}).status_code == 302
    assert 'class="badge overdue">lewat tenggat' in _page(client, opd_head, _item_url(dinkes_item))
    row = _unit_row(_page(client, opd_head, unit_url), text)
    assert f'{tanggal(past)} <span class="badge overdue">lewat tenggat</span>' in row
    figures = _completion(_page(client, evaluator, overview_url), "Dinas Kesehatan")
    assert (figures["total"], figures["not_due"], figures["1-30"]) == ("3", "2", "1")

    client.force_login(evaluator)
    ahead = today + timedelta(days=30)
    assert client.post(due_url, {"due": ahead.isoformat(), "reason": "Diperpanjang."}).status_code == 302
    assert "lewat tenggat" not in _page(client, opd_head, _item_url(dinkes_item))
    row = _unit_row(_page(client, opd_head, unit_url), text)
    assert tanggal(ahead) in row
    assert "lewat tenggat" not in row
    figures = _completion(_page(client, evaluator, overview_url), "Dinas Kesehatan")
    assert (figures["not_due"], figures["1-30"]) == ("3", "0")


def test_an_item_the_opd_has_reported_is_not_overdue_while_the_inspektorat_verifies_it(
    client, dinkes_item, evaluator, opd_operator, city
):
    """Overdue is the OPD's lateness: once it has reported, the wait is the Inspektorat's (the item page,
    the reminder and the overview's own note all say "still with the OPD after its due date")."""
    Item.objects.filter(pk=dinkes_item.pk).update(due=today_in(city.instansi) - timedelta(days=10))
    actions.report_follow_up(
        item=dinkes_item, text="Sudah.", uploads=[], links=["https://data.kendari.example/f"], by=opd_operator
    )
    assert "lewat tenggat" not in _page(client, evaluator, _item_url(dinkes_item))
    body = _page(client, evaluator, reverse("followups:overview", args=[city.instansi.code]))
    figures = _completion(body, "Dinas Kesehatan")
    assert (figures["with_opd"], figures["to_verify"], figures["not_due"]) == ("2", "1", "2")
    assert (figures["1-30"], figures["31-90"], figures["91-180"], figures["181+"]) == ("0", "0", "0", "0")


def test_only_the_inspektorat_is_offered_and_allowed_to_move_the_due_date(
    client, dinkes_item, opd_head, evaluator, city
):
    assert 'id="due-form"' in _page(client, evaluator, _item_url(dinkes_item))
    assert 'id="due-form"' not in _page(client, opd_head, _item_url(dinkes_item))
    response = client.post(
        reverse("followups:due", args=[city.instansi.code, dinkes_item.pk]),
        {"due": "2027-06-30", "reason": "Minta perpanjangan."},
    )
    assert response.status_code == 403
    dinkes_item.refresh_from_db()
    assert dinkes_item.due == date(2027, 3, 31)


# --- the person responsible -------------------------------------------------------------------------------


def test_the_opd_head_chooses_the_person_responsible_among_the_units_staff(
    client, dinkes_item, opd_head, opd_operator, city
):
    client.force_login(opd_head)
    response = client.post(
        reverse("followups:owner", args=[city.instansi.code, dinkes_item.pk]), {"owner": opd_operator.pk}
    )
    assert response.status_code == 302
    dinkes_item.refresh_from_db()
    assert dinkes_item.owner == opd_operator
    step = queries.timeline(dinkes_item).first()
    assert (step.kind, step.actor, step.before, step.after) == (
        "owner_assigned",
        opd_head,
        {"owner": ""},
        {"owner": opd_operator.name},
    )
    body = _page(client, opd_head, _item_url(dinkes_item))
    assert f"<strong>Penanggung jawab:</strong> {escape(opd_operator.name)}" in body
    assert f"{escape(opd_head.name)} · Penanggung jawab ditetapkan ({escape(opd_operator.name)})" in body
    unit = _unit_url(dinkes_item)
    row = _unit_row(_page(client, opd_head, unit), dinkes_item.recommendation.text)
    assert escape(opd_operator.name) in row


def test_the_inspektorat_may_choose_and_clear_the_person_responsible(
    client, dinkes_item, evaluator, opd_head
):
    actions.assign_owner(item=dinkes_item, owner=opd_head, by=evaluator)
    actions.assign_owner(item=dinkes_item, owner=None, by=evaluator)
    dinkes_item.refresh_from_db()
    assert dinkes_item.owner is None
    assert [(s.before, s.after) for s in queries.timeline(dinkes_item).filter(kind="owner_assigned")] == [
        ({"owner": opd_head.name}, {"owner": ""}),
        ({"owner": ""}, {"owner": opd_head.name}),
    ]
    steps = re.search(
        r'<ol class="steps" id="steps">(.*?)</ol>', _page(client, evaluator, _item_url(dinkes_item)), re.S
    )
    newest, older = re.findall(r"<li>(.*?)</li>", steps.group(1), re.S)[:2]
    assert "Penanggung jawab ditetapkan (dikosongkan)" in newest
    assert f"Penanggung jawab ditetapkan ({escape(opd_head.name)})" in older


@pytest.mark.parametrize("stranger", ["outsider_opd_operator", "other_city_admin", "evaluator"])
def test_a_person_outside_the_opd_is_refused_in_indonesian_and_nothing_changes(
    request, dinkes_item, opd_head, stranger
):
    with pytest.raises(ValidationError) as refused:
        actions.assign_owner(item=dinkes_item, owner=request.getfixturevalue(stranger), by=opd_head)
    assert refused.value.message_dict == {"owner": ["Pilih pegawai Dinas Kesehatan."]}
    dinkes_item.refresh_from_db()
    assert dinkes_item.owner is None
    assert not Step.objects.filter(kind="owner_assigned").exists()


def test_through_the_page_a_person_of_another_opd_is_refused_in_indonesian_and_nothing_changes(
    client, dinkes_item, opd_head, outsider_opd_operator, city
):
    client.force_login(opd_head)
    response = client.post(
        reverse("followups:owner", args=[city.instansi.code, dinkes_item.pk]),
        {"owner": outsider_opd_operator.pk},
    )
    assert response.status_code == 400
    assert "Pilih pegawai Dinas Kesehatan." in response.content.decode()
    dinkes_item.refresh_from_db()
    assert dinkes_item.owner is None
    assert not Step.objects.filter(kind="owner_assigned").exists()


def test_an_operator_of_the_opd_may_not_choose_the_person_responsible(
    client, dinkes_item, opd_operator, city
):
    assert 'id="owner-form"' not in _page(client, opd_operator, _item_url(dinkes_item))
    response = client.post(
        reverse("followups:owner", args=[city.instansi.code, dinkes_item.pk]), {"owner": opd_operator.pk}
    )
    assert response.status_code == 403
    dinkes_item.refresh_from_db()
    assert dinkes_item.owner is None
