"""Officers' inbox of new flags and their notification settings."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import officer_required

from .forms import NotificationSettingsForm
from .notifications import inbox_for, notification_mark_read, notifications_for, notifications_mark_all_read


@officer_required
def inbox(request):
    notifications = inbox_for(request.user).select_related("flag__facility__unit", "facility__unit")
    page = Paginator(notifications, 50).get_page(request.GET.get("trang"))
    return render(request, "reports/inbox.html", {"page": page, "now": timezone.now()})


@officer_required
@require_POST
def notification_read(request, pk):
    notification = get_object_or_404(notifications_for(request.user), pk=pk)
    notification_mark_read(notification=notification)
    return redirect("reports:inbox")


@officer_required
@require_POST
def notifications_read_all(request):
    count = notifications_mark_all_read(user=request.user)
    messages.success(request, _("Đã đánh dấu %(count)d thông báo là đã đọc.") % {"count": count})
    return redirect("reports:inbox")


@officer_required
def notification_settings(request):
    # Not ``request.POST or None``: an unticked checkbox posts nothing, and must still save.
    data = request.POST if request.method == "POST" else None
    form = NotificationSettingsForm(data, instance=request.user)
    if request.method == "POST" and form.is_valid():
        request.user.email_digest = form.cleaned_data["email_digest"]
        request.user.save(update_fields=["email_digest"])
        messages.success(request, _("Đã lưu cài đặt thông báo."))
        return redirect("reports:notification_settings")
    return render(request, "reports/notification_settings.html", {"form": form})
