"""Demo submission MC-XT5B-07QG: Data-Informed Decision Making (pilot version), an
intermediate school assistant principal.

The pilot credential has four parts with minimums of their own (narrative 800, written
analysis 750, reflection and dissemination plan 400): the bundle carries three narrative parts
and a portfolio, all above their minimums.
"""

# ruff: noqa: E501  (prose and page markup: one paragraph per line)

from __future__ import annotations

from assessor_app.domain.model import Citation, Evidence, NarrativePart, NarrativeSection
from assessor_app.portal.demo_content.credentials import DIDM, DIDM_RUBRIC
from assessor_app.portal.demo_content.spec import BarChart, Document, Page, Series, Submission

# --- responsive narrative --------------------------------------------------------------------
_Q1 = """Our intermediate school serves about 540 students in grades 4 to 6. I am the assistant principal responsible for instruction, and I lead the school's data team: the principal, the math and reading coaches, a counselor and one teacher from each grade.

We look at four kinds of data on a fixed calendar. Achievement data come from the common unit assessments that grade-level teams give every four to six weeks in math and reading, and from the state tests once a year. Attendance data come every week from the office, and we pay particular attention to chronic absence, meaning a student who has missed ten percent or more of school days so far. Perception data come from a short student survey each quarter about belonging and about how students see their own learning. Program data tell us who is receiving which intervention and how often it actually happens.

The data team meets every other Thursday. Grade-level teams meet with a coach in a data block in the weeks between, so that every team looks at its own unit results within a week of giving the assessment. I try hard to keep these meetings about a small number of questions. A data meeting that looks at everything usually decides nothing. Before each data team meeting I send out the one or two questions we will work on and the displays we will use, so that people arrive having already looked."""

_Q2 = """In October our grade 5 teams gave the common assessment for the fractions unit. The usual response to a weak unit result in our school had been to move on and hope the skill came back in review. This time the data team used our protocol to look at the item-level results, and the picture was more specific than "fractions are hard". Most students could add fractions with the same denominator. Fewer than half could explain why two fractions were equivalent, and that gap was behind most of the other errors.

That changed the decision. Instead of re-teaching the whole unit, the teams re-taught equivalent fractions for eight days in small groups, using area models, while the rest of the class continued. We agreed in advance to check with a short re-assessment after three weeks and with the next unit assessment. At the check, the share of students at mastery on equivalence items had risen from 44 to 71 percent. The decision and the data behind it are in our decision log, together with the date we agreed to look again, which is a habit I want every team to keep. The same cycle later led us to a very different decision about attendance in grade 4, where the data pointed away from instruction altogether and towards whether students felt they belonged."""

_Q3 = """Teachers become confident users of data by using it on questions they care about, in a setting where not knowing something is normal. I start with the display itself. Many of our teachers were never taught to read a data display critically, so in our first professional development session we practised with five questions: what is being measured, who is included and who is missing, what the scale is, what comparison is being made, and what the display cannot tell us. We used our own school's charts, including one of mine with a misleading scale.

After that, the coaching happens in the data blocks. I model the cycle we use: start with a question, look at the evidence, decide on an action, and agree when to check. At first I led the cycle; by the second semester teacher leaders were leading it, and I listened. Teams also have tools: spreadsheet templates for unit results, a one-page planning sheet for small-group re-teaching, and protected time, because asking teachers to analyse data without time to do it sends the message that it is an extra."""

_Q4 = """High expectations and safe conversations are not in tension if people trust that the data will be used to help students rather than to judge adults. Our norms for data conversations say this plainly: we talk about students and practices, not about whose class is better; every result is discussed with its context; and nobody's data are shared outside the team without their agreement.

At the same time, we set targets and we make them public. Each grade level has a target for the share of students at mastery on unit assessments and a target for chronic absence, and the targets are posted in the staff room next to the current results. When a team misses a target, we examine it openly, asking what we tried, what the evidence says about why it did not work, and what we will try next. When a team meets one, we celebrate it at the staff meeting. Holding both of these together is the part of my job I find hardest and most important. When grade 6 attendance did not move this winter, the team was frustrated, and I was tempted to push for a quick fix. Instead we went back to the data by day of the week, which is slower but honest."""

