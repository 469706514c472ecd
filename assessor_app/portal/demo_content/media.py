"""The committed demo recordings in ``resources/media`` and what happens when in each.

The timings are the ones ``resources/media/make_media.sh`` builds the files with; the video
burns in a running timecode and a "Scene n of 5" label, so anyone can check that a cited time
lands on the scene the citation talks about.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    start_ms: int
    end_ms: int
    label: str


STAFF_MEETING_VIDEO = "staff_meeting_norms.webm"
STAFF_MEETING_DURATION_MS = 40_003
STAFF_MEETING_SCENES = (
    Segment(0, 6_000, "Staff meeting — opening"),
    Segment(6_000, 16_000, "Norms check-in — agenda item 2"),
    Segment(16_000, 24_000, "Grade 7 team share-out — agenda item 3"),
    Segment(24_000, 34_000, "Open office hours — agenda item 4"),
    Segment(34_000, 40_000, "Closing — exit ticket"),
)

PROTOCOL_AUDIO = "conversation_protocol_practice.ogg"
PROTOCOL_DURATION_MS = 50_006
PROTOCOL_SEGMENTS = (
    Segment(0, 10_000, "Step one: name the purpose"),
    Segment(10_000, 20_000, "Purpose stated without blame"),
    Segment(20_000, 30_000, "Step two: listen, then paraphrase"),
    Segment(30_000, 40_000, "Step three: shared interest in students"),
    Segment(40_000, 50_000, "Step four: one next step and a check-in date"),
)

MEDIA_SEGMENTS: dict[str, tuple[Segment, ...]] = {
    STAFF_MEETING_VIDEO: STAFF_MEETING_SCENES,
    PROTOCOL_AUDIO: PROTOCOL_SEGMENTS,
}
