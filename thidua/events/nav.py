from thidua.orgs.nav import NavItem

NAV = [NavItem("Hội nghị", "events:event_list", "events.view_events", "Hội nghị"),
       NavItem("Tổng hợp hội nghị", "events:hub_pick", "events.view_events", "Hội nghị")]
