"""Job.result_path becoming a FileField keeps the results: the name stored before (relative to
MEDIA_ROOT) is the stored name after, and the file reads back through the storage."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("orgs", "0002_vi_collation")]
AFTER = [("orgs", "0003_clean_text_fields_job_result_file")]


def test_job_result_path_becomes_its_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "jobs" / "41").mkdir(parents=True)
    (tmp_path / "jobs" / "41" / "result").write_bytes(b"%PDF-1.7 kept")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    job = old.get_model("orgs", "Job")._base_manager.create(
        kind="web.specimen_bulk", title="In hàng loạt", status="done", result_path="jobs/41/result",
        result_name="giay-moi.pdf", result_type="application/pdf")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    after = new.get_model("orgs", "Job")._base_manager.get(pk=job.pk)
    assert after.result_path.name == "jobs/41/result" and after.result_name == "giay-moi.pdf"
    with after.result_path.open("rb") as f:
        assert f.read() == b"%PDF-1.7 kept"
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
