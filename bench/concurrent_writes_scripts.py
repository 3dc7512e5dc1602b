"""The scripts bench/concurrent_writes.py runs inside Nyata (`nyata shell -c`), kept apart from the load
driver: SETUP builds the city, its open period of UNITS units and the operators' sessions; FINALISE runs the
real finalisation and times the transactions it holds; VERIFY reads back what was acknowledged.
Each is a str.format template: {name} is filled by the driver, {{ }} is a literal brace."""

SETUP = """
import json
from datetime import date, timedelta
from pathlib import Path
from random import Random

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from django.utils import timezone

from nyata.evaluations.demo import answers as demo_answers
from nyata.evaluations.instrument import definition_of
from nyata.evaluations.models import Answer, Assessment, Period, Phase, PhaseWindow, Review
from nyata.instruments.actions import load_instrument
from nyata.org.models import Instansi, Membership, Role, Unit, User
from nyata.surveys import actions as surveys

instrument = load_instrument(
    data=(Path(settings.BASE_DIR) / "instruments" / "rb-pd-2025.yaml").read_bytes(), by=None, publish=True
).instrument
instansi = Instansi.objects.create(code="kota-beban", name="Kota Beban", time_zone="Asia/Makassar")
units = Unit.objects.bulk_create(
    Unit(instansi=instansi, code=f"opd-{{i:03d}}", name=f"OPD {{i:03d}}", kind=Unit.Kind.OPD)
    for i in range({units})
)
inspektorat = Unit.objects.create(
    instansi=instansi, code="inspektorat", name="Inspektorat", kind=Unit.Kind.INSPEKTORAT
)
admin = User.objects.create(username="admin.beban", name="Admin Beban", instansi=instansi)
Membership.objects.create(user=admin, unit=inspektorat, role=Role.INSPEKTORAT_ADMIN)
now = timezone.now()
leaves = definition_of(instrument).leaves()

def windows(period):
    PhaseWindow.objects.bulk_create(
        PhaseWindow(
            period=period, phase=p, starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=2)
        )
        for p in Phase.values
    )

# The period to finalise: every unit reviewed, every indicator answered and scored by an evaluator.
# Their preliminary results were released (the appeal was open to them), as finalisation requires.
closing = Period.objects.create(
    instansi=instansi, year=2026, title="Evaluasi 2026", instrument=instrument, preliminary_released_at=now
)
windows(closing)
assessments = Assessment.objects.bulk_create(
    Assessment(period=closing, unit=unit, status=Assessment.Status.REVIEWED, released_at=now)
    for unit in units
)
answers, reviews = demo_answers.answered_and_reviewed(assessments, leaves, by=admin, rng=Random(150))
Answer.objects.bulk_create(answers, batch_size=2000)
Review.objects.bulk_create(reviews, batch_size=2000)

# The period the operators fill, one operator per unit, each on the first choice indicator.
filling = Period.objects.create(instansi=instansi, year=2027, title="Evaluasi 2027", instrument=instrument)
windows(filling)
target = next(n for n in leaves if n.answer.kind == "choice" and not n.source)
operators = []
for unit in units[:{operators}]:
    assessment = Assessment.objects.create(
        period=filling, unit=unit, status=Assessment.Status.SELF_ASSESSMENT
    )
    person = User.objects.create(
        username=f"operator.{{unit.code}}", name=f"Operator {{unit.code}}", instansi=instansi
    )
    Membership.objects.create(user=person, unit=unit, role=Role.OPD_OPERATOR)
    session = SessionStore()
    session[SESSION_KEY] = str(person.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = person.get_session_auth_hash()
    session.create()
    operators.append({{
        "session": session.session_key,
        "assessment": assessment.pk,
        "save": reverse(
            "evaluations:answer-save", args=[instansi.code, filling.pk, assessment.pk, target.code]
        ),
    }})

service = surveys.save_service(unit=units[0], by=None, name="Rawat Jalan", population=5000)
today = surveys.local_day(now, instansi)
surveys.save_period(instansi=instansi, by=None, name="SKM", starts_on=today - timedelta(days=30),
                    ends_on=today + timedelta(days=30))
print(json.dumps({{
    "operators": operators,
    "options": [o.code for o in target.answer.options],
    "indicator": target.code,
    "survey": f"/s/{{service.public_code}}/",
    "service": service.pk,
    "closing": closing.pk,
    "admin": admin.pk,
    "indicators": len(leaves),
}}))
"""

FINALISE = """
import json, time
from django.db import connection, transaction
from nyata.evaluations.actions.finalise import finalise_period
from nyata.evaluations.models import Period, Result
from nyata.org.models import User

# How long each of the action's transactions held the database (from the lock taken to the commit).
held, opened = [], []
enter, exit_ = transaction.Atomic.__enter__, transaction.Atomic.__exit__
def timed_enter(self):
    outermost = not connection.in_atomic_block
    enter(self)
    if outermost:
        opened.append(time.monotonic())
def timed_exit(self, *exc):
    result = exit_(self, *exc)
    if not connection.in_atomic_block and opened:
        held.append(time.monotonic() - opened.pop())
    return result
transaction.Atomic.__enter__, transaction.Atomic.__exit__ = timed_enter, timed_exit

period = Period.objects.get(pk={closing})
started = time.monotonic()
finalise_period(period=period, by=User.objects.get(pk={admin}))
print(json.dumps({{"seconds": time.monotonic() - started, "transactions": len(held), "longest": max(held),
                  "results": Result.objects.filter(assessment__period=period).count()}}))
"""

VERIFY = """
import json
from nyata.evaluations.models import Answer, Period
from nyata.surveys.models import Response
history = {{}}
for assessment_id, revision, value in Answer.history.filter(
    assessment_id__in={assessments}, indicator="{indicator}"
).values_list("assessment_id", "revision", "value"):
    history.setdefault(str(assessment_id), []).append([revision, value])
print(json.dumps({{
    "history": history,
    "responses": Response.objects.filter(service_id={service}).count(),
    "locked": Period.objects.get(pk={closing}).is_locked,
}}))
"""
