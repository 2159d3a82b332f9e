"""`thidua seed_catalogue`: write the seed catalogue (titles, forms, rule sets, base salaries, powers)."""

from django.core.management.base import BaseCommand

from thidua.awards import services


class Command(BaseCommand):
    help = "Nạp danh mục khen thưởng mặc định (không ghi đè số liệu đã sửa)."

    def handle(self, *args, **opts):
        created = services.seed_catalogue(None)
        self.stdout.write("Đã nạp: " + ", ".join(f"{k} {v}" for k, v in created.items()))
