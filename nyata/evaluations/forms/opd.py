"""Forms of the OPD pages: evidence details and the head's return note. Files are read from request.FILES."""

from django import forms
from django.utils.translation import gettext_lazy as _


class EvidenceForm(forms.Form):
    """The upload box of one indicator. `targets` are the checklist items the evidence proves, each
    "INDICATOR|ITEM" (this indicator's items and items of the same title elsewhere); `item` alone is the
    single-item form. The validity date is required only where an item says so (the action decides)."""

    item = forms.CharField(required=False, max_length=60, widget=forms.HiddenInput)
    targets = forms.MultipleChoiceField(label=_("Checklist items this evidence proves"), required=False)
    replaces = forms.IntegerField(required=False, widget=forms.HiddenInput)
    url = forms.CharField(label=_("or a link"), required=False, max_length=1000)
    title = forms.CharField(label=_("Title of the link"), required=False, max_length=200)
    effective_date = forms.DateField(
        label=_("Effective date"),
        required=False,
        help_text=_("The date the document was signed or took effect."),
        widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"],
    )

    def __init__(self, *args, choices: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["targets"].choices = [(choice, choice) for choice in choices]

    def problems(self) -> list[str]:
        """Every error, each named by its field's label: the upload box shows them next to the item."""
        found = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else None
            found.extend(f"{label}: {error}" if label else str(error) for error in errors)
        return found

    def chosen_targets(self, indicator: str) -> list[tuple[str, str]]:
        """The (indicator, item) pairs ticked, or this indicator's single item."""
        if self.cleaned_data["targets"]:
            return [tuple(target.split("|", 1)) for target in self.cleaned_data["targets"]]
        return [(indicator, self.cleaned_data["item"])]


def target_value(indicator: str, item: str) -> str:
    return f"{indicator}|{item}"


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("What should the operator fix?"), widget=forms.Textarea(attrs={"rows": 3}))
