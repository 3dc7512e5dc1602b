"""Each role's work queue, for its landing page: what waits for this person, for which OPD, due when (the
end of the phase window that holds for that unit, extensions included), and the link to the place to act.

Every queue reads a fixed number of queries whatever the number of OPD and open periods: the rows of all
open periods are read at once, their windows and extensions once, and the rest is done in Python."""

from nyata.evaluations.queries.queues.admin import admin_queue
from nyata.evaluations.queries.queues.items import WorkItem
from nyata.evaluations.queries.queues.leader import PendingPeriod, leader_overview
from nyata.evaluations.queries.queues.opd import opd_queue
from nyata.evaluations.queries.queues.team import team_queue, verifier_queue

__all__ = [
    "PendingPeriod",
    "WorkItem",
    "admin_queue",
    "leader_overview",
    "opd_queue",
    "team_queue",
    "verifier_queue",
]
