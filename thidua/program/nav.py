from thidua.orgs.nav import NavItem

NAV = [
    NavItem("Chương trình hội nghị", "program:event_list", "program.view_program", "Hội nghị"),
]
