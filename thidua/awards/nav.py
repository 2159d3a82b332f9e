from thidua.orgs.nav import NavItem

NAV = [
    NavItem("Đề nghị khen thưởng", "awards:proposal_list", "awards.view_proposals", "Khen thưởng"),
    NavItem("Hội đồng xét", "awards:meeting_list", "awards.manage_council", "Khen thưởng"),
    NavItem("Danh sách Hội đồng", "awards:roster", "awards.manage_council", "Khen thưởng"),
    NavItem("Quyết định", "awards:decision_list", "awards.view_decisions", "Khen thưởng"),
    NavItem("Tờ trình lên cấp trên", "awards:upper_submissions", "awards.manage_council", "Khen thưởng"),
    NavItem("Tra cứu khen thưởng", "awards:search", "awards.search", "Khen thưởng"),
    NavItem("Thống kê", "awards:statistics", "awards.view_statistics", "Khen thưởng"),
    NavItem("Danh mục khen thưởng", "awards:catalogue", "awards.view_catalogue", "Khen thưởng"),
]
