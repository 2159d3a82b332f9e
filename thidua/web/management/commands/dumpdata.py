"""`thidua dumpdata`: Django's, with django-scopes' scopes disabled. The scoped managers refuse any query
outside an active scope, so the stock command stopped at the first scoped model ("A scope on dimension(s)
authority needs to be active for this query")."""

from django.core.management.commands import dumpdata
from django_scopes import scopes_disabled


class Command(dumpdata.Command):
    def handle(self, *app_labels, **options):
        with scopes_disabled():
            return super().handle(*app_labels, **options)
