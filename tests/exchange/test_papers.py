"""The dossier's papers from what thidua already holds: the tờ trình cấp trên issued in the sender's register
(awards.upper_submission) becomes the cover letter (its number, date and PDF); the minutes of the sender's
council meeting that passed the proposals are printed into the dossier."""

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from thidua.awards.sources import UPPER_SUBMISSION
from thidua.exchange import checks, services
from thidua.orgs import register
from thidua.orgs.services import ValidationFailed

from .flow import compose

pytestmark = pytest.mark.django_db


def test_cover_letter_from_the_register_and_minutes_from_the_council(levels):
    d = compose(levels, papers=False)
    sec = levels.users["xa.thuongtruc"]
    with scopes_disabled():
        with pytest.raises(ValidationFailed, match="chưa được ban hành"):
            services.attach_cover_letter(sec, d)
        entry = register.open_draft(sec, levels.commune, UPPER_SUBMISSION, "bk-tinh:2026")
        entry = register.issue(sec, entry, dt.date(2026, 11, 26))
        f = services.attach_cover_letter(sec, d)
        d.refresh_from_db()
        assert d.letter_number == f"{entry.number:02d}/TTr-UBND" or d.letter_number == f"{entry.number}/TTr-UBND"
        assert d.letter_date == dt.date(2026, 11, 26) and d.letter_entry_id == entry.pk
        assert services.file_data(f).startswith(b"%PDF-")
        m = services.attach_minutes(sec, d)
        assert m.kind == "bien-ban" and services.file_data(m).startswith(b"%PDF-")
        gaps = checks.check(d).blocking
        assert gaps == ["Thiếu tài liệu: Báo cáo thành tích."]
