"""Reads of the review side, one module per page family. Every function reads a fixed number of
queries, whatever the number of indicators (tested with query counts)."""

from nyata.evaluations.review_queries.responses import (  # noqa: F401  (the package's public reads)
    AppealRow,
    appeal_sheet,
    appeals_of,
    clarifications_for_user,
    get_appeal,
    get_clarification_for_user,
    pending_appeal_codes,
    released_assessments_for_user,
)
from nyata.evaluations.review_queries.sheet import (  # noqa: F401  (the package's public reads)
    TIER_LABELS,
    Heading,
    IndicatorRow,
    TierCell,
    clarifications_of,
    evidence_url,
    indicator_nodes,
    linked,
    review_row,
    review_sheet,
    team_of,
    writing_tier,
)
from nyata.evaluations.review_queries.verification import (  # noqa: F401  (the package's public reads)
    VerificationGroup,
    VerificationRow,
    area_indicators,
    get_assessment_to_verify,
    verification_row,
    verification_sheet,
    verification_work,
    verifications_waiting,
)
from nyata.evaluations.review_queries.work import (  # noqa: F401  (the package's public reads)
    PeriodRow,
    TeamWork,
    get_team_member,
    period_rows,
    team_candidates,
    team_page_rows,
    team_work,
)
