"""Ghi nhận liên hệ: the officer's form for a contact with a facility in their scope."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.decorators import officer_required
from accounts.scoping import get_facility_for_user

from .contacts import contact_record
from .forms import ContactForm


@officer_required
@require_http_methods(["GET", "POST"])
def contact_new(request, pk):
    facility = get_facility_for_user(request.user, pk)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        contact_record(officer=request.user, facility=facility, **form.cleaned_data)
        messages.success(request, _("Đã ghi nhận liên hệ."))
        return redirect("reports:facility_detail", facility.pk)
    return render(request, "reports/contact_form.html", {"facility": facility, "form": form})
