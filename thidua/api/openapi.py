"""The OpenAPI 3 description of the API for other systems (served at /api/v1/openapi.json). The tests
check every response against it with the check-in API's validator (`checkin.openapi.errors`), and that
the URL conf and this document name the same paths. No Django."""

from __future__ import annotations

from thidua.checkin import openapi as _checkin
from thidua.exchange import states as _dossier

DOSSIER_STATES = [s for s in _dossier.STATE_LABELS if s != _dossier.DRAFT]  # a draft stays with its sender

PREFIX = "/api/v1"

_str = {"type": "string"}
_nstr = {"type": "string", "nullable": True}
_int = {"type": "integer"}
_nint = {"type": "integer", "nullable": True}
_date = {"type": "string", "format": "date"}
_ndate = {"type": "string", "format": "date", "nullable": True}
_ndatetime = {"type": "string", "format": "date-time", "nullable": True}
_money = {"type": "integer", "description": "Số tiền, đồng (số nguyên)"}
_kind = {"type": "string", "enum": ["individual", "collective", "household"],
         "description": "Cá nhân, tập thể hoặc hộ gia đình"}

ERROR = {"type": "object", "required": ["error", "message"],
         "properties": {"error": _str, "message": {**_str, "description": "Thông báo bằng tiếng Việt"}, "field": _nstr}}
AWARD_FORM = {"type": "object", "required": ["code", "name", "kind", "level"],
              "properties": {"code": _str, "name": _str,
                             "kind": {"type": "string", "enum": ["title", "form"],
                                      "description": "Danh hiệu thi đua hoặc hình thức khen thưởng"},
                             "level": {"type": "string",
                                       "enum": ["national", "province", "district", "commune", "grassroots"]}}}
DECISION = {
    "type": "object",
    "required": ["id", "year", "number", "code", "number_text", "date", "status", "status_label", "award", "issuer",
                 "signer_level", "signer_title", "signer_name", "reason", "proposed_by", "submission_number",
                 "submission_date", "issued_at", "lines_count", "total_amount"],
    "properties": {
        "id": _int, "year": {**_int, "description": "Năm thi đua"}, "number": _nint, "code": _str,
        "number_text": {**_str, "description": "Số, ký hiệu, ví dụ 498/QĐ-UBND"}, "date": _date,
        "status": {"type": "string", "enum": ["draft", "issued"]}, "status_label": _str,
        "award": {"$ref": "#/components/schemas/AwardForm"}, "issuer": _str,
        "signer_level": {**_str, "description": "ct-tinh, ct-huyen, ct-xa, thu-truong, chinh-phu: quyết định của cấp "
                                                "khác được cơ quan ghi nhận lại mang cấp người ký của cấp đó"},
        "signer_title": _str, "signer_name": _str, "reason": _str, "proposed_by": _str, "submission_number": _str,
        "submission_date": _ndate, "issued_at": _ndatetime, "lines_count": _int, "total_amount": _money,
    },
}
ANNEX_LINE = {
    "type": "object",
    "required": ["id", "order", "kind", "name", "position", "unit", "coefficient", "amount"],
    "properties": {"id": _int, "order": _int, "kind": _kind, "name": _str, "position": _str,
                   "unit": {**_str, "description": "Đơn vị (của cá nhân), hoặc trống với tập thể"},
                   "coefficient": {"type": "number", "description": "Hệ số tiền thưởng (so với lương cơ sở)"},
                   "amount": _money},
}
DECISION_DETAIL = {
    "type": "object", "required": [*DECISION["required"], "lines"],
    "properties": {**DECISION["properties"],
                   "lines": {"type": "array", "items": {"$ref": "#/components/schemas/AnnexLine"},
                             "description": "Danh sách kèm theo quyết định"}},
}
AWARDED = {
    "type": "object",
    "required": ["id", "kind", "name", "position", "unit", "award", "year", "amount", "decision"],
    "properties": {
        "id": {**_int, "description": "Mã dòng trong danh sách kèm theo quyết định"}, "kind": _kind, "name": _str,
        "position": _str, "unit": _str, "award": {"$ref": "#/components/schemas/AwardForm"},
        "year": {**_int, "description": "Năm thi đua"}, "amount": _money,
        "decision": {"type": "object", "required": ["id", "number_text", "date", "issuer"],
                     "properties": {"id": _int, "number_text": _str, "date": _date, "issuer": _str}},
    },
}

