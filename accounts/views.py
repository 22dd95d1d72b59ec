from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from .forms import ChangePasswordForm, LoginForm
from .funnel import facility_first_login, facility_password_chosen
from .middleware import stamp_session


def home(request):
    """Send each role to its place; the public sees the landing page."""
    user = request.user
    if not user.is_authenticated:
        return render(request, "home.html")
    if user.is_facility:
        return redirect("assessments:home")
    if user.is_officer:
        return redirect("reports:dashboard")
    return render(request, "home.html")


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        stamp_session(self.request)  # the session timeouts count from here
        # Also the login with the letter's generated secret, which the middleware then sends to
        # the password change: the facility has logged in, whether or not it changes it now.
        facility_first_login(form.get_user(), timezone.now())
        return response


@method_decorator(never_cache, name="dispatch")  # the form comes back with what was typed
class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = ChangePasswordForm
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        facility_password_chosen(form.user, timezone.now())
        messages.success(self.request, _("Đã đổi mật khẩu. Hãy ghi nhớ mật khẩu mới."))
        return response


def logout_view(request):
    """POST only, as Django's LogoutView; a GET shows a confirmation button."""
    if request.method == "POST":
        response = auth_views.LogoutView.as_view()(request)
        # Shared phones: the offline app's kept pages, queue and worker go with the session
        # (the page's script clears them too, for browsers that ignore this header).
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response
    return render(request, "registration/logout_confirm.html")
