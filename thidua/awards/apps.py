from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "thidua.awards"
    label = "awards"
    verbose_name = "Khen thưởng"

    def ready(self):
        from . import imports, jobs, sources  # noqa: PLC0415 (app-registry)

        assert jobs.certificates  # registered with orgs.jobs as the "awards.certificates" handler
        assert imports.PROPOSALS  # the "proposals" import kind, known to a worker started with --skip-checks
        sources.register()  # the award decision and the office's tờ trình, issued through the outgoing register
