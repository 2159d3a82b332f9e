from thidua.orgs.nav import NavItem

NAV = [
    NavItem("Đón tiếp", "checkin:home", "checkin.check_in", "Hội nghị"),
    NavItem("Điểm danh trực tiếp", "checkin:attendance_home", "checkin.view_attendance", "Hội nghị"),
    NavItem("Chỗ ngồi", "checkin:seating_home", "checkin.view_seating", "Hội nghị"),
]