# --- written analysis ------------------------------------------------------------------------
_ANALYSIS = """My portfolio contains four documents: the data team's protocol and meeting notes from three cycles, a set of dashboard slides we show staff each quarter, the decision log, and our data-use plan for the year. Taken together, they show a school that has moved from collecting data to using it on a regular cycle. They also show the limits of what we have done so far.

The strongest evidence is in the meeting notes. The three cycles show the same protocol used each time, notice, wonder, decide and check, and they show that decisions are tied to specific evidence. In cycle 1 the team noticed that students could add fractions with like denominators but not explain equivalence; it wondered whether the gap was conceptual or procedural, decided on eight days of small-group re-teaching with area models, and set a check date. In cycle 2 the notes record the check: mastery on equivalence items rose from 44 to 71 percent. That closing of the loop is what I most wanted to build, and the notes show it happening rather than just being planned.

The decision log supports this. It records nine decisions since September, each with the question, the data used, the decision, the owner and the check date. Reading it as a whole, I notice that most decisions are about instruction in math, a few are about attendance, and none are about reading. That imbalance is real. Our reading assessments are given less often and are harder to analyse at the item level, so the data team has drifted towards the subject where the data are easiest to use. The plan for next year addresses this by adding a reading cycle in each quarter.

The portfolio also shows who is doing the analysis, and that has changed over the year. The cycle 1 and cycle 2 notes were written while I facilitated. The cycle 3 notes were led by a teacher leader, and they are better: the wonder step is longer, the questions are sharper, and the decision about belonging and attendance is one I would not have reached on my own. If the portfolio is evidence of anything beyond the protocol itself, it is that the protocol can be handed over.

The dashboard slides show the range of data we use. Slide 2 lists four kinds of measures, and the later slides show achievement and attendance side by side. What the portfolio shows less well is perception data. We collect the student survey each quarter, but it appears only once in the meeting notes, in cycle 3, when the team used it to understand why chronic absence was concentrated in grade 4. I would like students' own view of their learning to be part of every cycle, not an occasional extra.

The coaching evidence is mixed in an interesting way. The handout on reading a data display and the notes from the data blocks show that teachers have learned a shared way of questioning data. The team self-assessment at the end of the notes shows growth in confidence, especially in interpreting item-level results. But it also shows that teachers are less confident in choosing an action than in analysing a result. That matches what I saw: teams became good at describing a problem and slower to agree on what to do. In the second semester I started bringing a short menu of research-based responses to the data blocks, which seemed to help, but the portfolio does not yet show its effect.

On culture, the targets slide and the celebrations slide show that we make expectations public and that we talk openly about targets we missed. The norms for data conversations, which are at the top of the protocol, are the piece of the portfolio I would point to for safety. I have evidence that teachers follow them in meetings, but I do not have direct evidence that teachers feel safe. Next year's plan adds two questions about this to the staff survey.

Finally, the data-use plan links each strategy to a need from the data and gives each an owner, a timeline and a checkpoint. Its adjustment rule, which says that a strategy that shows no movement at two checkpoints is changed or stopped, is the part I am proudest of, because it commits us in advance to act on disappointing results.

One more gap is worth naming. Almost all of the decisions in the log are about groups of students in one grade. We have not yet used the cycle for schoolwide questions, such as how we schedule intervention time or how we group students, where the decisions are harder and affect more adults.

Overall, the portfolio shows a working cycle of inquiry, led increasingly by teachers, with clear gaps in reading data and in perception data."""

