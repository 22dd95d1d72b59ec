from django.shortcuts import render

from accounts.decorators import facility_required


@facility_required
def home(request, facility):
    return render(request, "assessments/home.html", {"facility": facility, "contacts": facility.contacts()})


@facility_required
def inspect(request, facility):
    return render(request, "assessments/inspect.html", {"facility": facility})


def guide(request):
    return render(request, "assessments/guide.html")
