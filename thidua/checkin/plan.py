"""Old name of `thidua.checkin.hall`, left only while the "Pure rule modules" import-linter contract
in pyproject.toml still names it: delete this file when that contract names `thidua.checkin.hall`.
Nothing in thidua imports it."""

from thidua.checkin.hall import *  # noqa: F403
