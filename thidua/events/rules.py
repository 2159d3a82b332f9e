"""Who may do what with conferences. Unit officers see and answer for their own unit's delegates."""

import rules

from thidua.orgs.rules import is_manager, is_own_unit, is_reception, is_staff_member, is_unit_officer

rules.add_perm("events.view_events", is_staff_member)
rules.add_perm("events.manage_events", is_manager)
rules.add_perm("events.view_delegates", is_staff_member)
rules.add_perm("events.manage_delegates", is_manager | (is_unit_officer & is_own_unit))
rules.add_perm("events.record_reply", is_manager | (is_unit_officer & is_own_unit))
rules.add_perm("events.import_delegates", is_manager)
rules.add_perm("events.print_invitations", is_manager)
rules.add_perm("events.send_reminders", is_manager)
rules.add_perm("events.view_qr", is_staff_member | is_reception)
