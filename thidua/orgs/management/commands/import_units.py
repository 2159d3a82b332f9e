from thidua.orgs.imports import import_units

from ._importcmd import ImportCommand


class Command(ImportCommand):
    help = "Nhập danh sách đơn vị từ Excel (báo cáo từng dòng)."
    runner = staticmethod(import_units)
    label = "Đơn vị"
