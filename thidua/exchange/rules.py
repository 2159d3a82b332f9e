"""Who may do what with dossiers between levels (django-rules). Which side an account is on (sender or
receiver) is the dossier's business: the services check the authority of the side they act for."""

import rules

from thidua.orgs.rules import is_manager, is_office_staff, is_reception, is_reviewer, is_staff_member

rules.add_perm("exchange.open_dossier", is_staff_member | is_reception)  # reach a dossier's URL (then 404 or 403)
rules.add_perm("exchange.view_dossiers", is_office_staff)
rules.add_perm("exchange.compose", is_manager)  # the sender's secretariat: compose, fix, send
rules.add_perm("exchange.receive", is_manager)  # the receiver's secretariat: tiếp nhận, trả lại, trình Hội đồng
rules.add_perm("exchange.appraise", is_manager | is_reviewer)  # thẩm định
