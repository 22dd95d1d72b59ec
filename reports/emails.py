"""Emails are a subject, text and HTML template triple under templates/emails/, always
rendered in Vietnamese (the reader may never have chosen a language)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def make_message(name: str, to: str, ctx: dict) -> EmailMultiAlternatives:
    ctx = {"SITE_URL": settings.SITE_URL, **ctx}
    with translation.override("vi"):
        subject = render_to_string(f"emails/{name}-subject.txt", ctx).strip()
        text = render_to_string(f"emails/{name}-body.txt", ctx)
        html = render_to_string(f"emails/{name}-body.html", ctx)
    message = EmailMultiAlternatives(" ".join(subject.split()), text, to=[to])
    message.attach_alternative(html, "text/html")
    return message
