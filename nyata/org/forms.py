from django import forms
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from nyata.org.actions import USERNAME_NOT_AVAILABLE
from nyata.org.models import Instansi, Role, Unit, UnitAward, User, nip_validator, normalise_nip


class StackedLabels:
    """Labels sit above their fields, so they need no trailing colon."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class NipField(forms.CharField):
    """A NIP typed with or without its usual spaces; cleaned to its 18 digits."""

    default_validators = [nip_validator]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)  # room for the spaces people type; the digits are checked
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("18 digits; spaces as in 19800101 200501 1 001 are fine."))
        super().__init__(**kwargs)

    def to_python(self, value):
        return normalise_nip(super().to_python(value))


class UnitForm(StackedLabels, forms.ModelForm):
    predecessors = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.none(),
        required=False,
        label=_("Predecessors"),
        help_text=_("Units merged or renamed into this one, so that their history follows it."),
    )

    class Meta:
        model = Unit
        fields = ["code", "name", "short_name", "kind", "parent", "pengampu_area", "is_active"]
        help_texts = {
            "code": _("A stable short identifier used by imports, e.g. dinas-kesehatan."),
            "pengampu_area": _("Only for a unit pengampu: the RB area it owns, e.g. kelembagaan."),
        }

    def __init__(self, *args, instansi: Instansi, **kwargs):
        super().__init__(*args, **kwargs)
        others = Unit.objects.filter(instansi=instansi)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
            self.fields["predecessors"].initial = list(self.instance.predecessors.all())
        self.fields["parent"].queryset = others
        self.fields["parent"].empty_label = "—"
        self.fields["predecessors"].queryset = others


class PersonForm(StackedLabels, forms.ModelForm):
    nip = NipField(label=_("NIP"))

    class Meta:
        model = User
        fields = ["name", "username", "email", "nip", "phone", "is_active"]
        labels = {"is_active": _("Can sign in"), "email": _("E-mail"), "username": _("Username")}
        # The same words as the action's, wherever the holder is (nyata.org.actions.USERNAME_NOT_AVAILABLE).
        error_messages = {"username": {"unique": USERNAME_NOT_AVAILABLE}}
        help_texts = {"username": _("Used to sign in; letters, digits and @ . + - _ only.")}


class RoleForm(StackedLabels, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=[("", "—")] + Role.choices)
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label="—"
    )

    def __init__(self, *args, instansi: Instansi, allow_system_admin: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(instansi=instansi, is_active=True).order_by(
            "kind", "name"
        )
        if not allow_system_admin:
            self.fields["role"].choices = [
                c for c in self.fields["role"].choices if c[0] != Role.SYSTEM_ADMIN
            ]


class InstansiForm(StackedLabels, forms.ModelForm):
    class Meta:
        model = Instansi
        fields = ["name", "code", "kind", "time_zone", "is_active"]


class ImportForm(StackedLabels, forms.Form):
    KIND_CHOICES = [("units", _("Units")), ("people", _("People and their roles"))]
    kind = forms.ChoiceField(label=_("What the file holds"), choices=KIND_CHOICES)
    file = forms.FileField(label=_("File (CSV or XLSX)"))


class PasswordResetRequestForm(StackedLabels, PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mail"), max_length=254, widget=forms.EmailInput({"autocomplete": "email"})
    )


class ChangePasswordForm(StackedLabels, PasswordChangeForm):
    pass


class NewPasswordForm(StackedLabels, SetPasswordForm):
    pass


class CodeForm(StackedLabels, forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The 6 digits your authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput({"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )


class EnrolForm(CodeForm):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=20,
        help_text=_("The 6 digits the app shows for Nyata, to prove it is set up."),
        widget=forms.TextInput({"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class ConfirmPasswordForm(StackedLabels, forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput({"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password


class UnitAwardForm(StackedLabels, forms.Form):
    award = forms.ChoiceField(label=_("Predicate"), choices=UnitAward.Award.choices)
    decree_number = forms.CharField(
        label=_("Decree number"),
        max_length=150,
        help_text=_("As printed on the decree, e.g. Keputusan Menteri PANRB Nomor 123 Tahun 2024."),
    )
    decree_date = forms.DateField(
        label=_("Decree date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
