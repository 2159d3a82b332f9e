from thidua.orgs.nav import NavItem

NAV = [
    NavItem("Kết nối hệ thống khác (API)", "api:client_list", "api.manage_clients", "Quản trị"),
]
