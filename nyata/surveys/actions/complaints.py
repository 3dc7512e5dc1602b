"""A citizen's suggestion or complaint answered by the unit: the follow-up of the SKM."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nyata.org.models import User
from nyata.surveys.models import ComplaintReply, Response


@transaction.atomic
def reply_to_complaint(*, response: Response, text: str, by: User | None) -> ComplaintReply:
    """Record (or correct) the unit's answer to a citizen's suggestion or complaint; history keeps each."""
    if not response.suggestion:
        raise ValidationError(_("This response has no suggestion or complaint to answer."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": [_("Write the response to the citizen.")]})
    reply = ComplaintReply.objects.filter(response=response).first() or ComplaintReply(response=response)
    reply.text = text
    reply.by = by
    reply.at = timezone.now()
    reply._history_user = by
    reply.save()
    return reply
