"""Who may do what on the conference day. Reception staff check delegates in, correct a mistaken
check-in and receive a guest who came without an invitation (a walk-in), and nothing else; the
secretariat does that too, lays out the hall and prints; the chair and leaders watch attendance."""

import rules

from thidua.orgs.rules import is_leader, is_manager, is_reception

rules.add_perm("checkin.check_in", is_reception | is_manager)
rules.add_perm("checkin.undo", is_reception | is_manager)
rules.add_perm("checkin.add_walk_in", is_reception | is_manager)
rules.add_perm("checkin.view_attendance", is_manager | is_leader)
rules.add_perm("checkin.view_seating", is_manager | is_leader)
rules.add_perm("checkin.manage_seating", is_manager)
rules.add_perm("checkin.print", is_manager)
rules.add_perm("checkin.manage_tokens", is_manager)