AUTHORITY = {"type": "object", "required": ["id", "code", "name", "short_name", "level"],
             "properties": {"id": _int, "code": _str, "name": _str, "short_name": _str, "level": _str}}
DOSSIER = {
    "type": "object",
    "required": ["id", "side", "sender", "receiver", "year", "award", "title", "state", "state_label", "letter_number",
                 "letter_date", "first_sent_at", "sent_at", "received_on", "return_reason", "decided_at", "decision",
                 "items_count"],
    "properties": {
        "id": _int,
        "side": {"type": "string", "enum": [_dossier.SENDER, _dossier.RECEIVER],
                 "description": "sender: cơ quan gửi hồ sơ này; receiver: cơ quan nhận"},
        "sender": {"$ref": "#/components/schemas/Authority"}, "receiver": {"$ref": "#/components/schemas/Authority"},
        "year": {**_int, "description": "Năm thi đua"}, "award": {"$ref": "#/components/schemas/AwardForm"},
        "title": _str, "state": {"type": "string", "enum": DOSSIER_STATES,
                                 "description": ", ".join(f"{k}: {_dossier.STATE_LABELS[k]}" for k in DOSSIER_STATES)},
        "state_label": _str, "letter_number": {**_str, "description": "Số tờ trình của nơi gửi"},
        "letter_date": _ndate, "first_sent_at": _ndatetime, "sent_at": _ndatetime,
        "received_on": {**_ndate, "description": "Ngày tiếp nhận: ngày tính thời hạn giải quyết"},
        "return_reason": {**_str, "description": "Lý do trả lại lần gần nhất"}, "decided_at": _ndatetime,
        "decision": {"type": "object", "nullable": True, "required": ["id", "number_text", "date", "issuer"],
                     "description": "Quyết định khen thưởng của nơi nhận; id là mã trong /decisions/ của chính cơ "
                                    "quan gọi (nơi gửi: bản ghi nhận quyết định), null nếu cơ quan chưa ghi nhận",
                     "properties": {"id": _nint, "number_text": _str, "date": _date, "issuer": _str}},
        "items_count": _int,
    },
}
DOSSIER_ITEM = {
    "type": "object",
    "required": ["id", "order", "kind", "name", "birth_year", "gender", "position", "unit", "achievement", "initiative",
                 "outcome", "outcome_label"],
    "properties": {"id": _int, "order": _int, "kind": _kind, "name": _str, "birth_year": _nint,
                   "gender": {"type": "string", "enum": ["M", "F"], "nullable": True}, "position": _str, "unit": _str,
                   "achievement": {**_str, "description": "Tóm tắt thành tích"}, "initiative": _str,
                   "outcome": {"type": "string", "enum": list(_dossier.OUTCOME_LABELS)}, "outcome_label": _str},
}
DOSSIER_FILE = {"type": "object", "required": ["id", "kind", "kind_label", "filename", "size", "uploaded_at"],
                "properties": {"id": _int, "kind": {"type": "string", "enum": ["to-trinh", "bien-ban", "bao-cao", "khac"]},
                               "kind_label": _str, "filename": _str, "size": {**_int, "description": "Byte"},
                               "uploaded_at": _ndatetime}}
