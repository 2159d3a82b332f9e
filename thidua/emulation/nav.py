from thidua.orgs.nav import NavItem

NAV = [
    NavItem("Thi đua", "emulation:cycles", "emulation.view_cycles", "Thi đua"),
    NavItem("Đơn vị tôi", "emulation:my_unit", "emulation.my_unit", "Thi đua"),
]
