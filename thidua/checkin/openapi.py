"""The check-in API's OpenAPI 3 description (served at /don-tiep/api/v1/openapi.json) and a small
validator for the subset of JSON Schema it uses (tests check every response against it). No Django."""

from __future__ import annotations

CODES = ["ok", "unknown", "forged", "revoked", "wrong_event", "already_checked_in"]

_str = {"type": "string"}
_nstr = {"type": "string", "nullable": True}
_int = {"type": "integer"}
_bool = {"type": "boolean"}

DELEGATE = {
    "type": "object",
    "required": ["id", "name", "attendee", "position", "unit", "category", "category_name", "reply", "seat",
                 "seat_text", "area", "note", "revoked", "checked_in_at", "checked_in_desk", "fold"],
    "properties": {
        "id": _int, "name": _str,
        "number": {"type": "integer", "nullable": True,
                   "description": "Số giấy mời, in dưới mã QR: “Mã điểm danh số 0002”"},
        "attendee": {**_str, "description": "Người dự thay (nếu có; người dự thay ghi tại bàn khi đã điểm danh)"},
        "position": _str, "unit": _str, "category": _str, "category_name": _str,
        "reply": {"type": "string", "enum": ["pending", "accepted", "declined", "substitute"]},
        "reply_text": _str, "seat": _str, "seat_text": _str, "area": _str, "note": _str, "revoked": _bool,
        "checked_in_at": {"type": "string", "format": "date-time", "nullable": True},
        "checked_in_desk": _str, "fold": {**_str, "description": "Chuỗi không dấu để tìm kiếm ngoại tuyến"},
    },
}
CHECKIN = {
    "type": "object", "nullable": True, "required": ["id", "at", "desk", "attendee_name", "walk_in"],
    "properties": {"id": _int, "at": {"type": "string", "format": "date-time"}, "desk": _str,
                   "attendee_name": _str, "walk_in": _bool, "by": _nstr},
}
RESULT = {
    "type": "object",
    "required": ["code", "ok", "replay", "dry_run", "message", "delegate", "checkin", "conflict"],
    "properties": {
        "code": {"type": "string", "enum": CODES}, "ok": _bool, "replay": _bool, "dry_run": _bool,
        "message": _str, "delegate": {**DELEGATE, "nullable": True}, "checkin": CHECKIN, "conflict": CHECKIN,
    },
}
ERROR = {"type": "object", "required": ["error", "message"],
         "properties": {"error": _str, "message": _str, "field": _nstr}}
EVENT = {"type": "object", "required": ["id", "title", "date", "venue"],
         "properties": {"id": _int, "title": _str, "date": _nstr, "venue": _str, "slug": _str}}


def _ok(schema: dict, description: str = "Thành công") -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_errors = {
    "400": _ok({"$ref": "#/components/schemas/Error"}, "Dữ liệu gửi lên không hợp lệ"),
    "401": _ok({"$ref": "#/components/schemas/Error"}, "Chưa đăng nhập hoặc mã truy cập sai"),
    "403": _ok({"$ref": "#/components/schemas/Error"}, "Không có quyền"),
    "404": _ok({"$ref": "#/components/schemas/Error"}, "Không tìm thấy hội nghị (hoặc thuộc cơ quan khác)"),
}
_event_param = {"name": "event_id", "in": "path", "required": True, "schema": _int}