DOSSIER_EVENT = {"type": "object", "required": ["at", "side", "action", "action_label", "from_state", "to_state", "note"],
                 "properties": {"at": {"type": "string", "format": "date-time"},
                                "side": {"type": "string", "enum": list(_dossier.SIDE_LABELS)}, "action": _str,
                                "action_label": _str, "from_state": _nstr, "to_state": _str, "note": _str}}
DOSSIER_DETAIL = {
    "type": "object", "required": [*DOSSIER["required"], "items", "files", "history"],
    "properties": {**DOSSIER["properties"],
                   "items": {"type": "array", "items": {"$ref": "#/components/schemas/DossierItem"},
                             "description": "Danh sách đề nghị (cá nhân, tập thể) và kết quả"},
                   "files": {"type": "array", "items": {"$ref": "#/components/schemas/DossierFile"},
                             "description": "Tài liệu kèm theo (chỉ thông tin; tải tệp trên trang web)"},
                   "history": {"type": "array", "items": {"$ref": "#/components/schemas/DossierEvent"}}},
}


def page_of(item_ref: str) -> dict:
    return {"type": "object", "required": ["count", "page", "page_size", "pages", "next", "previous", "results"],
            "properties": {"count": {**_int, "description": "Tổng số dòng khớp bộ lọc"}, "page": _int,
                           "page_size": _int, "pages": _int,
                           "next": {**_nstr, "description": "Đường dẫn trang sau (null ở trang cuối)"},
                           "previous": _nstr,
                           "results": {"type": "array", "items": {"$ref": f"#/components/schemas/{item_ref}"}}}}


def _ok(schema: dict, description: str = "Thành công") -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_error = {"$ref": "#/components/schemas/Error"}
_errors = {
    "400": _ok(_error, "Tham số không hợp lệ (trường field chỉ tham số)"),
    "401": _ok(_error, "Thiếu mã truy cập, mã sai hoặc đã bị thu hồi"),
    "403": _ok(_error, "Mã truy cập không được đọc loại dữ liệu này"),
    "404": _ok(_error, "Không tìm thấy (hoặc thuộc cơ quan khác)"),
    "405": _ok(_error, "Chỉ nhận GET"),
    "413": _ok(_error, "Yêu cầu mang dữ liệu quá lớn (GET không cần dữ liệu)"),
}
PAGE_PARAMS = [
    {"name": "page", "in": "query", "required": False, "schema": {**_int, "minimum": 1, "default": 1}},
    {"name": "page_size", "in": "query", "required": False,
     "schema": {**_int, "minimum": 1, "maximum": 200, "default": 50}},
]
_year = {"name": "year", "in": "query", "required": False, "schema": {**_int, "minimum": 1900, "maximum": 2200},
         "description": "Năm thi đua"}
_award = {"name": "award", "in": "query", "required": False, "schema": _str,
          "description": "Mã danh hiệu, hình thức khen thưởng (ví dụ bk-tinh, cstd-co-so)"}


def _id_param(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {**_int, "minimum": 1}}


