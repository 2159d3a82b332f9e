from .scope import activate_for_user


class ScopeMiddleware:
    """Activates the signed-in user's authority for the whole request. Anonymous requests get no
    scope, so a scoped query made for them fails loudly."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            with activate_for_user(user):
                return self.get_response(request)
        return self.get_response(request)