# --- reflection and dissemination ------------------------------------------------------------
_REFLECTION = """Two years ago I would have described myself as someone who likes data. This pilot has shown me that liking data and leading others to use it well are different skills. The first is about analysis; the second is about time, trust, routines and patience.

The change in my own practice that I value most is that I now decide in advance when and how we will check whether a decision worked. Before, we made thoughtful decisions and then moved on to the next problem. The check date in our decision log is a small thing, but it has changed what our meetings are about: a third of our data team time is now spent looking back at decisions, not only making new ones.

I have also learned to step back. In the first cycle I led the protocol and did most of the talking. By the third, teacher leaders were facilitating and I was taking notes. The discussions were better, because teachers asked questions of one another that they would not have asked me. Letting go of the facilitation was harder than I expected. I had to accept that some meetings would be slower and some decisions different from the ones I would have made, and trust that the check date would tell us whether they worked.

I also learned that safety in data conversations is built in small moments. The most useful thing I did all year may have been showing my own misleading chart in the first professional development session, because it made it normal to be wrong about data in front of colleagues.

To share what I learned beyond my school, I have three plans. First, I will present our protocol and decision log at the district's spring meeting for assistant principals, with a short exercise using anonymised results from our own school. Second, our two teacher leaders and I will host two open data blocks next fall for teams from the other intermediate schools, so that they can watch a real cycle rather than hear about one. Third, I will write a short guide to the five questions for reading a data display, with examples from our charts, and share it through the district's professional learning site. In each case I will ask participants to tell me afterwards what they tried, so that the dissemination has a check date of its own. If what we built only works in our building, with our teacher leaders, then it is not yet a practice; sharing it with other schools is the real test of whether it can travel."""

# --- documents -------------------------------------------------------------------------------
_DATA_TEAM = Document(
    artifact_id="data-team",
    filename="data-team-protocol-and-notes.pdf",
    title="Data team protocol and meeting notes",
    header="Intermediate school (grades 4–6) · data team · protocol and notes",
    accent="#283593",
    pages=(
        Page(
            """# Our data team protocol: notice, wonder, decide, check

## Norms for data conversations

- We talk about students and practices, not about whose class is better.
- Every result is discussed with its context (who was absent, what was taught, what changed).
- Data stay in the team unless the teacher agrees to share them.
- We assume every colleague wants every student to succeed.

## Steps (about 40 minutes)

| Step | Time | Guiding question |
|=2|=1|=6|
| Notice | 10 min | What do we see? Facts only, no explanations yet. |
| Wonder | 10 min | What might explain it? What else would we need to know? |
| Decide | 15 min | What will we do, for which students, starting when, and who owns it? |
| Check | 5 min | When will we look again, and at what evidence? |

The facilitator role rotates; the note-taker records each decision in the decision log.""",
        ),
        Page(
            """# Cycle 1 notes — October

~ Data team and grade 5 teams · data: fractions unit assessment (item level), attendance

## Notice

- 68% of students correct on adding fractions with like denominators.
- 44% correct on items asking why two fractions are equivalent.
- Students who missed the equivalence items missed most comparison items too.

## Wonder

Is the gap conceptual (what equivalence means) or procedural (how to find an equivalent fraction)? Student work samples suggest conceptual: many multiplied only the numerator.

## Decide

Eight days of small-group re-teaching of equivalent fractions with area models for students below mastery, while others continue with the unit. Owners: grade 5 teachers with the math coach.

## Check

Short re-assessment in three weeks; equivalence items on the next unit assessment.""",
        ),
        Page(
            """# Cycle 2 notes — December

~ Data team · data: fractions re-assessment, grade 4 attendance, intervention records

## Question we asked

Did the re-teaching of equivalent fractions work, and for whom?

## Evidence

- Mastery on equivalence items rose from 44% to 71% on the re-assessment.
- Students in the small groups gained more than students who were not, as expected.
- Six students did not move; four of them were absent for three or more of the eight days.

## Action

Keep area models in the next unit. For the six students: individual check-ins with the math coach. New question raised: chronic absence in grade 4 is higher than in grades 5 and 6 (13% of students).

## Check

Next unit assessment in January; attendance reviewed weekly by the counselor.""",
        ),
        Page(
            """# Cycle 3 notes — February

~ Data team led by a teacher leader · data: chronic absence, student survey, unit results

## Notice

- Grade 4 chronic absence fell from 13% to 9% after attendance buddies started in January.
- Student survey: grade 4 students who were chronically absent were much less likely to agree "I have a friend at school".
- Grade 5 equivalence mastery held at 70% on the January unit assessment.

## Wonder

Is belonging, rather than illness, driving part of the absence in grade 4?

## Decide

Extend attendance buddies to all chronically absent students in grade 4 and add a lunch club run by the counselor. Owner: counselor.

## Check

Chronic absence and the survey item again in April.""",
        ),
        Page(
            """# Reading a data display: five questions to ask

~ Handout from the September professional development session

1. **What is being measured?** A unit assessment, a percentage of days, a survey answer? Measured how?
2. **Who is included, and who is missing?** Which students took it? Are absent students counted as zero or left out?
3. **What is the scale?** Does the axis start at zero? Are we looking at counts or percentages?
4. **What comparison is being made?** With last year, with another group, with a target? Is that comparison fair?
5. **What can this display not tell us?** What would we need to look at before deciding anything?

## Practice

In the session, each team used the five questions on three charts from our own school. One chart, made by the assistant principal, started its axis at 60% and made a small change look large; teams found it in less than two minutes.""",
        ),
        Page(
            """# Time and tools for teams

## Thursday data block

Every grade-level team has a Thursday data block of 45 minutes every other week, in the weeks between data team meetings. Specialists cover classes so that the whole team can meet. The math or reading coach attends.

## Tools

| Tool | What it is for |
|=3|=6|
| Unit results template | Spreadsheet that shows item-level results by class and by standard |
| Small-group planning sheet | One page: students, skill, materials, days, check date |
| Decision log | Shared record of every decision, its data and its check date |
| Menu of responses | Short list of research-based re-teaching options by skill (added in January) |

## Team self-assessment, February

Teams rated their confidence in analysing item-level results at 3.9 out of 5 (up from 2.6 in September), and in choosing an action at 3.1 (up from 2.4).""",
        ),
    ),
)

