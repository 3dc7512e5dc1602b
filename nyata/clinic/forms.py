"""Forms of the clinic: they parse what a person typed into typed values for the actions, nothing more."""

from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nyata.evaluations.forms.review import MultipleFileField
from nyata.evaluations.instrument import indicators_of
from nyata.evaluations.models import Period
from nyata.org.models import Unit, User

GENERAL = ""


def indicator_choices(periods: list[Period]) -> list:
    """One choice per indicator of each open period's instrument, as "<period>:<code>", grouped by period."""
    choices: list = [(GENERAL, _("General question (no particular indicator)"))]
    for period in periods:
        group = [
            (f"{period.pk}:{code}", f"{code} · {node.title}")
            for code, node in indicators_of(period.instrument).items()
        ]
        choices.append((period.title, group))
    return choices


class AskForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("On behalf of"), queryset=Unit.objects.none(), empty_label=None)
    about = forms.ChoiceField(label=_("About"), required=False)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Your question"), widget=forms.Textarea(attrs={"rows": 5}))
    files = MultipleFileField(label=_("Attachments"), required=False)

    def __init__(self, *args, units, periods: list[Period], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["about"].choices = indicator_choices(periods)
        self.periods = {period.pk: period for period in periods}

    def clean(self):
        data = super().clean()
        about = data.get("about") or GENERAL
        data["period"], data["indicator"] = None, ""
        if about != GENERAL:
            period_pk, _sep, code = about.partition(":")
            data["period"] = self.periods.get(int(period_pk)) if period_pk.isdigit() else None
            data["indicator"] = code
        elif len(self.periods) == 1:
            data["period"] = next(iter(self.periods.values()))
        return data


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(label=_("Attachments"), required=False)


class PublishFaqForm(forms.Form):
    question_text = forms.CharField(
        label=_("Question as published"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Anonymous: no unit, no person, nothing that tells who asked."),
    )
    answer_text = forms.CharField(label=_("Answer as published"), widget=forms.Textarea(attrs={"rows": 5}))


class FaqSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the FAQ"), required=False, max_length=200)


class AsistensiRequestForm(forms.Form):
    indicators = forms.MultipleChoiceField(
        label=_("Indicators to be looked at"), widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label=_("What would you like to know?"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, codes: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].choices = codes


class AsistensiCommentForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indicator"))
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, codes: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = codes


class LocalDateTimeField(forms.DateTimeField):
    """A date and time typed in the instansi's zone, whatever zone the browser or server is in."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
        super().__init__(*args, **kwargs)


class SessionForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    areas = forms.MultipleChoiceField(
        label=_("RB areas covered"), required=False, widget=forms.CheckboxSelectMultiple
    )
    indicators = forms.CharField(
        label=_("Indicators covered"),
        required=False,
        max_length=500,
        help_text=_("Indicator codes separated by commas, e.g. I.A.1.1.a, I.B.1.1.f"),
    )
    starts_at = LocalDateTimeField(label=_("Starts at"))
    ends_at = LocalDateTimeField(label=_("Ends at"))
    place = forms.CharField(label=_("Venue"), required=False, max_length=200)
    online_link = forms.URLField(
        label=_("Online link"), required=False, assume_scheme="https", max_length=500
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Invited units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    people = forms.ModelMultipleChoiceField(
        label=_("Invited people"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, instansi, areas: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = ZoneInfo(instansi.time_zone)
        self.fields["areas"].choices = areas
        self.fields["units"].queryset = Unit.objects.filter(
            instansi=instansi, is_active=True, kind__in=[Unit.Kind.OPD, Unit.Kind.PENGAMPU]
        ).order_by("kind", "name")
        self.fields["people"].queryset = User.objects.filter(instansi=instansi, is_active=True).order_by(
            "name"
        )

    def _local(self, name: str):
        value = self.cleaned_data.get(name)
        if value is None:
            return None
        # The typed time is the instansi's wall-clock time (WIB, WITA or WIT), never the server's.
        return (
            timezone.make_aware(timezone.make_naive(value), self.zone)
            if timezone.is_aware(value)
            else (timezone.make_aware(value, self.zone))
        )

    def clean(self):
        data = super().clean()
        data["starts_at"], data["ends_at"] = self._local("starts_at"), self._local("ends_at")
        data["indicators"] = [
            code.strip() for code in (data.get("indicators") or "").split(",") if code.strip()
        ]
        return data


class AttendanceForm(forms.Form):
    people = forms.ModelMultipleChoiceField(
        label=_("Present"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, invitees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = User.objects.filter(
            pk__in=[person.pk for person in invitees]
        ).order_by("name")


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes (notulen)"), widget=forms.Textarea(attrs={"rows": 8}))


class MaterialForm(forms.Form):
    files = MultipleFileField(label=_("Materials"), required=False)
