from django.contrib import admin
from django.urls import include, path

from thidua.web import views as web_views

admin.site.site_header = "Quản trị hệ thống Thi đua – Khen thưởng"
admin.site.site_title = "Thi đua – Khen thưởng"
admin.site.index_title = "Quản trị"

urlpatterns = [
    path("dang-nhap/", web_views.login_view, name="login"),
    path("dang-xuat/", web_views.logout_view, name="logout"),
    path("healthz", web_views.healthz, name="healthz"),
    path("quan-tri/", admin.site.urls),
    path("to-chuc/", include("thidua.orgs.urls")),
    path("thi-dua/", include("thidua.emulation.urls")),
    path("khen-thuong/", include("thidua.awards.urls")),
    path("quy-thi-dua/", include("thidua.fund.urls")),
    path("ho-so/", include("thidua.exchange.urls")),
    path("hoi-nghi/", include("thidua.events.urls")),
    path("don-tiep/", include("thidua.checkin.urls")),
    path("chuong-trinh/", include("thidua.program.urls")),
    path("chuan-bi/", include("thidua.logistics.urls")),
    path("api/", include("thidua.api.urls")),
    path("", include("thidua.web.urls")),
]

# Vietnamese error pages in the site's shell, JSON for the API (#17).
handler400 = "thidua.web.errors.bad_request"
handler403 = "thidua.web.errors.permission_denied"
handler404 = "thidua.web.errors.page_not_found"
handler500 = "thidua.web.errors.server_error"
