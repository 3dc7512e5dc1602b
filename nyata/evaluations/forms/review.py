"""Forms of the review side. A score is read from its raw inputs (value / target / realized) by
values.from_form, here at the edge; the actions receive the parsed value and check it against the
instrument again."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from nyata.evaluations import values
from nyata.evaluations.models import Review, TeamMember
from nyata.scoring import Node


class ValueFields(forms.Form):
    """The raw inputs of one indicator's score widget; `cleaned_data["stored"]` is the parsed score."""

    value = forms.CharField(required=False)
    target = forms.CharField(required=False)
    realized = forms.CharField(required=False)

    def __init__(self, *args, node: Node, **kwargs):
        super().__init__(*args, **kwargs)
        self.node = node

    def clean(self):
        cleaned = super().clean()
        cleaned["stored"] = None
        if self.wants_score(cleaned):
            try:
                cleaned["stored"] = values.from_form(self.node, self.value_data())
            except ValidationError as error:
                # On the form, not on `value`: a bad score is shown above the widget, as it always was.
                self.add_error(None, error)
        return cleaned

    def wants_score(self, cleaned: dict) -> bool:
        """Whether the choice made in the form reads the score inputs at all."""
        return True

    def value_data(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key) or "" for key in ("value", "target", "realized")}

    @property
    def value_fields(self) -> dict[str, str]:
        """What the score widget shows again after a refused post."""
        return (
            {key: self.data.get(key, "") for key in ("value", "target", "realized")} if self.is_bound else {}
        )


class ReviewForm(ValueFields):
    verdict = forms.ChoiceField(label=_("Status"), choices=Review.Verdict.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    base_revision = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def wants_score(self, cleaned: dict) -> bool:
        # Agreeing takes the OPD's answer; without a valid verdict nothing is saved, so nothing is read.
        return cleaned.get("verdict") not in (None, Review.Verdict.AGREE)


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("What should be revised"), widget=forms.Textarea(attrs={"rows": 2}))


class ClarificationAskForm(forms.Form):
    indicators = forms.MultipleChoiceField(label=_("Indicators"), widget=forms.CheckboxSelectMultiple)
    question = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, codes: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].choices = codes


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class AttachmentFields(forms.Form):
    files = MultipleFileField(label=_("Files (evidence)"), required=False)
    url = forms.URLField(label=_("Or a link"), required=False, assume_scheme="https")
    effective_date = forms.DateField(
        label=_("Effective date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ClarificationAnswerForm(AttachmentFields):
    response = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 3}))
    indicator = forms.ChoiceField(label=_("The evidence is for indicator"), required=False)
    field_order = ["response", "indicator", "files", "url", "effective_date"]

    def __init__(self, *args, codes: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(code, code) for code in codes]


class AppealForm(AttachmentFields):
    indicator = forms.ChoiceField(label=_("Indicator"))
    reason = forms.CharField(label=_("Why the score should change"), widget=forms.Textarea(attrs={"rows": 3}))
    field_order = ["indicator", "reason", "files", "url", "effective_date"]

    def __init__(self, *args, codes: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = codes


class AppealDecisionForm(ValueFields):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept with a new score")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, widget_prefix: str, **kwargs):
        # Several pending appeals share one page: their inputs need distinct ids.
        kwargs.setdefault("auto_id", f"{widget_prefix}-%s")
        super().__init__(*args, **kwargs)
        self.widget_prefix = widget_prefix

    def wants_score(self, cleaned: dict) -> bool:
        return cleaned.get("decision") == "accept"  # a rejection keeps the score as it was


class VerificationForm(forms.Form):
    is_valid = forms.TypedChoiceField(
        label=_("Verification"),
        choices=[("1", _("Valid")), ("0", _("Not valid"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class VerificationFilterForm(forms.Form):
    """The verification page's filters (a GET form): one OPD, one of the verifier's RB areas, a status."""

    opd = forms.TypedChoiceField(label=_("OPD"), coerce=int, required=False, empty_value=None)
    area = forms.ChoiceField(label=_("RB area"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, assessments, areas: list[tuple[str, str]], statuses: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opd"].choices = [("", _("Every OPD"))] + [(a.pk, a.unit.name) for a in assessments]
        self.fields["area"].choices = [("", _("Every area of yours"))] + areas
        self.fields["status"].choices = list(statuses.items())


class VerifyAllForm(forms.Form):
    note = forms.CharField(
        label=_("Note for every indicator"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    area = forms.CharField(required=False, widget=forms.HiddenInput)


class TeamAssignForm(forms.Form):
    assessment = forms.TypedChoiceField(label=_("Unit"), coerce=int)
    user = forms.TypedChoiceField(label=_("Person"), coerce=int)
    tier = forms.ChoiceField(label=_("Tier"), choices=TeamMember.Tier.choices)

    def __init__(self, *args, assessments, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessment"].choices = [(a.pk, a.unit.name) for a in assessments]
        self.fields["user"].choices = [
            (person.pk, f"{person.name or person.username} · {', '.join(str(role) for role in roles)}")
            for person, roles in people
        ]
