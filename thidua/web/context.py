from thidua import clock

from .nav import grouped_for


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_groups": grouped_for(user), "authority": user.authority,
            "as_of": getattr(request, "as_of", None), "clock_today": clock.today()}
