"""Citations that point past the end of their artifact.

Such a citation is the candidate's mistake, not a hostile bundle: the bundle is accepted and
the problem is shown beside the citation so the assessor can judge with it in view.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessor_app.domain.model import Artifact, Citation, Manifest, format_timestamp


@dataclass(frozen=True)
class CitationProblem:
    detail_id: str
    citation: Citation
    message: str


def citation_problem(citation: Citation, artifact: Artifact) -> str | None:
    """A one-line description of what is wrong with ``citation``, or None when it is usable."""
    if citation.page is not None:
        if artifact.page_count is None:
            return f"cites {citation.locator()} of {artifact.title}, which has no pages"
        last = citation.last_page or citation.page
        if citation.page > artifact.page_count or last > artifact.page_count:
            return (
                f"cites {citation.locator()} but {artifact.title} has only "
                f"{artifact.page_count} page{'s' if artifact.page_count != 1 else ''}"
            )
    if citation.start_ms is not None:
        if artifact.duration_ms is None:
            return f"cites {citation.locator()} in {artifact.title}, which is not timed media"
        end = citation.end_ms if citation.end_ms is not None else citation.start_ms
        if citation.start_ms > artifact.duration_ms or end > artifact.duration_ms:
            return (
                f"cites {citation.locator()} but {artifact.title} ends at "
                f"{format_timestamp(artifact.duration_ms)}"
            )
    return None


def citation_problems(manifest: Manifest) -> list[CitationProblem]:
    """Every citation in the manifest that cannot be followed as written."""
    problems: list[CitationProblem] = []
    for evidence in manifest.evidence:
        for citation in evidence.citations:
            artifact = manifest.artifact(citation.artifact_id)
            if artifact is None:  # the reader rejects these; kept total for direct callers
                message = f"cites an artifact ({citation.artifact_id}) that is not in the bundle"
            else:
                found = citation_problem(citation, artifact)
                if found is None:
                    continue
                message = found
            problems.append(CitationProblem(evidence.detail_id, citation, message))
    return problems
