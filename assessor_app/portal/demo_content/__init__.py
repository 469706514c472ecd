"""Demo content for the reference portal: three micro-credentials and five anonymized
submissions, written for this project (modelled on the structure of school-leadership
micro-credential programs, not copied from any program's documents).

Text lives here as data; :mod:`assessor_app.portal.demo` renders the PDFs and writes the
bundles. No content names a real person, a candidate or a school: people appear by role
("our assistant principal", "a grade 7 team").
"""

from __future__ import annotations

from assessor_app.portal.demo_content import (
    elementary_relationships,
    high_school_communication,
    intermediate_data_pilot,
    k8_first_year_communication,
    middle_school_norms,
)
from assessor_app.portal.demo_content.credentials import CREDENTIALS
from assessor_app.portal.demo_content.spec import Submission

SUBMISSIONS: tuple[Submission, ...] = (
    middle_school_norms.SUBMISSION,
    elementary_relationships.SUBMISSION,
    high_school_communication.SUBMISSION,
    k8_first_year_communication.SUBMISSION,
    intermediate_data_pilot.SUBMISSION,
)

__all__ = ["CREDENTIALS", "SUBMISSIONS", "Submission"]
