"""Content-Security-Policy on every response (#17): scripts run only from our own static files.

The policy is the setting SECURE_CSP, shaped as Django 6's (directive → list of sources), so moving to
Django 6 means replacing this middleware by `django.middleware.csp.ContentSecurityPolicyMiddleware` with
the setting unchanged. No inline script or on…= handler remains (tests/test_conventions.py keeps it so);
behaviour that used to be inline is declared with data-* attributes and run by web/app.js.

PDF responses get the same policy with `object-src 'self'`: Chromium shows a PDF inside its own <embed>,
which the PDF's own policy governs (crbug.com/271452), and `object-src 'none'` there leaves a blank tab.
"""

from django.conf import settings


def policy(directives: dict[str, list[str]]) -> str:
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        directives = settings.SECURE_CSP
        self.header = policy(directives)
        self.pdf_header = policy({**directives, "object-src": ["'self'"]})

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            pdf = response.get("Content-Type", "").startswith("application/pdf")
            response["Content-Security-Policy"] = self.pdf_header if pdf else self.header
        return response
