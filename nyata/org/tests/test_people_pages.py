"""The people list of a large instansi is read fifty at a time, its filters kept from page to page."""

from django.urls import reverse

from nyata.org.models import User


def _people(city, count: int, prefix: str = "Warga") -> None:
    User.objects.bulk_create(
        User(username=f"{prefix.lower()}{n:04d}", name=f"{prefix} {n:04d}", instansi=city.instansi)
        for n in range(count)
    )


def test_the_people_list_shows_fifty_people_a_page_by_name_and_links_the_next(
    client, inspektorat_admin, city
):
    _people(city, 120)
    client.force_login(inspektorat_admin)
    url = reverse("org:person-list", args=[city.instansi.code])
    first = client.get(url)
    names = [person.name for person in first.context["people"]]
    assert len(names) == 50
    assert names == sorted(names)
    body = first.content.decode()
    assert "Halaman 1 dari 3" in body
    assert 'href="?halaman=2"' in body
    last = client.get(url, {"halaman": 3})
    everyone = User.objects.filter(instansi=city.instansi).count()
    assert len(last.context["people"]) == everyone - 100


def test_a_page_link_keeps_the_search_and_a_wrong_page_number_shows_the_nearest_page(
    client, inspektorat_admin, city
):
    _people(city, 60, prefix="Sinta")
    client.force_login(inspektorat_admin)
    url = reverse("org:person-list", args=[city.instansi.code])
    found = client.get(url, {"q": "Sinta"})
    assert 'href="?q=Sinta&amp;halaman=2"' in found.content.decode()
    second = client.get(url, {"q": "Sinta", "halaman": 2})
    assert [p.name for p in second.context["people"]] == [f"Sinta {n:04d}" for n in range(50, 60)]
    assert client.get(url, {"q": "Sinta", "halaman": "999"}).context["page"].number == 2
    assert client.get(url, {"q": "Sinta", "halaman": "x"}).context["page"].number == 1


def test_the_people_list_costs_the_same_queries_for_ten_or_five_hundred_people(
    client, inspektorat_admin, city, django_assert_max_num_queries
):
    client.force_login(inspektorat_admin)
    url = reverse("org:person-list", args=[city.instansi.code])
    _people(city, 10)
    with django_assert_max_num_queries(10) as few:
        client.get(url)
    _people(city, 490, prefix="Lain")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
