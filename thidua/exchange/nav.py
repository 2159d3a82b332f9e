from thidua.orgs.nav import NavItem

NAV = [
    NavItem("Hồ sơ gửi cấp trên", "exchange:list", "exchange.view_dossiers", "Khen thưởng"),
    NavItem("Hồ sơ đến (cấp dưới gửi)", "exchange:inbox", "exchange.view_dossiers", "Khen thưởng"),
]
