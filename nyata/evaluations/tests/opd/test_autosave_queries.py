"""An autosave writes the answer and answers with its saved state, reading little after the write: the
checks its action made before writing (lock, window, stage) are not read again, the answers and notes are
read once for the row and the summary, and the header's unread count is not read for a fragment."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from nyata.evaluations.models import Answer

HTMX = {"HX-Request": "true"}


def _after_the_write(queries) -> list[str]:
    statements = [q["sql"] for q in queries.captured_queries]
    last_write = max(i for i, sql in enumerate(statements) if re.match(r"(INSERT|UPDATE)", sql))
    return [sql for sql in statements[last_write + 1 :] if sql.startswith("SELECT")]


def test_an_autosave_reads_six_times_after_its_write_and_says_when_it_saved(
    client, opd_operator, assessment, urls
):
    client.force_login(opd_operator)
    client.post(urls.save("I.2"), {"value": "80", "revision": "0"}, headers=HTMX)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(urls.save("I.2"), {"value": "87,5", "revision": "1"}, headers=HTMX)
    assert response.status_code == 200
    reads = _after_the_write(queries)
    # The answers, the notes, the row's evidence, the evidence present per item, and what the clinic puts
    # beside the indicator (its FAQ, an open asistensi's comments: 2) (was 11).
    assert len(reads) == 6, reads
    assert len(queries) <= 25  # was 30 (27 outside the test's savepoint)
    answer = Answer.objects.get(assessment=assessment, indicator="I.2")
    body = response.content.decode()
    assert f"Tersimpan pukul {timezone.localtime(answer.updated_at):%H:%M}" in body
    assert 'id="i-I_2-revision" value="2" hx-swap-oob="true"' in body


def test_a_refused_autosave_still_reads_whether_the_worksheet_is_open(client, opd_operator, urls):
    client.force_login(opd_operator)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(urls.save("I.2"), {"value": "banyak", "revision": "0"}, headers=HTMX)
    assert response.status_code == 200
    assert "Tersimpan pukul" not in response.content.decode()
    assert any("evaluations_phasewindow" in q["sql"] for q in queries.captured_queries)