SCHEMA: dict = {
    "openapi": "3.0.3",
    "info": {
        "title": "Thi đua – Khen thưởng: API cho hệ thống khác", "version": "1",
        "description": (
            "Cho các hệ thống khác của cơ quan (quản lý văn bản điều hành, cơ sở dữ liệu quốc gia) đọc quyết định "
            "khen thưởng kèm danh sách, danh sách được khen thưởng và hồ sơ đề nghị khen thưởng của đúng một cơ "
            "quan. Chỉ đọc (GET). Xác thực bằng `Authorization: Bearer <mã truy cập>`; mã do quản trị hoặc thường "
            "trực Hội đồng của cơ quan cấp (trang Kết nối hệ thống khác), chỉ hiện một lần, có thể thu hồi. "
            "Ngày theo ISO 8601, tiền là số nguyên đồng, chữ tiếng Việt dạng NFC. Danh sách chia trang "
            "(page, page_size ≤ 200) theo thứ tự cố định."),
    },
    "servers": [{"url": PREFIX}],
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {"Error": ERROR, "AwardForm": AWARD_FORM, "Decision": DECISION, "DecisionDetail": DECISION_DETAIL,
                    "AnnexLine": ANNEX_LINE, "Awarded": AWARDED,
                    "DecisionPage": page_of("Decision"), "AwardedPage": page_of("Awarded"),
                    "Authority": AUTHORITY, "Dossier": DOSSIER, "DossierDetail": DOSSIER_DETAIL,
                    "DossierItem": DOSSIER_ITEM, "DossierFile": DOSSIER_FILE, "DossierEvent": DOSSIER_EVENT,
                    "DossierPage": page_of("Dossier")},
    },
    "security": [{"bearer": []}],
    "paths": {
        "/openapi.json": {"get": {"operationId": "schema", "summary": "Tài liệu này (không cần mã truy cập)",
                                  "security": [], "responses": {"200": _ok({"type": "object"})}}},
        "/decisions/": {"get": {
            "operationId": "listDecisions", "summary": "Quyết định khen thưởng (mới trước; quyền decisions.read)",
            "parameters": [_year, {"name": "status", "in": "query", "required": False,
                                   "schema": {"type": "string", "enum": ["draft", "issued"]}}, _award, *PAGE_PARAMS],
            "responses": {"200": _ok({"$ref": "#/components/schemas/DecisionPage"}), **_errors}}},
        "/decisions/{decision_id}/": {"get": {
            "operationId": "getDecision", "summary": "Một quyết định và danh sách kèm theo (quyền decisions.read)",
            "parameters": [_id_param("decision_id")],
            "responses": {"200": _ok({"$ref": "#/components/schemas/DecisionDetail"}), **_errors}}},
        "/awards/": {"get": {
            "operationId": "listAwards",
            "summary": "Cá nhân, tập thể được khen thưởng theo quyết định đã ban hành (quyền awards.read)",
            "parameters": [_year, _award, {"name": "q", "in": "query", "required": False, "schema": {**_str, "maxLength": 100},
                                           "description": "Tên hoặc đơn vị, không phân biệt dấu"}, *PAGE_PARAMS],
            "responses": {"200": _ok({"$ref": "#/components/schemas/AwardedPage"}), **_errors}}},
        "/dossiers/": {"get": {
            "operationId": "listDossiers",
            "summary": "Hồ sơ đề nghị khen thưởng cơ quan đã gửi cấp trên hoặc nhận từ cấp dưới, mới trước "
                       "(không gồm hồ sơ đang soạn; quyền dossiers.read)",
            "parameters": [_year, {"name": "state", "in": "query", "required": False,
                                   "schema": {"type": "string", "enum": DOSSIER_STATES}},
                           {"name": "side", "in": "query", "required": False,
                            "schema": {"type": "string", "enum": [_dossier.SENDER, _dossier.RECEIVER]},
                            "description": "sender: hồ sơ đã gửi; receiver: hồ sơ nhận được"}, _award, *PAGE_PARAMS],
            "responses": {"200": _ok({"$ref": "#/components/schemas/DossierPage"}), **_errors}}},
        "/dossiers/{dossier_id}/": {"get": {
            "operationId": "getDossier",
            "summary": "Một hồ sơ: danh sách đề nghị và kết quả, tài liệu kèm theo, lịch sử (quyền dossiers.read)",
            "parameters": [_id_param("dossier_id")],
            "responses": {"200": _ok({"$ref": "#/components/schemas/DossierDetail"}), **_errors}}},
    },
}


def errors(instance, schema: dict, path: str = "$") -> list[str]:
    """Where `instance` breaks `schema` (the check-in API's validator, resolved against this document)."""
    return _checkin.errors(instance, schema, path, SCHEMA)


def response_schema(path: str, method: str = "get", status: int = 200) -> dict:
    op = SCHEMA["paths"][path][method]
    return op["responses"][str(status)]["content"]["application/json"]["schema"]
