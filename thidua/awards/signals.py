"""What awards tells the apps above it, which it may not import (docs/conventions.md).

`decision_issued(decision, actor)` is sent inside the transaction that issues a decision, after its
lines are final: a receiver's write (the fund's posting, a dossier's decision sent back) commits or
rolls back with the issue itself."""

from django.dispatch import Signal

decision_issued = Signal()