_DASHBOARD = Document(
    artifact_id="dashboard",
    filename="data-dashboard-slides.pdf",
    title="Quarterly data dashboard for staff (slides)",
    header="Intermediate school (grades 4–6) · quarterly data dashboard · staff meeting",
    layout="slides",
    accent="#283593",
    pages=(
        Page("# Where we are: quarterly data dashboard\n\n~ Staff meeting · February"),
        Page(
            """# Multiple measures we use

| Kind | Measure | How often |
|=2|=5|=2|
| Achievement | Common unit assessments in math and reading | Every 4–6 weeks |
| Attendance | Chronic absence (10% or more of days missed) | Weekly |
| Perception | Student survey on belonging and learning | Quarterly |
| Program | Who receives which intervention, and how often | Monthly |""",
        ),
        Page(
            """# Grade 5 fractions: equivalence""",
            chart=BarChart(
                "Students at mastery on equivalence items",
                ("October unit assessment", "November re-assessment", "January unit assessment"),
                (Series("Grade 5", (44, 71, 70)),),
            ),
        ),
        Page(
            """# Chronic absence by grade""",
            chart=BarChart(
                "Students chronically absent",
                ("Grade 4", "Grade 5", "Grade 6"),
                (Series("December", (13, 8, 9)), Series("February", (9, 7, 9))),
                maximum=20,
                step=5,
            ),
        ),
        Page(
            """# Our targets for June

| Target | Now | June target |
|=6|=2|=2|
| Students at mastery on unit assessments, math (all grades) | 64% | 75% |
| Students at mastery on unit assessments, reading (all grades) | 61% | 70% |
| Chronic absence, every grade | 7–9% | below 7% |
| Students who agree "I have a friend at school" | 78% | 85% |""",
        ),
        Page(
            """# Celebrations, and what we are still working on

- Celebrate: grade 5 equivalence mastery from 44% to 71%, and it held in January
- Celebrate: grade 4 chronic absence from 13% to 9% since attendance buddies began
- Still working on: reading targets, where we are furthest behind
- Still working on: grade 6 attendance, which has not moved since December""",
        ),
    ),
)

