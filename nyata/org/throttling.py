"""Login throttling: django-axes, with a budget per account at an address and a larger one per address.

django-axes compares the largest failure count of its lockout groups with one limit. Nyata throttles two
groups with two budgets (settings.AXES_LOCKOUT_PARAMETERS):
- a username at one client address: NYATA_LOGIN_FAILURE_LIMIT failures lock that pair, so guessing at
  someone's password locks the guesser's address out of that account, never the real owner elsewhere;
- a client address across every username: NYATA_LOGIN_ADDRESS_FAILURE_LIMIT failures lock the address,
  which stops password spraying (one or two guesses at each of many accounts). It is larger than the
  first, because a whole office often reaches the internet through one address.
The username alone is never a group: that would let anyone lock the real owner out everywhere.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum

ADDRESS_GROUP = "ip_address"


def _budget(group: str | list[str]) -> int:
    if group == ADDRESS_GROUP:
        return settings.NYATA_LOGIN_ADDRESS_FAILURE_LIMIT
    return settings.AXES_FAILURE_LIMIT


class LoginThrottle(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        """The failures of the most exhausted group, in units of AXES_FAILURE_LIMIT (the one limit axes
        compares with): a group that has used up its own budget reaches that limit exactly."""
        limit = settings.AXES_FAILURE_LIMIT
        counts = []
        groups = settings.AXES_LOCKOUT_PARAMETERS
        for group, attempts in zip(groups, self.get_user_attempts(request, credentials), strict=True):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            counts.append(failures * limit // _budget(group))
        return max(counts, default=0)

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """A successful sign-in forgives the person's own mistakes at this address, not the failures
        against other accounts from it: otherwise one valid account would reset a spraying address."""
        username = get_client_username(request, credentials)
        deleted, _by_model = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        ).delete()
        return deleted
