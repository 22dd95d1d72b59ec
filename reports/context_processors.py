from django.utils.functional import SimpleLazyObject


def inbox(request):
    """``unread_notifications`` for the navbar badge; queried only if a template reads it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_officer:
        return {}

    def count():
        from .notifications import unread_count

        return unread_count(user)

    return {"unread_notifications": SimpleLazyObject(count)}