_LOG = Document(
    artifact_id="decision-log",
    filename="decision-log.pdf",
    title="Data team decision log, September to February",
    header="Intermediate school (grades 4–6) · data team decision log",
    accent="#283593",
    pages=(
        Page(
            """# Decision log

| Date | Question | Data used | Decision | Owner | Check date |
|=2|=4|=4|=5|=2|=2|
| 3 Oct | Why are grade 5 fraction results low? | Unit assessment, item level | Small-group re-teach of equivalence, 8 days | Grade 5 team | 7 Nov |
| 17 Oct | Are intervention groups meeting as planned? | Intervention records | Protect intervention time from assemblies | Principal | 5 Dec |
| 31 Oct | Which grade 6 students need math support? | Unit assessment, teacher notes | Add a second small group twice a week | Math coach | 12 Dec |
| 7 Nov | Did the equivalence re-teach work? | Re-assessment | Keep area models; check-ins for six students | Math coach | 16 Jan |
| 5 Dec | Why is grade 4 chronic absence high? | Attendance, family contacts | Attendance buddies for grade 4 | Counselor | 6 Feb |
| 16 Jan | Did equivalence mastery hold? | Unit assessment | Yes (70%); no further action | Grade 5 team | — |
| 23 Jan | How do teams choose an action? | Team self-assessment | Menu of research-based responses | Assistant principal | 20 Mar |
| 6 Feb | Is belonging linked to grade 4 absence? | Survey, attendance | Extend buddies; counselor lunch club | Counselor | 17 Apr |
| 20 Feb | Why has grade 6 attendance not moved? | Attendance by day of week | Look at Monday and Friday patterns first | Data team | 6 Mar |""",
        ),
        Page(
            """# How we use the log

- Every decision made in a data team meeting or a data block is entered the same day by the note-taker.
- Each entry names the data that supported the decision, so that anyone can see why it was made.
- The first item of every data team meeting is the list of decisions whose check date has passed.
- A decision is closed only when the check has been done and its result entered.

## Decisions checked so far

Of the nine decisions since September, six have reached their check date. Four showed the intended change, one showed no change and was replaced, and one is still being checked.""",
        ),
    ),
)

_PLAN = Document(
    artifact_id="data-plan",
    filename="data-use-plan.pdf",
    title="Data-use plan for the school year",
    header="Intermediate school (grades 4–6) · data-use plan",
    accent="#283593",
    pages=(
        Page(
            """# Data-use plan

## Needs identified in the data

| Need | Evidence | Strategy |
|=4|=5|=5|
| Math concepts are weaker than procedures | Item-level unit results, grade 5 fractions | Inquiry cycle on every unit assessment; small-group re-teaching |
| Reading decisions rarely use data | Decision log: no reading decisions in the fall | A reading inquiry cycle each quarter with the reading coach |
| Chronic absence is concentrated in grade 4 | Weekly attendance | Attendance buddies and a counselor lunch club |
| Teachers are less confident choosing actions than analysing | Team self-assessment | Menu of research-based responses in data blocks |""",
        ),
        Page(
            """# Timeline and owners

| Strategy | When | Owner |
|=5|=4|=3|
| Data team meetings (notice, wonder, decide, check) | Every other Thursday, all year | Assistant principal; teacher leaders facilitate from January |
| Data blocks for grade-level teams | Weeks between data team meetings | Math and reading coaches |
| Reading inquiry cycle | One per quarter from January | Reading coach |
| Attendance buddies and lunch club | From January | Counselor |
| Menu of responses | From January, revised in June | Assistant principal |
| Quarterly dashboard at the staff meeting | November, February, April, June | Data team |""",
        ),
        Page(
            """# Checkpoints and adjustment rule

| Checkpoint | Measures |
|=2|=6|
| November | Unit results, chronic absence, intervention records |
| February | Same, plus student survey and team self-assessment |
| April | Same as February |
| June | State test results, year review of the decision log |

## Adjustment rule

A strategy that shows no movement on its measure at two checkpoints in a row is changed or stopped, and the data team records why in the decision log. A strategy that meets its target is continued and shared at the staff meeting.

## Evaluation

In June the data team compares each measure with its target, reviews how many logged decisions reached their check, and presents both to staff.""",
        ),
    ),
)

