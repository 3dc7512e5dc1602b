"""Forms of follow-up: each parses what a person typed into the typed values an action takes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from nyata.followups.models import Item

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

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people


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
