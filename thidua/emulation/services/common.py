"""What every write of the app shares: the refusal naming several bad values (numbers are read by
`orgs.services.read_number`)."""

from __future__ import annotations

from thidua.orgs.services import ValidationFailed


class ScoresInvalid(ValidationFailed):
    """Several bad values at once; `errors` maps a criterion id to its Vietnamese message."""

    def __init__(self, errors: dict[int, str]):
        super().__init__("Có giá trị không hợp lệ; chưa lưu gì. Xem thông báo ở từng tiêu chí.", None)
        self.errors = errors
