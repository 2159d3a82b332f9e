"""What awards tells the apps above it, which it may not import (docs/conventions.md).

`decision_issued(decision, actor)` is sent inside the transaction that issues a decision, after its
lines are final: a receiver's write (the fund's posting, a dossier's decision sent back) commits or
rolls back with the issue itself.

`proposal_moved(proposal, action, actor)` is sent inside the transaction of every move of a proposal
(`services.proposals.apply_transition`), after its new status is saved: a dossier from a lower level
learns that the receiver's council did not pass it ("reject")."""

from django.dispatch import Signal

decision_issued = Signal()
proposal_moved = Signal()
