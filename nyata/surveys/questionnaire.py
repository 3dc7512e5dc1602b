"""The questionnaire of PermenPANRB 14/2017: the nine unsur, their questions and answers, and the profile.

The wording follows the regulation's example questionnaire (Lampiran, "Contoh kuesioner"): every unsur
has its own four answers, from 1 (worst) to 4 (best). Written in English here and translated into the
regulation's Indonesian in this app's catalogue.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Unsur:
    code: str  # U1..U9, as in the contract and the CSV header
    field: str  # the Response column: u1..u9
    name: Promise
    question: Promise
    answers: tuple[Promise, Promise, Promise, Promise]  # the wording of 1, 2, 3, 4


UNSUR = (
    Unsur(
        "U1",
        "u1",
        _("Requirements"),
        _("How well do the requirements of the service match the kind of service?"),
        (_("Not appropriate"), _("Somewhat appropriate"), _("Appropriate"), _("Very appropriate")),
    ),
    Unsur(
        "U2",
        "u2",
        _("Systems, mechanisms and procedures"),
        _("How easy is the procedure of the service in this unit?"),
        (_("Not easy"), _("Somewhat easy"), _("Easy"), _("Very easy")),
    ),
    Unsur(
        "U3",
        "u3",
        _("Completion time"),
        _("How fast was the service delivered?"),
        (_("Not fast"), _("Somewhat fast"), _("Fast"), _("Very fast")),
    ),
    Unsur(
        "U4",
        "u4",
        _("Cost / tariff"),
        _("How fair is the cost or tariff of the service?"),
        (_("Very expensive"), _("Rather expensive"), _("Cheap"), _("Free of charge")),
    ),
    Unsur(
        "U5",
        "u5",
        _("Service products"),
        _("How well does the product you received match the product stated in the service standard?"),
        (_("Not appropriate"), _("Somewhat appropriate"), _("Appropriate"), _("Very appropriate")),
    ),
    Unsur(
        "U6",
        "u6",
        _("Competence of the staff"),
        _("How competent were the staff who served you?"),
        (_("Not competent"), _("Somewhat competent"), _("Competent"), _("Very competent")),
    ),
    Unsur(
        "U7",
        "u7",
        _("Conduct of the staff"),
        _("How polite and friendly were the staff who served you?"),
        (
            _("Not polite and friendly"),
            _("Somewhat polite and friendly"),
            _("Polite and friendly"),
            _("Very polite and friendly"),
        ),
    ),
    Unsur(
        "U8",
        "u8",
        _("Facilities and infrastructure"),
        _("What is the quality of the facilities and infrastructure?"),
        (_("Poor"), _("Adequate"), _("Good"), _("Very good")),
    ),
    Unsur(
        "U9",
        "u9",
        _("Handling of complaints, suggestions and feedback"),
        _("How are complaints from service users handled?"),
        (
            _("There is no complaint channel"),
            _("There is one, but it does not work"),
            _("It works, but not fully"),
            _("Complaints are handled well"),
        ),
    ),
)
UNSUR_BY_CODE = {u.code: u for u in UNSUR}
ANSWER_FIELDS = tuple(u.field for u in UNSUR)


# The respondent profile asked for by the regulation: jenis kelamin, usia, pendidikan, pekerjaan.
class Sex(models.TextChoices):
    MALE = "L", _("Male")
    FEMALE = "P", _("Female")


class Education(models.TextChoices):
    SD = "sd", _("Primary school or less")
    SMP = "smp", _("Junior high school")
    SMA = "sma", _("Senior high school")
    DIPLOMA = "diploma", _("Diploma (D1-D3)")
    S1 = "s1", _("Bachelor (D4/S1)")
    S2 = "s2", _("Master or doctorate (S2/S3)")


class Occupation(models.TextChoices):
    CIVIL_SERVANT = "pns", _("Civil servant, TNI or Polri")
    PRIVATE = "swasta", _("Private employee")
    SELF_EMPLOYED = "wirausaha", _("Entrepreneur")
    STUDENT = "pelajar", _("Student")
    OTHER = "lainnya", _("Other")


# Age is asked in years as on the regulation's form; reports group it in these bands.
AGE_MIN, AGE_MAX = 10, 120
AGE_BANDS = ((10, 24), (25, 34), (35, 44), (45, 54), (55, 64), (65, AGE_MAX))
