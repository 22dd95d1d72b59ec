"""The facility's side of a corrective request: read it, answer it ("Đã khắc phục") with a
note and photos. Also the permission-checked photo files, which officers open too."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.decorators import facility_required

from ..corrective_forms import CorrectiveAnswerForm
from ..corrective_services import RequestLocked, request_answer
from ..scoping import get_corrective_photo_for_user, get_corrective_request_for_user
from ..selectors import request_rounds
from .signed import _file


@facility_required
@require_http_methods(["GET", "POST"])
def corrective_request(request, pk, facility):
    corrective = get_corrective_request_for_user(request.user, pk)
    form = None
    if corrective.is_awaiting_facility:
        form = CorrectiveAnswerForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form is None:
            messages.error(request, str(RequestLocked()))
            return redirect("assessments:corrective_request", corrective.pk)
        if form.is_valid():
            try:
                request_answer(
                    request=corrective,
                    note=form.cleaned_data["note"],
                    processed=form.cleaned_data["photos"],
                    by=request.user,
                )
            except RequestLocked as e:
                messages.error(request, str(e))
            else:
                messages.success(request, _("Đã gửi báo cáo khắc phục; cơ quan quản lý sẽ xem xét."))
            return redirect("assessments:corrective_request", corrective.pk)
    context = {
        "corrective": corrective,
        "items": corrective.items.all(),
        "rounds": request_rounds(corrective),
        "form": form,
    }
    return render(request, "assessments/corrective_request.html", context)


@login_required
def corrective_photo(request, pk, thumb=False):
    p = get_corrective_photo_for_user(request.user, pk)
    return _file(p.thumbnail.name if thumb else p.image.name, "image/jpeg")
