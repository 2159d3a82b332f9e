"""The pages of the emulation cycle, one module per concept; the views are re-exported here for urls.py."""

from .covenants import covenant_edit, covenants, my_unit, unit_page
from .cycles import cycle_copy, cycle_detail, cycle_list, group_create, group_detail, group_document
from .movements import movement_edit, movement_list
from .results import cycle_rules, ranking_view
from .scorecards import criterion_edit, scorecard_detail, scorecard_import
from .sheets import evidence_download, sheet_view

__all__ = [
    "covenant_edit", "covenants", "criterion_edit", "cycle_copy", "cycle_detail", "cycle_list", "cycle_rules",
    "evidence_download", "group_create", "group_detail", "group_document", "movement_edit", "movement_list",
    "my_unit", "ranking_view", "scorecard_detail", "scorecard_import", "sheet_view", "unit_page",
]
