"""The sample submission finalized two ways, for the results tests.

The lead's record below carries what must never leave the workstation in a result: the two
assessors' names, their blind comments and the lead's rationale. Tests build the final result
the way a caller does (level and feedback only) and then look for these strings in every
output.
"""

from __future__ import annotations

FINALIZED_AT = "2026-11-20T10:15:00Z"

ASSESSOR_NAMES = ("Ingrid Vasquez-Oyelaran", "Tomasz Kowalczyk-Brandt")
RATIONALE = "Rationale: assessor two overlooked the minutes on p. 4, so I side with one."
BLIND_COMMENT = "Blind comment from the first assessor, never for the candidate."

# target -> (level, feedback for the candidate, rationale only the lead and auditors see)
LEAD_EARNED = {
    "part1": ("P", "A clear overview: the “why” comes through, and the café example works.", ""),
    "part3": ("P", "", RATIONALE),
    "eo1.1": ("P", "Norms co-written with staff — shown on the agenda.", ""),
    "eo1.2": ("P", "Modelled in both meetings; the minutes make it plain.", RATIONALE),
    "eo2.1": ("P", "Feedback collected monthly, as planned.", ""),
}
LEAD_NOT_YET = {
    "part1": ("P", "A clear overview.", ""),
    "part3": ("N", "Write the reflection again at the required length, with examples.", ""),
    "eo1.1": ("P", "", ""),
    "eo1.2": ("N", "Show the norms in use during a meeting, not only on the agenda.", RATIONALE),
    "eo2.1": ("P", "Good schedule.", ""),
}

SECRETS = (*ASSESSOR_NAMES, RATIONALE, BLIND_COMMENT)


def judgments(lead: dict[str, tuple[str, str, str]]) -> dict[str, tuple[str | None, str]]:
    """What a caller hands to final_result: level and feedback, nothing else."""
    return {target: (level, feedback) for target, (level, feedback, _why) in lead.items()}


# What the two assessors said blind, by name: the lead saw it, the candidate never does.
BLIND_SCORES = {
    ASSESSOR_NAMES[0]: {"eo1.2": ("P", BLIND_COMMENT)},
    ASSESSOR_NAMES[1]: {"eo1.2": ("N", "Not shown in a meeting.")},
}
