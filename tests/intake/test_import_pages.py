"""The import pages over HTTP: upload, map unknown columns, preview, commit the ticked rows."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from homeward.cases.models import Case
from homeward.imports.models import ColumnMapping, ImportBatch
from tests.intake import sheets


def _upload(client: Any, data: bytes, name: str, capture: Any, kind: str = "cases") -> Any:
    with capture(execute=True):
        return client.post("/imports/", {"kind": kind, "file": SimpleUploadedFile(name, data)})


def test_upload_previews_and_commits_the_ticked_rows(client: Any, admin_user: Any,
                                                     django_capture_on_commit_callbacks: Any) -> None:
    client.force_login(admin_user)
    rows = sheets.children_rows(20, broken={3: "facility", 9: "formula"})
    response = _upload(client, sheets.xlsx(rows), "children.xlsx", django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{batch.pk}/"
    assert batch.status == "ready"
    page = client.get(f"/imports/{batch.pk}/").content.decode()
    assert "18 to create" in page and "2 refused" in page
    assert "unknown facility “Nowhere orphanage”" in page and "a formula cell" in page
    assert not Case.objects.exists()
    ticked = [v["row"] for v in batch.verdicts if v["verdict"] == "create"][:5]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/imports/{batch.pk}/commit/", {"row": ticked})
    assert response.status_code == 302
    assert Case.objects.count() == 5


def test_unknown_columns_are_mapped_on_the_page_and_the_mapping_kept(client: Any, admin_user: Any,
                                                                     django_capture_on_commit_callbacks: Any) -> None:
    client.force_login(admin_user)
    header = ["Ref", "Kid", "Country"]
    data = sheets.csv_bytes([["A1", "Amina Umarova", "Iraq"], ["A2", "Adam Umarov", "Iraq"]], header)
    _upload(client, data, "kids.csv", django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    assert batch.status == "uploaded"
    page = client.get(f"/imports/{batch.pk}/").content.decode()
    assert "No column holds: name" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/imports/{batch.pk}/", {"col0": "external_id", "col1": "name",
                                                         "col2": "host_country"})
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == "ready" and [v["verdict"] for v in batch.verdicts] == ["create", "create"]
    assert ColumnMapping.objects.get().mapping == {"Ref": "external_id", "Kid": "name", "Country": "host_country"}
    # the next file of the same shape is previewed at once
    _upload(client, data, "kids-2.csv", django_capture_on_commit_callbacks)
    assert ImportBatch.objects.order_by("-pk").first().status == "ready"


def test_a_template_spreadsheet_can_be_downloaded_for_each_kind(client: Any, admin_user: Any) -> None:
    import io

    import openpyxl

    client.force_login(admin_user)
    for kind in ("cases", "people", "requests"):
        response = client.get(f"/imports/template/{kind}.xlsx")
        assert response.status_code == 200
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
        assert [c.value for c in sheet[1]][:2] in (["external_id", "name"], ["external_id", "requester_name"])
    assert client.get("/imports/template/nothing.xlsx").status_code == 404


def test_someone_elses_import_is_not_found(client: Any, admin_user: Any, national_user: Any,
                                           django_capture_on_commit_callbacks: Any) -> None:
    client.force_login(admin_user)
    _upload(client, sheets.xlsx(sheets.children_rows(2, broken={})), "c.xlsx", django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    client.force_login(national_user)
    assert client.get(f"/imports/{batch.pk}/").status_code == 404


def test_the_analyst_may_not_import(client: Any, make_user: Any) -> None:
    client.force_login(make_user("igor", "analysis", "analyst"))
    assert client.get("/imports/").status_code == 403
