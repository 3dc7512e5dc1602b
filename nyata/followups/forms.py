"""Forms of follow-up: each parses what a person typed into the typed values an action takes."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from nyata.followups.models import Item
from nyata.followups.planning import ActivityData

TEXT = forms.Textarea(attrs={"rows": 3})


class OpenForm(forms.Form):
    default_due = forms.DateField(
        label=_("Default due date"),
        help_text=_("Every recommendation is due on this date unless the Inspektorat sets another."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ReportForm(forms.Form):
    text = forms.CharField(label=_("What was done"), widget=TEXT, max_length=5000)
    links = forms.CharField(
        label=_("Links to evidence"),
        help_text=_("One web address per line (optional when a file is attached)."),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=10000,
    )

    def urls(self) -> list[str]:
        return self.cleaned_data["links"].splitlines()


class OwnerForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Person responsible"), queryset=None, required=False)

    def __init__(self, *args, people, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        # Say what the action says: the person must be one of this unit's, not "an invalid choice".
        self.fields["owner"].error_messages["invalid_choice"] = _("Choose a person of %(unit)s.") % {
            "unit": unit.name
        }


class DueForm(forms.Form):
    due = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Why the date changes"), max_length=2000)


class _Distinct(forms.Form):
    """Several forms share one page: each field's id carries the form's name, so labels stay unique."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class VerifyForm(_Distinct):
    id_prefix = "verify"
    status = forms.ChoiceField(label=_("Status"), choices=Item.Status.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note"),
        help_text=_(
            "Required unless the follow-up is as recommended; for cannot be followed up, the reason."
        ),
        widget=TEXT,
        max_length=5000,
        required=False,
    )


class ReturnForm(_Distinct):
    id_prefix = "return"
    note = forms.CharField(label=_("What is missing"), widget=TEXT, max_length=5000)


class DecisionForm(_Distinct):
    id_prefix = "decision"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve: cannot be followed up")), ("refuse", _("Refuse: follow it up"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), widget=TEXT, max_length=5000, required=False)


# --- action plans ---------------------------------------------------------------------------------------


class PlanCreateForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2020, max_value=2100)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


def _decimal(label, **kwargs):
    return forms.DecimalField(
        label=label, max_digits=12, decimal_places=2, min_value=0, localize=True, **kwargs
    )


class RupiahField(forms.DecimalField):
    """Whole rupiah written as Indonesians write them ("Rp 17.500.000", "17.500.000" or "17500000") and
    shown back with the thousands dot. The project keeps USE_THOUSAND_SEPARATOR off (it would put dots into
    every number a template prints, ids in URLs included), so the dots are read here."""

    widget = forms.TextInput(attrs={"inputmode": "numeric"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removeprefix("Rp").replace(".", "").replace(" ", "").replace("\u00a0", "")
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal | int) and value == value.to_integral_value():
            return f"{int(value):,}".replace(",", ".")
        return value


class ActivityForm(forms.Form):
    name = forms.CharField(label=_("Activity"), max_length=500)
    output = forms.CharField(label=_("Output"), max_length=500)
    indicator = forms.CharField(label=_("Indicator"), max_length=500)
    unit_of_measure = forms.CharField(label=_("Unit of measure"), max_length=40, required=False)
    target = _decimal(_("Yearly target"))
    target_q1 = _decimal(_("Target TW I"), initial=0)
    target_q2 = _decimal(_("Target TW II"), initial=0)
    target_q3 = _decimal(_("Target TW III"), initial=0)
    target_q4 = _decimal(_("Target TW IV"), initial=0)
    budget = RupiahField(label=_("Budget (Rp)"), max_digits=15, decimal_places=0, min_value=0)
    responsible = forms.CharField(label=_("Person responsible"), max_length=200)
    node = forms.CharField(label=_("RB area or indicator"), max_length=40, required=False)
    answers = forms.ModelMultipleChoiceField(
        label=_("Recommendations it answers"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, items, **kwargs):
        kwargs.setdefault("auto_id", "activity_%s")
        super().__init__(*args, **kwargs)
        self.fields["answers"].queryset = items
        self.fields["answers"].label_from_instance = lambda item: (
            f"{item.node} · {item.recommendation.text[:90]}"
        )

    @staticmethod
    def initial_of(activity) -> dict:
        """The stored activity as the form's initial values, to change it."""
        fields = ["name", "output", "indicator", "unit_of_measure", "target", "budget", "responsible", "node"]
        initial = {name: getattr(activity, name) for name in fields}
        initial.update({f"target_q{q}": activity.target_of(q) for q in (1, 2, 3, 4)})
        initial["answers"] = [item.pk for item in activity.answers.all()]
        return initial

    def data_value(self) -> ActivityData:
        d = self.cleaned_data
        return ActivityData(
            name=d["name"],
            output=d["output"],
            indicator=d["indicator"],
            target=d["target"],
            targets=(d["target_q1"], d["target_q2"], d["target_q3"], d["target_q4"]),
            budget=d["budget"],
            responsible=d["responsible"],
            node=d["node"],
            unit_of_measure=d["unit_of_measure"],
            answers=tuple(item.pk for item in d["answers"]),
        )


class PlanReviewForm(_Distinct):
    id_prefix = "review"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve the plan")), ("return", _("Return with notes"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Notes"), widget=TEXT, max_length=5000, required=False)


class RealisationForm(_Distinct):
    id_prefix = "realisation"
    activity = forms.TypedChoiceField(label=_("Activity"), coerce=int)
    value = _decimal(_("Realisation"))
    evidence_url = forms.URLField(label=_("Link to evidence"), max_length=1000, assume_scheme="https")
    constraints = forms.CharField(label=_("Constraints"), widget=TEXT, max_length=5000, required=False)
    solutions = forms.CharField(label=_("Solutions"), widget=TEXT, max_length=5000, required=False)

    def __init__(self, *args, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].choices = [(a.pk, a.name) for a in activities]


class DeskReviewForm(_Distinct):
    id_prefix = "desk"
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), coerce=int, choices=[(1, "TW I"), (2, "TW II"), (3, "TW III"), (4, "TW IV")]
    )
    note = forms.CharField(label=_("Desk-review note"), widget=TEXT, max_length=5000)


class PlanImportForm(forms.Form):
    file = forms.FileField(label=_("Excel workbook (.xlsx) or CSV"))
