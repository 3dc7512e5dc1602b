"""Forms of the figures pages: one figure (recorded or corrected), and a table to import."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from nyata.figures.importing import _decimal
from nyata.figures.models import Kind
from nyata.org.forms import StackedLabels
from nyata.org.models import Instansi, Unit


class FigureForm(StackedLabels, forms.Form):
    kind = forms.ModelChoiceField(label=_("Kind"), queryset=Kind.objects.all())
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    value = forms.CharField(label=_("Value"), max_length=20)
    document_title = forms.CharField(label=_("Document title"), max_length=300)
    document_number = forms.CharField(label=_("Document number"), max_length=120)
    document_date = forms.DateField(label=_("Document date"), widget=forms.DateInput(attrs={"type": "date"}))
    document_url = forms.URLField(
        label=_("Document link"), max_length=500, required=False, assume_scheme="https"
    )
    file = forms.FileField(label=_("Document file"), required=False)
    reason = forms.CharField(
        label=_("Reason for a correction"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the unit already has a figure of this kind for the year."),
    )

    def __init__(self, *args, instansi: Instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(instansi=instansi, is_active=True).order_by("code")

    def clean_value(self) -> Decimal:
        value = _decimal(self.cleaned_data["value"])
        if value is None:
            raise ValidationError(_("Write a number, e.g. 3,85."))
        return value


class ImportForm(StackedLabels, forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX)"))
