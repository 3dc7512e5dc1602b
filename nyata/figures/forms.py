"""Forms of the figures pages: one figure (recorded or corrected), and a table to import."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from nyata.figures.importing import _decimal
from nyata.figures.models import Kind
from nyata.figures.queries import kinds_of
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
        self.fields["kind"].queryset = kinds_of(instansi.pk)

    def clean_value(self) -> Decimal:
        value = _decimal(self.cleaned_data["value"])
        if value is None:
            raise ValidationError(_("Write a number, e.g. 3,85."))
        return value


class ImportForm(StackedLabels, forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX)"))


class KindForm(StackedLabels, forms.Form):
    """A kind of outside figure. The key is locked (disabled) while something names it."""

    key = forms.CharField(
        label=_("Key"),
        max_length=40,
        help_text=_(
            "What an instrument writes after source: data: (lower-case letters, digits and hyphens)."
        ),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    scale_min = forms.CharField(label=_("Lowest value"), max_length=20)
    scale_max = forms.CharField(label=_("Highest value"), max_length=20)
    places = forms.IntegerField(label=_("Decimal places"), min_value=0, max_value=2, initial=2)
    higher_is_better = forms.TypedChoiceField(
        label=_("Which way is better"),
        choices=[("1", _("A higher value is better.")), ("0", _("A lower value is better."))],
        coerce=lambda chosen: chosen == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    issuer = forms.CharField(label=_("Issued by"), max_length=200)
    source_document = forms.CharField(label=_("Source document"), max_length=300)
    basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False)
    shared = forms.BooleanField(
        label=_("Shared by every instansi"),
        required=False,
        help_text=_("Only a system administrator adds a shared kind; an Inspektorat adds its own."),
    )

    def __init__(self, *args, key_locked: str = "", may_share: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if key_locked:
            self.fields["key"].disabled = True
            self.fields["key"].help_text = key_locked
        if not may_share:
            del self.fields["shared"]

    def _number(self, field: str) -> Decimal:
        value = _decimal(self.cleaned_data[field])
        if value is None:
            raise ValidationError(_("Write a number, e.g. 3,85."))
        return value

    def clean_scale_min(self) -> Decimal:
        return self._number("scale_min")

    def clean_scale_max(self) -> Decimal:
        return self._number("scale_max")

    def clean_key(self) -> str:
        return self.cleaned_data["key"].strip()


def kind_initial(kind: Kind) -> dict:
    return {
        "key": kind.key,
        "name": kind.name,
        "scale_min": _plain(kind.scale_min),
        "scale_max": _plain(kind.scale_max),
        "places": kind.places,
        "higher_is_better": "1" if kind.higher_is_better else "0",
        "issuer": kind.issuer,
        "source_document": kind.source_document,
        "basis": kind.basis,
    }


def _plain(value: Decimal) -> str:
    """A stored scale as a person writes it here, without thousands marks: 100, or 3,5 in Indonesian."""
    text = format(value.normalize(), "f")
    return text.replace(".", ",") if (get_language() or "id").startswith("id") else text
