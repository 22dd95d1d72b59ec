"""Events this app announces to the apps above it, which it may not import (accounts ←
checklists ← assessments ← reports). A receiver only queues work; the rules stay in services."""

from django.dispatch import Signal

# Sent inside the signing transaction, with ``facility_id``: the facility's level and due date
# have just changed (reports queues a scan of its flags once the transaction commits).
assessment_signed = Signal()

# Sent inside the answering transaction, with ``request`` and ``response``: a facility says it
# has fixed what a corrective request asked (reports tells the officer who made it).
corrective_request_answered = Signal()
