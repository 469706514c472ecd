"""What leaves the workstation once a lead assessor has finalized a submission.

* :mod:`.final`: the :class:`~.final.FinalResult` every output is made from.
* :mod:`.feedback_report`: the candidate's feedback report as PDF (imports PyMuPDF when called).
* :mod:`.csv_export`: one CSV row per submission and rubric target, for program records.
* :mod:`.open_badges`: an unsigned Open Badges 3.0 credential for an earned submission.

None of them carries an assessor's name, a lead's rationale or when a single judgment was
made; see docs/results-out.md. Importing this package imports none of the submodules.
"""
