"""The Inspektorat admin's form of the LHE's fixed parts: letterhead, texts and the signature block."""

from django import forms
from django.utils.translation import gettext_lazy as _

from nyata.reports.actions import LETTERHEAD_MAX_BYTES

TEXTAREA = forms.Textarea(attrs={"rows": 4})


class SettingsForm(forms.Form):
    letterhead = forms.FileField(
        label=_("Letterhead image (PNG or JPG, at most 2 MB)"),
        required=False,
        help_text=_("Shown across the top of every LHE; without it the letterhead text below is used."),
    )
    remove_letterhead = forms.BooleanField(label=_("Remove the current letterhead image"), required=False)
    letterhead_lines = forms.CharField(
        label=_("Letterhead text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One line each, e.g. the government and the Inspektorat with its address."),
    )
    number_pattern = forms.CharField(
        label=_("Number pattern"),
        max_length=120,
        help_text=_("{nomor} becomes the unit's sequence number in the period, {tahun} the year."),
    )
    place = forms.CharField(label=_("Place of signing"), max_length=80)
    purpose = forms.CharField(label=_("Purpose"), widget=TEXTAREA)
    scope = forms.CharField(label=_("Scope"), widget=TEXTAREA)
    method = forms.CharField(label=_("Method"), widget=TEXTAREA)
    extra_basis = forms.CharField(
        label=_("Further legal basis"),
        required=False,
        widget=TEXTAREA,
        help_text=_("One per line, after the legal basis the instrument names (e.g. a Peraturan Wali Kota)."),
    )
    closing = forms.CharField(label=_("Closing"), widget=TEXTAREA)
    signer_title = forms.CharField(label=_("Signer's position"), max_length=120)
    signer_name = forms.CharField(label=_("Signer's name"), max_length=150, required=False)
    signer_nip = forms.CharField(label=_("Signer's NIP"), max_length=30, required=False)

    def clean_signer_nip(self) -> str:
        # A NIP is written with or without spaces (e.g. "19750101 200003 1 001"); it is kept as 18 digits.
        return "".join(self.cleaned_data["signer_nip"].split())

    def clean_letterhead(self):
        upload = self.cleaned_data.get("letterhead")
        if upload is not None and upload.size > LETTERHEAD_MAX_BYTES:
            raise forms.ValidationError(_("The letterhead image may be at most 2 MB."))
        return upload

    def texts(self) -> dict[str, str]:
        return {
            name: self.cleaned_data[name]
            for name in self.fields
            if name not in ("letterhead", "remove_letterhead")
        }
