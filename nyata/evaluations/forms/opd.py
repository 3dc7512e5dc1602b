"""Forms of the OPD pages: evidence details and the head's return note. Files are read from request.FILES."""

from django import forms
from django.utils.translation import gettext_lazy as _


class EvidenceForm(forms.Form):
    item = forms.CharField(required=False, max_length=60, widget=forms.HiddenInput)
    replaces = forms.IntegerField(required=False, widget=forms.HiddenInput)
    url = forms.CharField(label=_("or a link"), required=False, max_length=1000)
    title = forms.CharField(label=_("Title of the link"), required=False, max_length=200)
    effective_date = forms.DateField(
        label=_("Effective date"),
        help_text=_("The date the document was signed or took effect."),
        widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"],
    )


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("What should the operator fix?"), widget=forms.Textarea(attrs={"rows": 3}))
