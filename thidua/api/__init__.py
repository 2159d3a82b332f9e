"""The API for the other systems an office runs (e-office, the national databases), #19.

**API cho hệ thống khác.** Các hệ thống khác của cơ quan (quản lý văn bản điều hành, cơ sở dữ liệu quốc
gia…) đọc dữ liệu khen thưởng của đúng một cơ quan qua `/api/v1/`, chỉ đọc (GET): `decisions/` (quyết
định, lọc `year`, `status`, `award`) và `decisions/<id>/` (kèm danh sách: họ tên, chức vụ, đơn vị, đối
tượng, hệ số, tiền thưởng), `awards/` (cá nhân, tập thể được khen theo quyết định đã ban hành; lọc
`year`, `award`, `q` không phân biệt dấu), `dossiers/` và `dossiers/<id>/` (hồ sơ đề nghị đã gửi cấp trên
hoặc nhận từ cấp dưới, với danh sách, kết quả, tài liệu kèm theo và lịch sử; lọc `year`, `state`,
`side`, `award`). Tài liệu OpenAPI 3: `/api/v1/openapi.json`. Quản trị hoặc thường trực Hội đồng tạo mã
truy cập cho từng hệ thống ở trang *Quản trị → Kết nối hệ thống khác (API)* (`/api/ket-noi/`), chọn loại
dữ liệu được đọc; mã chỉ hiện một lần (hệ thống chỉ giữ bản băm SHA-256), thu hồi được bất cứ lúc nào,
mọi thao tác ghi nhật ký. Mỗi yêu cầu gửi `Authorization: Bearer <mã>`; mã sai hoặc đã thu hồi → 401,
không được cấp quyền đọc loại dữ liệu đó → 403, dữ liệu của cơ quan khác → 404, mọi lỗi là JSON
`{"error", "message", "field"}` bằng tiếng Việt. Danh sách chia trang (`page`, `page_size` ≤ 200, thứ tự
cố định, `next`/`previous`); ngày theo ISO 8601, tiền là số nguyên đồng, chữ tiếng Việt dạng NFC. Dòng
lệnh: `thidua api_clients <mã cơ quan> [--create TÊN --scope awards.read …] [--revoke TIỀN_TỐ] [--json]`.

Layout: `models.ApiClient` (token hash, prefix, scopes, last use, revocation), `services` (create, revoke:
audited; `touch`: the last-use stamp at most once a minute), `queries` (the token's client, found by its
prefix and compared in constant time; the authority's decisions, awards and dossiers in stable orders),
`api` (the endpoints and their one decorator, `endpoint`), `openapi` (the document, validated in tests
with the check-in API's validator), `views` (the office's pages), `management/commands/api_clients`.
"""