SCHEMA: dict = {
    "openapi": "3.0.3",
    "info": {"title": "Thi đua – Khen thưởng: API đón tiếp, điểm danh", "version": "1",
             "description": "Cho bàn đón tiếp và ứng dụng quét mã: tra mã, điểm danh (có mã lượt quét nonce để "
                            "gửi lại không bị đếm hai lần), hủy điểm danh, tải danh sách đại biểu để dùng khi mất "
                            "mạng. Xác thực bằng phiên đăng nhập (kèm X-CSRFToken khi POST) hoặc "
                            "`Authorization: Bearer <mã truy cập>`."},
    "servers": [{"url": "/don-tiep/api/v1"}],
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"},
                            "session": {"type": "apiKey", "in": "cookie", "name": "sessionid"}},
        "schemas": {"Delegate": DELEGATE, "CheckIn": CHECKIN, "Result": RESULT, "Error": ERROR, "Event": EVENT},
    },
    "security": [{"bearer": []}, {"session": []}],
    "paths": {
        "/events/": {"get": {"operationId": "listEvents", "summary": "Các hội nghị",
                             "responses": {"200": _ok({"type": "object", "required": ["events"], "properties": {
                                 "events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}}}}),
                                 **_errors}}},
        "/events/{event_id}/delegates/": {"get": {
            "operationId": "listDelegates", "summary": "Danh sách đại biểu để dùng ngoại tuyến",
            "parameters": [_event_param],
            "responses": {"200": _ok({"type": "object", "required": ["event", "generated_at", "delegates"],
                                      "properties": {"event": {"$ref": "#/components/schemas/Event"},
                                                     "generated_at": {"type": "string", "format": "date-time"},
                                                     "delegates": {"type": "array", "items": {
                                                         "$ref": "#/components/schemas/Delegate"}}}}),
                          **_errors}}},
        "/events/{event_id}/lookup/": {"get": {
            "operationId": "lookupToken", "summary": "Tra mã QR (không ghi gì)",
            "parameters": [_event_param, {"name": "token", "in": "query", "required": True, "schema": _str,
                                          "description": "Mã trong QR, cả địa chỉ …/hoi-nghi/qr/<mã>, hoặc số giấy"
                                                         " mời in dưới mã (“0002”, “2”)"}],
            "responses": {"200": _ok({"$ref": "#/components/schemas/Result"}), **_errors}}},
        "/events/{event_id}/search/": {"get": {
            "operationId": "searchDelegates", "summary": "Tìm theo tên hoặc đơn vị (không phân biệt dấu)",
            "parameters": [_event_param, {"name": "q", "in": "query", "required": True, "schema": _str}],
            "responses": {"200": _ok({"type": "object", "required": ["delegates"], "properties": {
                "delegates": {"type": "array", "items": {"$ref": "#/components/schemas/Delegate"}}}}), **_errors}}},
        "/events/{event_id}/checkins/": {"post": {
            "operationId": "checkIn", "summary": "Điểm danh (idempotent theo nonce)",
            "parameters": [_event_param],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["nonce"],
                "properties": {"token": {**_str, "description": "Mã trong QR, cả địa chỉ, hoặc số giấy mời (“0002”)"},
                               "delegate_id": _int, "nonce": {**_str, "minLength": 8, "maxLength": 64},
                               "desk": _str, "attendee_name": _str, "offline": _bool, "dry_run": _bool}}}}},
            "responses": {"200": _ok({"$ref": "#/components/schemas/Result"},
                                     "Kết quả quét; xem trường code (ok hoặc lý do từ chối)"), **_errors}}},
        "/events/{event_id}/undo/": {"post": {
            "operationId": "undoCheckIn", "summary": "Hủy điểm danh nhầm (cần lý do)",
            "parameters": [_event_param],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["delegate_id", "reason"],
                "properties": {"delegate_id": _int, "reason": _str}}}}},
            "responses": {"200": _ok({"type": "object", "required": ["undone", "delegate"], "properties": {
                "undone": {"$ref": "#/components/schemas/CheckIn"},
                "delegate": {"$ref": "#/components/schemas/Delegate"}}}), **_errors}}},
    },
}


def resolve(schema: dict, root: dict = SCHEMA) -> dict:
    while "$ref" in schema:
        node = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def errors(instance, schema: dict, path: str = "$", root: dict = SCHEMA) -> list[str]:
    """Where `instance` breaks `schema` (type, required, properties, items, enum, nullable)."""
    schema = resolve(schema, root)
    if instance is None:
        return [] if schema.get("nullable") else [f"{path}: null"]
    kind = schema.get("type")
    checks = {"object": dict, "array": list, "string": str, "boolean": bool}
    if kind == "integer":
        if isinstance(instance, bool) or not isinstance(instance, int):
            return [f"{path}: expected integer"]
    elif kind == "number":
        if isinstance(instance, bool) or not isinstance(instance, int | float):
            return [f"{path}: expected number"]
    elif kind in checks and not isinstance(instance, checks[kind]):
        return [f"{path}: expected {kind}"]
    out = []
    if "enum" in schema and instance not in schema["enum"]:
        out.append(f"{path}: {instance!r} not in enum")
    if kind == "object":
        for key in schema.get("required", []):
            if key not in instance:
                out.append(f"{path}: missing {key}")
        for key, sub in schema.get("properties", {}).items():
            if key in instance:
                out.extend(errors(instance[key], sub, f"{path}.{key}", root))
    if kind == "array" and "items" in schema:
        for i, item in enumerate(instance):
            out.extend(errors(item, schema["items"], f"{path}[{i}]", root))
    return out


def response_schema(path: str, method: str, status: int = 200) -> dict:
    op = SCHEMA["paths"][path][method]
    return op["responses"][str(status)]["content"]["application/json"]["schema"]
