from thidua.orgs.nav import NavItem

NAV = [
    NavItem("Chuẩn bị hội nghị", "logistics:index", "logistics.view_plan", "Hội nghị"),
    NavItem("Nhiệm vụ", "logistics:task_list", "logistics.view_tasks", "Hội nghị"),
    NavItem("Trễ hạn, sắp đến hạn", "logistics:overview", "logistics.view_overview", "Hội nghị"),
    NavItem("Định mức chi hội nghị", "logistics:norms", "logistics.manage_budget", "Hội nghị"),
]
