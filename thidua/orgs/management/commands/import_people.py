from thidua.orgs.imports import import_people

from ._importcmd import ImportCommand


class Command(ImportCommand):
    help = "Nhập danh sách cá nhân từ Excel (báo cáo từng dòng)."
    runner = staticmethod(import_people)
    label = "Cá nhân"
