import pytest
from django.urls import reverse

from imports import services
from imports.models import ImportProblem, Kind

pytestmark = pytest.mark.django_db

DATA = "房号,姓名,面积\n1-1-101,张三,88\n".encode()


def _batch(supervisor, estate):
    return services.batch_upload(
        actor=supervisor,
        estate=estate,
        kind=Kind.ROSTER,
        source="台账",
        file_name="r.csv",
        data=DATA,
    )


@pytest.mark.parametrize("size", [1, 30])
def test_the_list_and_the_problems_cost_the_same_whatever_their_size(
    client, supervisor, estate, size, django_assert_max_num_queries
):
    batches = [_batch(supervisor, estate) for _ in range(size)]
    ImportProblem.objects.bulk_create(
        ImportProblem(batch=batches[0], row=n + 2, column="姓名", message="问题")
        for n in range(size * 3)
    )
    client.force_login(supervisor)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("imports:list")).status_code == 200
    with django_assert_max_num_queries(12):
        response = client.get(reverse("imports:detail", args=[batches[0].pk]))
    assert response.status_code == 200


def test_the_problems_page_on_by_keyset(client, supervisor, estate):
    batch = _batch(supervisor, estate)
    ImportProblem.objects.bulk_create(
        ImportProblem(batch=batch, row=n + 2, column="姓名", message=f"问题{n}") for n in range(60)
    )
    client.force_login(supervisor)
    first = client.get(reverse("imports:detail", args=[batch.pk]))
    cursor = first.context["problems"].next_cursor
    second = client.get(reverse("imports:detail", args=[batch.pk]), {"after": cursor})
    assert len(first.context["problems"].rows) == 50
    assert [p.message for p in second.context["problems"].rows] == [
        f"问题{n}" for n in range(50, 60)
    ]


def test_a_template_lists_the_required_columns_and_codes(client, supervisor):
    client.force_login(supervisor)
    body = client.get(reverse("imports:template", args=["hc_rooms"])).content.decode("utf-8-sig")
    header, allowed = body.splitlines()[:2]
    assert "房间*" in header and "建筑面积*" in header
    assert "2001" in allowed and "1001" in allowed
    assert client.get(reverse("imports:template", args=["nothing"])).status_code == 404


def test_an_upload_posted_twice_makes_one_batch(client, supervisor, estate):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from imports.models import ImportBatch

    client.force_login(supervisor)
    page = client.get(reverse("imports:new"))
    key = page.context["form"]["key"].value()

    def post():
        upload = SimpleUploadedFile("roster.csv", DATA, content_type="text/csv")
        data = {"key": key, "estate": estate.pk, "kind": Kind.ROSTER, "source": "台账"}
        return client.post(reverse("imports:new"), {**data, "file": upload})

    first, second = post(), post()

    batch = ImportBatch.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == batch.get_absolute_url()


def test_the_checked_file_offers_its_import_once_after_its_problems(client, supervisor, estate):
    batch = _batch(supervisor, estate)
    batch = services.batch_check(actor=supervisor, batch=batch, mapping=batch.mapping)
    client.force_login(supervisor)
    page = client.get(reverse("imports:detail", args=[batch.pk])).content.decode()
    title = page[page.index("<title>") : page.index("</title>")]
    assert "<form" not in title and batch.file_name in title
    assert page.count('data-testid="confirm-form"') == 1
    assert page.index('data-testid="no-problems"') < page.index('data-testid="confirm-form"')
