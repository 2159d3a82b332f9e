import datetime as dt

from thidua import clock

from .scope import activate_for_user

AS_OF_KEY = "thidua_as_of"


class ScopeMiddleware:
    """Activates the signed-in user's authority for the whole request (anonymous requests get no
    scope, so a scoped query made for them fails loudly), and the user's "as of" date if they chose
    to view the system as of another day (the time machine)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        as_of = None
        if value := request.session.get(AS_OF_KEY):
            try:
                as_of = dt.date.fromisoformat(value)
            except ValueError:
                request.session.pop(AS_OF_KEY, None)
        request.as_of = as_of
        with activate_for_user(user):
            if as_of is None:
                return self.get_response(request)
            with clock.as_of(as_of):
                return self.get_response(request)
