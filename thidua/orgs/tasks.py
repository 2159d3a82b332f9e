from django_tasks import task

from . import runner


@task()
def run_job(job_id: int) -> None:
    runner.run(job_id)
