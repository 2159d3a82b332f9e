from thidua.orgs.nav import NavItem

NAV = [
    NavItem("Quỹ thi đua, khen thưởng", "fund:ledger", "fund.view_fund", "Khen thưởng"),
]
