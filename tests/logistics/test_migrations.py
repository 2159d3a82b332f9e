"""Moving stored files to a FileField keeps them: the name kept before (relative to MEDIA_ROOT) is the
stored name after, and the file reads back through the storage."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("logistics", "0002_task_mail"), ("orgs", "0007_job_heartbeat")]  # orgs as it was then (0008 adds
# columns the historical Authority below does not fill)
AFTER = [("logistics", "0004_clean_text_fields")]


def test_stored_file_path_becomes_its_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "logistics" / "1" / "202504").mkdir(parents=True)
    (tmp_path / "logistics" / "1" / "202504" / "abc.pdf").write_bytes(b"%PDF-1.4 kept")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    authority = old.get_model("orgs", "Authority")._base_manager.create(
        code="tk", name="UBND xã Tân Khai", short_name="UBND xã", level="xa", header_name="UBND",
        place_name="Tân Khai")
    stored = old.get_model("logistics", "StoredFile")._base_manager.create(
        authority_id=authority.pk, path="logistics/1/202504/abc.pdf", original_name="Báo cáo.pdf",
        content_type="application/pdf", kind="pdf", size=13, uploaded_at=timezone.now())
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    after = new.get_model("logistics", "StoredFile")._base_manager.get(pk=stored.pk)
    assert after.content.name == "logistics/1/202504/abc.pdf" and after.original_name == "Báo cáo.pdf"
    with after.content.open("rb") as f:
        assert f.read() == b"%PDF-1.4 kept"
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