# --- portfolio evidence ----------------------------------------------------------------------
_EVIDENCE = (
    Evidence(
        "didm-1.1",
        (Citation("dashboard", page=2, note="“Multiple measures we use”"),),
        "Slide 2, “Multiple measures we use”, shows the four kinds of data we look at and how "
        "often: unit assessments, chronic absence, the student survey and intervention "
        "records. Cycle 3 of the notes shows them used together.",
    ),
    Evidence(
        "didm-1.2",
        (
            Citation("data-team", page=1, note="Protocol, “notice, wonder, decide, check”"),
            Citation("data-team", page=2, note="“Cycle 1 notes”"),
        ),
        "Page 1 is the structured protocol we use in every meeting, “notice, wonder, decide, "
        "check”, with times and guiding questions. The “Cycle 1 notes” on page 2 show the "
        "protocol applied to item-level fractions results with the grade 5 teams.",
    ),
    Evidence(
        "didm-1.3",
        (Citation("decision-log", page=1, page_end=2, note="“Decision log”"),),
        "The “Decision log” records every decision with its question, the data used, an owner "
        "and a check date; page 2 explains how it is kept and how many decisions have been "
        "checked.",
    ),
    Evidence(
        "didm-2.1",
        (Citation("data-team", page=5, note="“five questions to ask”"),),
        "Page 5 is the handout from our September session on reading a data display: “five "
        "questions to ask” of any chart, practised on our own school's charts, including one "
        "of mine with a misleading axis.",
    ),
    Evidence(
        "didm-2.2",
        (Citation("data-team", page=3, note="Cycle 2, “Question we asked”"),),
        "The cycle 2 notes on page 3 are laid out as the inquiry cycle I model: the “Question "
        "we asked”, the evidence, the action and the check, closing the loop on the cycle 1 "
        "decision.",
    ),
    Evidence(
        "didm-2.3",
        (Citation("data-team", page=6, note="“Thursday data block”"),),
        "Page 6 shows the time and tools teams have: a “Thursday data block” of 45 minutes "
        "every other week with classes covered, templates, the decision log and a menu of "
        "responses.",
    ),
    Evidence(
        "didm-3.1",
        (Citation("dashboard", page=5, note="“Our targets for June”"),),
        "Slide 5, “Our targets for June”, shows the measurable targets set with teams, shown "
        "to all staff and posted in the staff room next to current results.",
    ),
    Evidence(
        "didm-3.2",
        (Citation("data-team", page=1, note="“Norms for data conversations”"),),
        "The “Norms for data conversations” at the top of the protocol say that we talk about "
        "practices, not about whose class is better, and that data stay in the team unless the "
        "teacher agrees to share them.",
    ),
    Evidence(
        "didm-3.3",
        (Citation("dashboard", page=6, note="“what we are still working on”"),),
        "Slide 6 celebrates two results in front of all staff and names just as openly "
        "“what we are still working on”: reading, and grade 6 attendance.",
    ),
    Evidence(
        "didm-4.1",
        (Citation("data-plan", page=1, note="“Needs identified in the data”"),),
        "Page 1 of the plan, “Needs identified in the data”, pairs each strategy with the need "
        "and the evidence it came from, including the gap in reading decisions.",
    ),
    Evidence(
        "didm-4.2",
        (Citation("data-plan", page=2, note="“Timeline and owners”"),),
        "Page 2, “Timeline and owners”, gives each strategy a schedule and a responsible person.",
    ),
    Evidence(
        "didm-4.3",
        (Citation("data-plan", page=3, note="“Adjustment rule”"),),
        "Page 3 sets four checkpoints with their measures, the evaluation in June, and the "
        "“Adjustment rule”: no movement at two checkpoints means a strategy is changed or "
        "stopped.",
    ),
)

SUBMISSION = Submission(
    submission_id="MC-XT5B-07QG",
    credential=DIDM,
    rubric=DIDM_RUBRIC,
    summary="Intermediate school assistant principal: data team inquiry cycles "
    "(pilot credential with four parts)",
    narratives=(
        NarrativePart(
            "didm-narrative",
            (
                NarrativeSection("didm-q1", _Q1),
                NarrativeSection("didm-q2", _Q2),
                NarrativeSection("didm-q3", _Q3),
                NarrativeSection("didm-q4", _Q4),
            ),
        ),
        NarrativePart("didm-analysis", (NarrativeSection(None, _ANALYSIS),)),
        NarrativePart("didm-reflection", (NarrativeSection(None, _REFLECTION),)),
    ),
    documents=(_DATA_TEAM, _DASHBOARD, _LOG, _PLAN),
    evidence=_EVIDENCE,
    created="2026-11-02T11:10:00Z",
    due="2026-12-07",
    features=("pilot-parts", "page-range-citation"),
)
