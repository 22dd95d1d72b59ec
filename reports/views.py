from django.db.models import Count
from django.shortcuts import render

from accounts.decorators import officer_required
from accounts.scoping import facilities_visible_to


def public_map(request):
    return render(request, "reports/public_map.html")


@officer_required
def dashboard(request):
    facilities = facilities_visible_to(request.user).active().with_colour()
    counts = dict(facilities.values_list("colour").annotate(n=Count("id")).values_list("colour", "n"))
    return render(request, "reports/dashboard.html", {"counts": counts, "total": sum(counts.values())})
