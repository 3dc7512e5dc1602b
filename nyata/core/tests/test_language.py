"""Django's own words on Nyata's pages speak Bahasa Indonesia too, where Django's catalogue lacks them."""

import pytest
from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.db.models.fields import BLANK_CHOICE_LABEL
from django.utils import translation


def test_the_blank_choice_of_a_select_speaks_bahasa_indonesia():
    with translation.override("id"):
        assert str(BLANK_CHOICE_LABEL) == "- Pilih salah satu -"
    with translation.override("en"):
        assert str(BLANK_CHOICE_LABEL) == "- Select an option -"


def test_no_address_of_nyata_carries_a_language_so_the_middleware_need_not_look_for_one():
    # ChosenLanguageMiddleware.process_response skips Django's search for a language prefix in the address.
    assert is_language_prefix_patterns_used(settings.ROOT_URLCONF) == (False, False)


@pytest.mark.django_db
def test_a_page_says_its_language_and_that_it_varies_with_the_chosen_one(client):
    page = client.get("/akun/masuk/")
    assert page.headers["Content-Language"] == "id"
    assert "Accept-Language" in page.headers["Vary"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get("/akun/masuk/").headers["Content-Language"] == "en"


@pytest.mark.django_db
def test_an_unknown_address_is_not_redirected_to_a_language_prefixed_one(client):
    missing = client.get("/tidak-ada/")
    assert missing.status_code == 404
    assert missing.headers["Content-Language"] == "id"
