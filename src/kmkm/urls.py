from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from kmkm.website import views as website_views

urlpatterns = [
    path(f"{settings.CMS_PATH}/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("staff/", include("kmkm.accounts.urls")),
    path("staff/", include("kmkm.backoffice.urls")),
    path("book/", include("kmkm.website.booking_urls")),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", website_views.robots_txt, name="robots_txt"),
    path("healthz", website_views.healthz, name="healthz"),
    path("", include(wagtail_urls)),
]

if settings.SERVE_MEDIA:
    urlpatterns.insert(
        0, re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )

handler404 = "kmkm.website.views.page_not_found"
handler500 = "kmkm.website.views.server_error"
