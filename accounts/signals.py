"""Events this app announces to the apps above it, which it may not import (accounts ←
checklists ← assessments ← reports). A receiver only queues work; the rules stay in services."""

from django.dispatch import Signal

# Sent once an import job has finished (status "done", committed), with ``job_id``: reports tells the offices of a supplementary batch that their letters are ready.
import_done = Signal()
