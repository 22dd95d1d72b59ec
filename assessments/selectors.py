"""Reads that several pages share: an assessment's checklist with its answers and photos, a
facility's open drafts, its latest signed assessment of each checklist."""

from .scoping import assessments_visible_to


def assessment_sections(assessment):
    """Sections with their items, each carrying its answer and photos, in order."""
    items = assessment.version.items_in_order().prefetch_related("options")
    answers = {a.item_id: a for a in assessment.answers.select_related("option")}
    photos = {}
    for p in assessment.photos.all():
        photos.setdefault(p.item_id, []).append(p)
    sections = []
    for item in items:
        item.answer = answers.get(item.id)
        item.photo_list = photos.get(item.id, [])
        if not sections or sections[-1][0].id != item.section_id:
            sections.append((item.section, []))
        sections[-1][1].append(item)
    return sections


def open_drafts(user):
    return assessments_visible_to(user).open().select_related("template").order_by("-created_at")


def latest_signed_by_template(user) -> dict:
    """The newest signed assessment of each checklist, by template id."""
    latest = {}
    for a in assessments_visible_to(user).signed().order_by("signed_at"):
        latest[a.template_id] = a
    return latest


def request_rounds(corrective):
    """A corrective request's rounds, oldest first, with their photos (one query each)."""
    return corrective.responses.select_related("by").prefetch_related("photos")
