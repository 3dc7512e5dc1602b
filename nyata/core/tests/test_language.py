"""Django's own words on Nyata's pages speak Bahasa Indonesia too, where Django's catalogue lacks them."""

from django.db.models.fields import BLANK_CHOICE_LABEL
from django.utils import translation


def test_the_blank_choice_of_a_select_speaks_bahasa_indonesia():
    with translation.override("id"):
        assert str(BLANK_CHOICE_LABEL) == "- Pilih salah satu -"
    with translation.override("en"):
        assert str(BLANK_CHOICE_LABEL) == "- Select an option -"
