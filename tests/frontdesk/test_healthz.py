from tests.helpers import celery_broker


def test_it_reports_database_broker_and_pdf_fast_path(client, db):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["broker"] == "ok"
    assert body["pdf_fast_subsetting"] == "ok"


def test_it_answers_503_when_the_broker_is_unreachable(client, db):
    with celery_broker("redis://127.0.0.1:9/0"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")
    assert response.json()["database"] == "ok"
