"""Events this app announces to the apps above it, which it may not import (accounts ←
checklists ← assessments ← reports). A receiver only queues work; the rules stay in services."""

from django.dispatch import Signal

# Sent once the change is committed, with ``template_id``: the template became required or
# optional, so which signed assessments count as the facilities' reports changed (reports
# rebuilds the links between reports, assessments.report_links).
template_required_changed = Signal()
