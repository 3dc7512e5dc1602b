from django import forms
from django.forms.utils import pretty_name
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from nyata.org.forms import StackedLabels
from nyata.surveys.models import Service, SurveyPeriod
from nyata.surveys.questionnaire import AGE_MAX, AGE_MIN, UNSUR, Education, Occupation, Sex

CHOOSE_ONE = {"required": _("Choose one answer.")}


class _SharedFields(dict):
    """The questionnaire's fields, shared by every SurveyForm instead of deep-copied for each one.

    Django deep-copies a form's fields (widgets and choice lists of lazy labels included) on every
    instantiation, so that one form may change its own fields. SurveyForm never changes them, and copying
    them cost more than the rest of a citizen's submission; so "copying" this dict shares the fields.
    """

    def __deepcopy__(self, memo):
        return dict(self)


class _SubmittedField(forms.BoundField):
    """A bound field that works out what only a rendered page shows when the page asks for it.

    Django's bound field computes its label, help text and initial-value names when it is made; cleaning
    a submitted form makes one per field and reads none of them, which was most of the time the form took
    to clean a citizen's submission. Rendering the form reads them as before.
    """

    def __init__(self, form, field, name):
        self.form = form
        self.field = field
        self.name = name
        self.html_name = form.add_prefix(name)

    @cached_property
    def html_initial_name(self):
        return self.form.add_initial_prefix(self.name)

    @cached_property
    def html_initial_id(self):
        return self.form.add_initial_prefix(self.auto_id)

    @cached_property
    def label(self):
        return pretty_name(self.name) if self.field.label is None else self.field.label

    @cached_property
    def help_text(self):
        return self.field.help_text or ""

    @cached_property
    def renderer(self):
        return self.form.renderer


class SurveyForm(forms.Form):
    """The citizen's questionnaire. Every message is the citizen's language; nothing is stored if invalid."""

    bound_field_class = _SubmittedField

    sex = forms.ChoiceField(
        label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect, error_messages=CHOOSE_ONE
    )
    age = forms.IntegerField(
        label=_("Age (years)"),
        min_value=AGE_MIN,
        max_value=AGE_MAX,
        error_messages={
            "required": _("Fill in your age in years."),
            "invalid": _("Write your age as a number, e.g. 34."),
            "min_value": _("Age must be at least %(limit_value)s years."),
            "max_value": _("Age must be at most %(limit_value)s years."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    education = forms.ChoiceField(
        label=_("Highest education"),
        choices=[("", "—"), *Education.choices],
        error_messages=CHOOSE_ONE,
    )
    occupation = forms.ChoiceField(
        label=_("Main occupation"), choices=[("", "—"), *Occupation.choices], error_messages=CHOOSE_ONE
    )
    suggestion = forms.CharField(
        label=_("Suggestion or complaint (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Do not write your name, NIK or telephone number here."),
        error_messages={"max_length": _("Keep it under %(limit_value)d characters.")},
    )
    # A field hidden from people by CSS: only an automated filler sees and fills it.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def unsur_fields(self) -> list[tuple[object, forms.BoundField]]:
        return [(unsur, self[unsur.field]) for unsur in UNSUR]

    def answers(self) -> tuple[int, ...]:
        return tuple(self.cleaned_data[unsur.field] for unsur in UNSUR)

    def profile(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            "sex": data["sex"],
            "age": data["age"],
            "education": data["education"],
            "occupation": data["occupation"],
            "suggestion": data["suggestion"],
        }


# The nine unsur are declared once, when the module loads, after the profile fields (so that the list of
# problems follows the page's order); building them for each request cost a millisecond per submission.
for _unsur in UNSUR:
    SurveyForm.base_fields[_unsur.field] = forms.TypedChoiceField(
        label=_unsur.question,
        choices=[(str(i), label) for i, label in enumerate(_unsur.answers, start=1)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages=CHOOSE_ONE,
    )
SurveyForm.declared_fields = dict(SurveyForm.base_fields)
SurveyForm.base_fields = _SharedFields(SurveyForm.base_fields)


class ServiceForm(StackedLabels, forms.ModelForm):
    class Meta:
        model = Service
        fields = ["name", "description", "population", "is_active"]
        help_texts = {
            "population": _(
                "How many people use this service in one survey period: the sample size follows from it."
            ),
        }


class PeriodForm(StackedLabels, forms.ModelForm):
    class Meta:
        model = SurveyPeriod
        fields = ["name", "starts_on", "ends_on"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class DecisionForm(StackedLabels, forms.Form):
    included = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Include in the IKM")), ("0", _("Exclude from the IKM"))],
        coerce=lambda value: value == "1",
    )
    reason = forms.CharField(label=_("Reason"), max_length=500)


class PaperImportForm(StackedLabels, forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "The first row names the columns: tanggal, u1 to u9, and optionally the profile and saran."
        ),
    )


class ComplaintReplyForm(StackedLabels, forms.Form):
    text = forms.CharField(
        label=_("Response to the citizen"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PublicSummaryForm(forms.Form):
    enabled = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1")


class PaperDecisionForm(StackedLabels, forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Accept: the forms count in the IKM")), ("0", _("Reject: the forms never count"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose accept or reject.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For the record, e.g. the forms checked against the originals at the unit."),
        error_messages={"required": _("Say why, for the audit trail.")},
    )
