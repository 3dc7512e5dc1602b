"""Forms of the admin side: a period with its windows, an extension for one unit, a finding.

Window times are typed in the instansi's own time zone (WIB, WITA or WIT), whoever types them: the
datetime-local input carries no zone, so the field reads it in the zone it is given."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nyata.evaluations.models import Period, Phase
from nyata.instruments.models import Instrument
from nyata.instruments.queries import usable_for_periods
from nyata.org.models import Unit

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class LocalDateTimeField(forms.DateTimeField):
    """A datetime-local input read and shown in a given time zone instead of the active one."""

    def __init__(self, *, zone: ZoneInfo, **kwargs):
        kwargs.setdefault(
            "widget", forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_FORMAT)
        )
        super().__init__(**kwargs)
        self.zone = zone

    def to_python(self, value):
        with timezone.override(self.zone):
            return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, datetime) and timezone.is_aware(value):
            return value.astimezone(self.zone).replace(tzinfo=None)
        return value


def window_field_names(phase: str) -> tuple[str, str]:
    return f"{phase}_starts", f"{phase}_ends"


class WindowsForm(forms.Form):
    """One start and one end per phase; every phase needs a window, or its writes could never happen."""

    def __init__(self, *args, zone: ZoneInfo, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone
        for phase, label in Phase.choices:
            start, end = window_field_names(phase)
            self.fields[start] = LocalDateTimeField(zone=zone, label=_("%(phase)s opens") % {"phase": label})
            self.fields[end] = LocalDateTimeField(zone=zone, label=_("%(phase)s closes") % {"phase": label})

    def phase_rows(self):
        """(label, start field, end field) per phase, for the template's table."""
        for phase, label in Phase.choices:
            start, end = window_field_names(phase)
            yield label, self[start], self[end]

    def windows(self) -> dict[str, tuple[datetime, datetime]]:
        return {
            phase: (
                self.cleaned_data[window_field_names(phase)[0]],
                self.cleaned_data[window_field_names(phase)[1]],
            )
            for phase in Phase.values
        }

    def clean(self):
        cleaned = super().clean()
        for phase in Phase.values:
            start, end = window_field_names(phase)
            if cleaned.get(start) and cleaned.get(end) and cleaned[end] <= cleaned[start]:
                self.add_error(end, _("A window must end after it starts."))
        return cleaned


class PeriodForm(WindowsForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=200)
    instrument = forms.ModelChoiceField(label=_("Instrument"), queryset=Instrument.objects.none())
    units = forms.ModelMultipleChoiceField(
        label=_("Participating units"), queryset=Unit.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    previous = forms.ModelChoiceField(
        label=_("Start from the previous period"),
        queryset=Period.objects.none(),
        required=False,
        help_text=_("Last year's final answers are shown beside each indicator; nothing is carried over."),
    )

    field_order = ["year", "title", "instrument", "previous", "units"]

    def __init__(self, *args, instansi, **kwargs):
        super().__init__(*args, zone=ZoneInfo(instansi.time_zone), **kwargs)
        # The shared instruments and the instansi's own: never another instansi's (instruments.models).
        self.fields["instrument"].queryset = usable_for_periods(instansi).order_by("code", "-version")
        self.fields["instrument"].label_from_instance = lambda i: f"{i.code} {i.version} · {i.title}"
        self.fields["units"].queryset = Unit.objects.filter(instansi=instansi, is_active=True).order_by(
            "kind", "name"
        )
        self.fields["previous"].queryset = Period.objects.filter(instansi=instansi)
        self.fields["previous"].label_from_instance = lambda p: f"{p.year} · {p.title}"


class ExtensionForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices)
    ends_at = forms.DateTimeField(label=_("Extended until"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def __init__(self, *args, period: Period, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(assessments__period=period).order_by("name")
        self.fields["ends_at"] = LocalDateTimeField(
            zone=ZoneInfo(period.instansi.time_zone), label=_("Extended until")
        )


class FindingForm(forms.Form):
    """A finding (kondisi, kriteria, sebab, akibat) with its rekomendasi, one per line; `finding` picks an
    existing one to rewrite, empty writes a new one."""

    finding = forms.TypedChoiceField(label=_("Finding"), coerce=int, required=False, empty_value=None)
    node = forms.ChoiceField(label=_("Area, component or indicator"))
    condition = forms.CharField(label=_("Kondisi"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    criteria = forms.CharField(
        label=_("Kriteria"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, required=False
    )
    cause = forms.CharField(
        label=_("Sebab"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, required=False
    )
    effect = forms.CharField(
        label=_("Akibat"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, required=False
    )
    recommendation = forms.CharField(
        label=_("Rekomendasi"),
        help_text=_("One rekomendasi per line; each is followed up on its own."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
    )

    def __init__(self, *args, components: list[tuple[str, str]], findings: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].choices = components
        self.fields["finding"].choices = [("", _("A new finding")), *findings]

    def recommendations(self) -> list[str]:
        return self.cleaned_data["recommendation"].splitlines()


class UnitChoiceForm(forms.Form):
    """The units the admin releases or finalises together. Any unit of the period is accepted here, so
    that one chosen on a page that has gone stale reaches the action, which names it and says why not."""

    assessments = forms.TypedMultipleChoiceField(
        label=_("Units"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one unit."),
            "invalid_choice": _("Every chosen unit must take part in this period."),
        },
    )

    def __init__(self, *args, units: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {a.pk: a for a in units}
        self.fields["assessments"].choices = [(a.pk, a.unit.name) for a in units]

    def chosen(self) -> list:
        return [self.units[pk] for pk in self.cleaned_data["assessments"]]

    def messages(self) -> list[str]:
        return [message for errors in self.errors.values() for message in errors]


class ClosureForm(forms.Form):
    """Closing one unit without evaluating it: not submitted (tidak menyampaikan) or withdrawn."""

    kind = forms.ChoiceField(
        label=_("How the unit is closed"),
        choices=[
            (
                "not_submitted",
                _("Not submitted (tidak menyampaikan): the OPD did not deliver its self-assessment"),
            ),
            ("withdrawn", _("Withdrawn from the period: the unit is not evaluated in this period")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Shown to the OPD, on its timeline and beside its name in the ranking."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class ThemesForm(forms.Form):
    """The RB Tematik themes of the year, among those the period's instrument offers."""

    themes = forms.MultipleChoiceField(
        label=_("Themes of the year"),
        widget=forms.CheckboxSelectMultiple,
        required=False,  # the action says why none is not enough, in the same words as any caller
        help_text=_(
            "Themes not chosen do not apply this year: the worksheet does not show them and the "
            "other parts of RB Tematik make up its score."
        ),  # fmt: skip
    )

    def __init__(self, *args, offered: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = offered
