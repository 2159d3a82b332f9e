from django_tasks import task

from . import runner


@task()
def run_job(job_id: int) -> None:
    if runner.run(job_id) == runner.RETRY:  # the database stayed locked: the job waits its turn again
        run_job.enqueue(job_id)
