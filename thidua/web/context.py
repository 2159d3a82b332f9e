from thidua import clock

from .nav import items_for


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_items": items_for(user), "authority": user.authority,
            "as_of": getattr(request, "as_of", None), "clock_today": clock.today()}
