"""Work recorded without a person (a system step, an import, the demo's bulk history) still shows: the pages
name nobody ("—") instead of answering 500, as the clarification list and the review page once did. And
the timeline names every kind of event in words, never by its internal key."""

import re
from pathlib import Path

from django.urls import reverse

from nyata.evaluations.actions.clarifications import answer_clarification, ask_clarification
from nyata.evaluations.models import Event
from nyata.evaluations.views.timeline import KIND_LABELS


def test_a_clarification_answered_by_nobody_shows_on_the_list_and_the_review_page(client, desk, team):
    asked = ask_clarification(assessment=desk, indicators=["I.1"], question="Bukti SK?", by=team["evaluator"])
    answer_clarification(clarification=asked, response="SK terlampir.", by=None)
    client.force_login(team["evaluator"])
    code = desk.period.instansi.code
    listing = client.get(reverse("evaluations:clarification-list", args=[code]))
    review = client.get(reverse("evaluations:review-assessment", args=[code, desk.period_id, desk.pk]))
    assert (listing.status_code, review.status_code) == (200, 200)
    for page in (listing, review):
        assert 'SK terlampir. <span class="muted">· —,' in page.content.decode()


def test_a_timeline_event_without_an_actor_shows_a_dash(client, desk, team):
    Event.objects.create(assessment=desk, actor=None, kind="answer_changed", indicator="I.1", after="A")
    client.force_login(team["evaluator"])
    url = reverse("evaluations:timeline", args=[desk.period.instansi.code, desk.period_id, desk.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert '<td data-label="Siapa">—</td>' in response.content.decode()


def test_every_kind_of_event_an_action_records_has_a_label_on_the_timeline():
    actions = Path(__file__).resolve().parents[2] / "actions"
    recorded = {
        kind for path in actions.glob("*.py") for kind in re.findall(r'kind="(\w+)"', path.read_text("utf-8"))
    }
    # The feeds (the survey's, the outside figures') name the event their fill records.
    apps = Path(__file__).resolve().parents[3]
    recorded |= {
        kind
        for path in apps.glob("*/**/*.py")
        if "tests" not in path.parts
        for kind in re.findall(r'event="(\w+)"', path.read_text("utf-8"))
    }
    assert {"filled_from_survey", "filled_from_figure"} <= recorded
    assert recorded - set(KIND_LABELS) == set()


def test_a_value_filled_from_the_survey_shows_with_its_label_and_a_decimal_comma(client, desk, team):
    Event.objects.create(
        assessment=desk, kind="filled_from_survey", indicator="II.1", before=None, after={"number": "86.11"}
    )
    client.force_login(team["evaluator"])
    url = reverse("evaluations:timeline", args=[desk.period.instansi.code, desk.period_id, desk.pk])
    body = client.get(url).content.decode()
    assert '<td data-label="Apa">Diisi dari survei kepuasan masyarakat</td>' in body
    assert '<td data-label="Sesudah">86,11</td>' in body


def test_the_final_total_on_the_timeline_has_a_decimal_comma(client, desk, team):
    Event.objects.create(assessment=desk, kind="finalised", after="71.53", note="BB")
    client.force_login(team["evaluator"])
    url = reverse("evaluations:timeline", args=[desk.period.instansi.code, desk.period_id, desk.pk])
    assert '<td data-label="Sesudah">71,53</td>' in client.get(url).content.decode()
