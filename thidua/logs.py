"""Logging pieces the settings name (no Django import: the logging config is set up before the apps)."""

import logging


class OneLineClientErrors(logging.Filter):
    """A refused request (400, 403, 404: a user without the permission, a tampered id, a stale link) is
    logged as its one line ("Forbidden (Permission denied): /path"), without the exception's traceback
    that `django.request` attaches: that is noise beside the server errors (500) that need one."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) in (400, 403, 404, 405, 410):
            record.exc_info = None
            record.exc_text = None
        return True
