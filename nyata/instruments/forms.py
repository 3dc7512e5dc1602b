from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Instrument file"),
        help_text=_("A YAML file (.yaml) as described in the instrument format, or an Excel workbook (.xlsx) "
                    "exported by Nyata. Its code says whose it is: your instansi's instruments have codes "
                    "that begin with your instansi's code and a dot (e.g. kota-kendari.lke-internal); codes "
                    "without a dot are shared instruments, which a system administrator loads."),
    )  # fmt: skip


class CompareForm(forms.Form):
    old = forms.ChoiceField(label=_("Older version"))
    new = forms.ChoiceField(label=_("Newer version"))

    def __init__(self, *args, versions: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(version, version) for version in versions]
        self.fields["old"].choices = choices
        self.fields["new"].choices = choices
