"""Demo submission MC-7K2Q-91PX: Building Internal Relationships, a middle school principal.

Strong submission: Part 1 and Part 3 above their minimums, five PDFs and the staff meeting
video (three citations into it, each inside the scene it talks about).
"""

# ruff: noqa: E501  (prose and page markup: one paragraph per line)

from __future__ import annotations

from assessor_app.domain.model import Citation, Evidence, NarrativePart, NarrativeSection
from assessor_app.portal.demo_content.credentials import BIR, BIR_RUBRIC
from assessor_app.portal.demo_content.media import (
    STAFF_MEETING_DURATION_MS,
    STAFF_MEETING_VIDEO,
)
from assessor_app.portal.demo_content.spec import (
    BarChart,
    Document,
    Media,
    Page,
    Series,
    Submission,
)

# --- Part 1 ----------------------------------------------------------------------------------
_Q1 = """When I arrived at this middle school three years ago, the staff meeting norms were printed on a poster in the library, and nobody could tell me where they had come from. Meetings ran long, the same handful of voices carried every discussion, and teachers told me in private that they disagreed with decisions they had voted for in the room. My first priority was not to write better norms for the staff. It was to give the staff a way to write their own and to hold one another to them.

At the opening meeting of this year each grade-level team and the specials team proposed norms on chart paper. We ended up with seventeen drafts, and a dot vote narrowed them to five that are short enough to remember: start and end on time; one conversation at a time; assume positive intent; disagree with ideas, not people; and decisions are shared in writing within two days.

The structure that matters more than the list is the check-in. Every six weeks each team rates every norm green, yellow or red before the meeting, and the first agenda item is whatever is not green. I put structures like this first because trust grows out of repeated, predictable experiences rather than out of statements. A norm that is never revisited turns into wallpaper. A norm that is rated and discussed in the open becomes a shared commitment that anyone, not only the principal, can call on."""

_Q2 = """Adults and students watch what a principal does much more closely than what a principal says, so I try to model three things without exception.

The first is keeping my word on small things. If I say a decision will be in the staff bulletin within two days, it is there, and when I miss a deadline I say so before someone has to ask.

The second is separating the person from the problem. When a parent complaint or a discipline incident reaches my desk, I begin by asking the teacher what happened and what they need, not by implying that they caused it. Teachers who expect to be blamed stop telling you things early, and early is when problems are small.

The third is treating disagreement as a contribution. In October two teams rated our norm about assuming positive intent as yellow. It would have been easy to note it and move on. Instead we gave it ten minutes, and a grade 7 teacher explained that conversations in the parking lot after meetings were quietly undoing decisions made during them. Thanking that teacher in front of colleagues did more for safety in the room than any poster could have done.

With students the same principles hold. I greet students by name at the front doors most mornings, I state high expectations out loud and often, and when I have to correct a student I do it privately and then find the student again later in the day to reconnect."""

_Q3 = """In my experience, clear channels are mostly a matter of predictability. Staff know that I am in classrooms on Tuesday and Thursday mornings, that my office is open without an appointment on Wednesdays from three to four, and that a question sent through our staff question form gets an answer within two school days. Predictability lowers the cost of speaking up: a first-year teacher does not have to wonder whether a concern is important enough to interrupt the principal.

We also made information travel back. The weekly staff bulletin now carries a standing section called "You said, we did" that reports what happened to suggestions raised in meetings, on the question form and on the parking lot. When the answer is no, the section says why.

For students, advisory is the main channel. Every student meets with the same adult twice a week, and advisers pass concerns to the counselors and to me through a shared check-and-connect list. Families hear from advisers at least once a quarter with something positive, not only when there is a problem. None of these channels is new in itself. What changed is that each one has an owner, a schedule and a promise about response time, so people can rely on it."""

_Q4 = """I keep learning as a leader in three ways. I ask for feedback on my own leadership twice a year through the staff climate survey, and I share the results with staff, including the items that went down. I meet monthly with a leadership coach from outside the district and bring specific problems rather than general updates; this year we have worked on how I respond when I feel defensive in a meeting. And I read with the leadership team. This fall we read about psychological safety in teams and used what we learned to redesign how staff meetings run, which is where the go-round protocol and the parking lot came from.

For school improvement the practice I rely on most is the short cycle. We set a goal, pick one or two strategies, agree in advance on what evidence we will look at and when, and then we actually look at it together. The six-week norms check-in is one such cycle and the student advisory survey is another. Collaborative leaders make their own learning visible, because a principal who admits to working on something gives teachers permission to do the same."""

_Q5 = """Relationships decide whether a decision survives contact with Monday morning. Three years ago the staff adopted a new homework policy in a meeting where nobody objected, and within a month half of the teachers had quietly stopped following it. The policy was not the problem. The problem was that people did not believe disagreement was welcome, so they stayed silent in the room and voted with their feet afterwards.

This year, when our grade 7 team proposed a rotating advisory schedule, we put it on the parking lot, asked every team to discuss it, and used a go-round at the next meeting so that every person spoke once before anyone spoke twice. The final decision kept the grade 7 proposal with a change suggested by the specials team, and it has held.

When relationships are strong, people bring problems forward early, they trust the data we share with them, and they are willing to try something new and report honestly when it is not working. That honesty is what makes continuous improvement possible. Without it an improvement plan is a document on a shelf; with it, the plan becomes a set of commitments that people actually keep."""

# --- Part 3 ----------------------------------------------------------------------------------
_REFLECTION = """This year I set out to rebuild the working relationships in a school where people were polite to one another but did not trust that speaking up was worth the risk. Looking back over the portfolio, the four outcomes turned out to be one piece of work seen from four sides.

With students, the change I am proudest of is advisory. Every student now has one adult who sees them twice a week and follows up when grades, attendance or referrals slip. The check-and-connect list gave advisers and counselors a common place to notice students early, and the positive postcards gave families a reason to hear from us that had nothing to do with a problem. On the February survey the share of students who said at least one adult at school knows them well rose from 58 to 77 percent. My own lunch groups taught me more about the building than any walkthrough: students told me which hallways felt unsafe and which rules made no sense to them, and two of those rules changed.

With staff, visibility mattered less than predictability. Teachers did not need to see me everywhere; they needed to know when and where they could find me, and they needed answers when they asked. Publishing the visit schedule and the office hours, and promising a reply to the question form within two school days, did that. I kept the log of response times because I did not trust my own impression of how responsive I was, and the log showed me that I was slowest with questions about scheduling, so I delegated those to our assistant principal with a clear turnaround.

The norms work taught me the most about myself. I had to sit with yellow ratings, and with the grade 7 team's proposal to change an advisory schedule I had designed, without defending my own work. The parking lot and the go-round protocol slowed decisions down by a week or two, and in exchange the decisions held. The "You said, we did" section of the bulletin is now the part staff tell me they read first. Watching the recording of the October meeting was humbling in a useful way: I talked for most of the opening and the office-hours item, and the best minutes of the meeting were the ones in which a teacher team presented and I said nothing.

Writing the plan forced me to say in advance what would count as success and what would make me change course. That is uncomfortable, because it means the data can tell you that you were wrong. The survey comments did exactly that for one strategy. In September teachers described my walkthrough feedback as vague, so in November we rebuilt the note around one strength, one next step and one question. In February they called it specific and usable but late, so notes now go out within 48 hours.

Next year I will keep the six-week check-in, hand the facilitation of staff meetings fully to the two teacher leaders who started in January so that the norms do not depend on me, and extend the advisory follow-up to families who do not read English by working with our family liaison. The skill I most want to keep practising is the one this micro-credential named for me: building structures that make it safe and normal for people to disagree with me, and then showing them that it made a difference."""

# --- documents -------------------------------------------------------------------------------
_MEETINGS = Document(
    artifact_id="minutes",
    filename="staff-meeting-agendas-minutes.pdf",
    title="Staff meeting agendas and minutes, fall term",
    header="Middle school (grades 6–8) · staff meetings · fall term",
    accent="#1F3A5F",
    pages=(
        Page(
            """# Staff Meeting Agenda — 9 September

~ Library · 3:15–4:30 pm · Facilitator: principal · Note-taker: instructional coach

| Time | Item | Purpose | Lead |
|=1|=4|=2|=2|
| 3:15 | Welcome and the year's focus: how we work together | Inform | Principal |
| 3:25 | Drafting our meeting norms: each team proposes norms on chart paper | Decide | All teams |
| 3:55 | Dot vote and discussion: which five norms do we adopt for a trial? | Decide | Principal |
| 4:10 | Advisory launch: groups, rooms and the first ten days | Inform | Counselor |
| 4:25 | Exit ticket: one question you still have | Reflect | All |

## Preparation

- Read the one-page summary of last spring's staff survey (in your mailbox).
- Bring one example of a meeting, at this school or elsewhere, that went well, and why.

> Norms adopted today are a trial. We will check how they are working every six weeks.""",
        ),
        Page(
            """# Minutes — 9 September

~ 42 of 44 staff present · Minutes posted in the staff bulletin on 10 September

## Item 2: Drafting our meeting norms

Six teams (grades 6, 7 and 8, specials, student services, paraprofessionals) worked for twenty minutes. Teams proposed 17 draft norms, which the note-taker grouped on the wall. Several drafts overlapped, for example three different wordings about side conversations.

## Item 3: Dot vote

Each person had three dots. The five norms with the most dots were adopted for a trial:

1. Start and end on time.
2. One conversation at a time.
3. Assume positive intent.
4. Disagree with ideas, not people.
5. Decisions are shared in writing within two days.

Discussion: the paraprofessionals' team asked that norm 5 include decisions made in leadership team meetings, not only staff meetings. Agreed.

> Decision: the five norms are adopted for a trial. Every six weeks each team will rate each norm green, yellow or red; the first agenda item of that meeting is the norms check-in.

## Item 4: Advisory launch

Counselor reviewed group lists. Questions about rooms for two groups will be answered in the bulletin by Friday.""",
        ),
        Page(
            """# Staff Meeting Agenda — 14 October

~ Library · 3:15–4:15 pm · Facilitator: principal · This meeting is recorded for the principal's portfolio; the recording is not shared outside the school.

| Time | Item | Purpose | Lead |
|=1|=4|=2|=2|
| 3:15 | Opening: purpose of today's meeting | Inform | Principal |
| 3:20 | Agenda item 2 — norms check-in: team ratings, then discussion of any norm not rated green | Reflect | All teams |
| 3:35 | Agenda item 3 — grade 7 team share-out: proposal for a rotating advisory schedule | Discuss | Grade 7 team |
| 3:55 | Agenda item 4 — open office hours and classroom visit schedule for the next six weeks | Inform | Principal |
| 4:05 | Closing — one-word exit ticket | Reflect | All |

## Before the meeting

Each team submits its green / yellow / red ratings of the five norms on the form by noon on Monday.""",
        ),
        Page(
            """# Minutes — 14 October

~ 40 of 44 staff present · Posted in the staff bulletin on 15 October

## Item 2: Norms check-in

| Norm | Green | Yellow | Red |
|=5|=1|=1|=1|
| 1. Start and end on time | 6 | 0 | 0 |
| 2. One conversation at a time | 5 | 1 | 0 |
| 3. Assume positive intent | 4 | 2 | 0 |
| 4. Disagree with ideas, not people | 6 | 0 | 0 |
| 5. Decisions shared in writing within two days | 5 | 1 | 0 |

Two teams rated norm 3 yellow. The grade 7 team explained that side conversations after meetings were reopening decisions. Agreed: concerns raised after a meeting go on the parking lot, not into the hallway.

## Item 3: Grade 7 share-out

The grade 7 team proposed a rotating advisory schedule so that advisory does not always take time from the same class period. The proposal was placed on the parking lot; every team will discuss it and bring questions to the November meeting.

## Item 4: Visibility schedule

Classroom visits continue on Tuesday and Thursday mornings. Office hours: Wednesdays 3:00–4:00 pm, no appointment needed.""",
        ),
        Page(
            """# Staff Meeting Agenda — 11 November

~ Library · 3:15–4:15 pm · Facilitator: instructional coach (first meeting led by a teacher leader)

| Time | Item | Purpose | Lead |
|=1|=4|=2|=2|
| 3:15 | Parking-lot follow-up: rotating advisory schedule, go-round then decision | Decide | Coach |
| 3:45 | Data look: first-quarter attendance and course failures by grade | Discuss | Assistant principal |
| 4:05 | "You said, we did": what happened to October's suggestions | Inform | Principal |
| 4:12 | Exit ticket | Reflect | All |

## Protocol for item 1

We will use the go-round protocol on the handout at the back of this packet. Please read the grade 7 proposal and the comments from your team before the meeting.""",
        ),
        Page(
            """# Minutes — 11 November

~ 43 of 44 staff present · Posted in the staff bulletin on 12 November

## Item 1: Rotating advisory schedule

Go-round completed: every person spoke once before anyone spoke twice. Main concern, raised by the specials team: a weekly rotation would confuse students. Suggested change: rotate every nine weeks instead of weekly.

> Decision: the rotating advisory schedule is adopted from January with the specials team's change (rotation every nine weeks). The grade 7 team will draft the rotation calendar.

## Item 2: Data look

First-quarter course failures are down in grade 6 and flat in grades 7 and 8. Teams will look at their own lists in the next team meeting.

## Item 3: You said, we did

- You said side conversations were reopening decisions. We did: a parking lot on the staff board and on the question form.
- You said decisions from leadership team meetings were not reaching everyone. We did: leadership team notes now appear in the bulletin.
- You said Wednesday office hours clash with sports. We did: a second slot on Monday mornings, 7:30–8:00.""",
        ),
        Page(
            """# Handout: the go-round protocol

~ Adapted by the leadership team for our staff meetings · about 20 minutes for 40 people

## Why we use it

In an open discussion the fastest and most confident speakers set the direction. A go-round gives every person one turn before the discussion opens, so quieter colleagues and people who disagree are heard before the room has settled on an answer.

## Steps

1. The facilitator states the question in one sentence and writes it where everyone can see it.
2. One minute of silent thinking and writing.
3. Go-round: every person speaks once before anyone speaks twice. Passing is allowed; the facilitator comes back to people who passed at the end.
4. The note-taker records each point, not each name.
5. Open discussion, starting with the points raised by only one or two people.
6. Last word: the facilitator asks, "Is there a view we have not heard?"

## Facilitator reminders

- Do not respond to each speaker; thank them and move on.
- Minority views are written down word for word.""",
        ),
        Page(
            """# Parking lot log — fall term

~ Kept by the instructional coach · reviewed at the start of each staff meeting

| Date raised | Idea or concern | Raised by | Status | Response |
|=2|=5|=2|=2|=5|
| 14 Oct | Rotating advisory schedule | Grade 7 team | Decided | Adopted from January, rotation every nine weeks (11 Nov) |
| 14 Oct | Side conversations reopen decisions | Two teams | Done | Parking lot on staff board and question form |
| 21 Oct | Office hours clash with sports | Question form | Done | Added Monday 7:30–8:00 slot |
| 28 Oct | Too many duplicate emails from the office | Question form | In progress | One weekly bulletin; urgent items only by email |
| 4 Nov | Hallway duty uneven across teams | Specials team | Not adopted | Duty rota already balanced by minutes; table shared in bulletin |
| 9 Nov | Student voice in advisory topics | Student services | Open | Advisory council to propose topics in December |

> Every entry gets a response in the bulletin, including the ideas we did not adopt and why.""",
        ),
    ),
)

_SURVEY = Document(
    artifact_id="survey",
    filename="climate-survey-summary.pdf",
    title="Staff and student climate survey summary",
    header="Middle school (grades 6–8) · climate surveys · September and February",
    accent="#2E6B4F",
    pages=(
        Page(
            """# Climate survey summary

~ Prepared for the leadership team and shared with all staff · anonymous surveys, no individual answers reported

## What we asked and when

We run two short climate surveys each year, one for staff and one for students, in the third week of September and again in the second week of February. Each has twelve agreement items and two open questions. Results are reported only for groups of ten or more people.

| Survey | September responses | February responses |
|=3|=2|=2|
| Staff (44 staff) | 41 (93%) | 43 (98%) |
| Students, grades 6–8 (618 students) | 552 (89%) | 571 (92%) |

## How to read the charts

Each bar shows the share of respondents who chose "agree" or "strongly agree". Items were chosen with the leadership team to match the goals in our relationship-building plan.""",
        ),
        Page(
            """# Staff results: access and voice""",
            chart=BarChart(
                "Staff who agree or strongly agree",
                (
                    "I can raise a concern with the principal without worry",
                    "I know when and where I can find the principal",
                    "My questions get an answer in reasonable time",
                    "Staff meetings are a good use of my time",
                    "My ideas are heard even when others disagree",
                ),
                (
                    Series("September", (48, 41, 52, 39, 46)),
                    Series("February", (71, 88, 84, 63, 72)),
                ),
            ),
            after="""The largest change is in knowing when and where to find the principal (41% to 88%), which followed the published visit schedule and office hours. Meetings remain the lowest item and are a focus for the second half of the year.""",
        ),
        Page(
            """# Student results: being known""",
            chart=BarChart(
                "Students who agree or strongly agree",
                (
                    "At least one adult at school knows me well",
                    "Adults here expect me to do my best work",
                    "I know what is expected of me in the hallways",
                    "If I had a problem I know who I would tell",
                ),
                (
                    Series("September", (58, 74, 66, 61)),
                    Series("February", (77, 81, 85, 79)),
                ),
            ),
            after="""Baseline from September: only 58% of students said at least one adult at school knows them well, and results were lowest in grade 7 (51%). This baseline is the starting point of goal 1 in the relationship-building plan.""",
        ),
        Page(
            """# Open-ended comments: themes

~ Staff question: "What is one thing that would make working here better?" · coded by two members of the leadership team

| Theme | September mentions | February mentions | Example comment (paraphrased) |
|=4|=2|=2|=6|
| Decisions change after meetings | 14 | 3 | "We agree on something, then it is different by Friday." |
| Not sure how to reach the principal | 11 | 2 | "I never know if dropping by is welcome." |
| Feedback after walkthroughs | 9 | 7 | February: feedback after walkthroughs is specific and usable, but comes late. |
| Workload and duties | 12 | 10 | "Duty rota feels uneven." |
| Student behavior in hallways | 10 | 4 | "Expectations are clearer since the first ten days." |

The walkthrough theme changed in tone but not in number: in February most comments said the feedback was specific and usable, and several asked for it sooner.""",
        ),
        Page(
            """# Next steps agreed with the leadership team

- Keep the published visit schedule and office hours, including the Monday morning slot.
- Feedback after walkthroughs within 48 hours, using the glow / grow / question note.
- Teacher leaders facilitate every other staff meeting through June.
- Staff meetings, still the lowest staff item: shorter agendas, decisions first, information in the bulletin.
- Grade 7: advisers to review the check-and-connect list weekly with the counselor.
- Repeat both surveys in the second week of May.""",
        ),
    ),
)

_PLAN = Document(
    artifact_id="plan",
    filename="relationship-building-plan.pdf",
    title="Relationship-building plan: 30-60-90 days and the year",
    header="Middle school (grades 6–8) · relationship-building plan · current school year",
    accent="#5B3A7A",
    pages=(
        Page(
            """# Relationship-building plan

## Needs assessment

The plan starts from a needs assessment completed in August and September: last spring's staff survey, the September student climate survey, exit tickets from the first staff meeting, and twelve listening conversations with teams.

- Students: only 58% say at least one adult at school knows them well; 51% in grade 7.
- Staff: fewer than half know when and where to find the principal; decisions are often reopened after meetings.
- Meetings: the same few voices dominate; disagreement is voiced in the hallway, not in the room.

## Goals and strategies

| Goal | Strategies |
|=4|=6|
| Goal 1: every student known well by at least one adult | Advisory twice a week with the same adviser; check-and-connect list; principal's lunch groups |
| Goal 2: staff can reach the principal and get answers | Published visit schedule and office hours; question form answered within two school days |
| Goal 3: every voice is heard before decisions | Co-written norms with a six-week check-in; go-round protocol; parking lot with a response for every entry |""",
        ),
        Page(
            """# Implementation timeline

| Phase | Actions | Owner | Milestone |
|=2|=6|=2|=3|
| Days 1–30 (August–September) | Draft norms with staff; launch advisory; publish visit schedule and office hours; September surveys | Principal, counselor | Norms adopted for trial; every student assigned an adviser |
| Days 31–60 (October) | First norms check-in; check-and-connect list live; question form and response log; parking lot opened | Principal, instructional coach | Check-in completed; response log shows replies within two school days |
| Days 61–90 (November) | Go-round protocol for parking-lot decisions; "You said, we did" section in the bulletin; walkthrough feedback note revised | Coach, leadership team | First staff decision made through the parking lot |
| January–March | Teacher leaders facilitate staff meetings; rotating advisory schedule; February surveys | Teacher leaders, grade 7 team | Two meetings led by teachers; survey results shared with staff |
| April–June | Year review with staff; plan for next year drafted with the leadership team | Leadership team | Revised plan presented at the June meeting |""",
        ),
        Page(
            """# Evaluation

Each goal has one main measure, one supporting measure and a stated evaluation method. Targets were set with the leadership team in September.

| Goal | Main measure and target | Supporting measure | Evaluation method |
|=3|=4|=4|=4|
| Goal 1 | Students agreeing "at least one adult knows me well": 58% to 75% by May | Share of students on the check-and-connect list with a follow-up within a week | Compare September, February and May surveys by grade; review the list monthly |
| Goal 2 | Staff agreeing "I can raise a concern without worry": 48% to 70% | Median reply time on the question form | Survey comparison; response log summarised each month |
| Goal 3 | Staff agreeing "my ideas are heard even when others disagree": 46% to 70% | Share of parking-lot entries with a published response | Survey comparison; parking lot log reviewed each meeting |

> Evaluation method: results are shared with all staff, including measures that did not move.""",
        ),
        Page(
            """# Monitoring and adjustment

## Monitoring calendar

| When | What we look at | Who |
|=2|=5|=2|
| Weekly | Check-and-connect list; question-form response log | Counselor, principal |
| Every six weeks | Norms check-in ratings; parking-lot log | All staff, instructional coach |
| Monthly | Summary of the response log and advisory follow-ups | Leadership team |
| February and May | Staff and student climate surveys | Leadership team |

## Adjustment triggers

We agreed in advance on what would make us change a strategy rather than wait for the end of the year:

- Any norm rated yellow or red by three or more teams at two check-ins in a row: the norm is rewritten with staff.
- Median reply time on the question form above two school days for a month: questions are redistributed among administrators.
- A survey item that does not move between September and February: the leadership team reviews the strategy behind it and reports the change to staff.

In February the survey comments on walkthrough feedback (specific, but late) triggered a review: notes now go out within 48 hours of the visit.""",
        ),
    ),
)

_ADVISORY = Document(
    artifact_id="advisory",
    filename="advisory-and-recognition-deck.pdf",
    title="Advisory and student recognition: staff PD slides",
    header="Staff professional development · advisory and expectations · August",
    layout="slides",
    accent="#2E6B4F",
    pages=(
        Page(
            "# Advisory and recognition: every student known\n\n~ Staff professional development · August"
        ),
        Page(
            """# Why we are doing this

- Last spring only about half of our students said an adult at school knows them well
- Grade 7 had the most course failures and the most referrals
- Students with a trusted adult are more likely to ask for help before a small problem grows
- Advisory is our structure for making sure no student is invisible""",
        ),
        Page(
            """# Advisory structure

- 14 students per adviser, mixed by grade
- Tuesday and Thursday, 25 minutes after first period
- Same adviser for all three years of middle school
- Advisers contact each family with good news at least once a quarter""",
        ),
        Page(
            """# Principal's lunch groups

- Every Friday the principal eats lunch with six students chosen at random
- Two questions each week: what is working here, and what makes no sense?
- Notes go to the leadership team; answers go back to students in advisory
- Goal: every student has had lunch with the principal by the end of grade 8""",
        ),
        Page(
            """# Our expectations: be present, be kind, be ready

| | Classroom | Hallways | Cafeteria |
|=2|=4|=4|=4|
| Be present | Phones away, eyes on the work | Walk on the right, arrive on time | Stay seated until dismissed |
| Be kind | Listen while others speak | Hold doors, quiet voices | Invite someone to sit with you |
| Be ready | Materials out when the bell rings | Go straight to class | Clean your space |""",
        ),
        Page(
            """# Teaching the expectations: the first ten days

- Days 1–3: advisers teach one expectation per day with examples and non-examples
- Days 4–6: every teacher re-teaches classroom expectations in their own subject
- Days 7–10: hallway and cafeteria practice with staff at every corner
- Staff use the same words: "be present, be kind, be ready"
- Re-teach after winter break and whenever referral data rise""",
        ),
        Page(
            """# Follow-up: the check-and-connect list

- Every Monday the list shows students with two or more missing assignments, three absences or a referral in the past week
- Advisers check in with each listed student within two school days
- Counselor and principal review the list every Friday and take the cases that need more
- Growth notes: advisers log improvements, not only concerns""",
        ),
        Page(
            """# Recognition that reaches home

- Positive postcards: every staff member sends three a week
- 312 positive postcards sent home by the end of November
- Growth awards each quarter for the most improved attendance and grades, not only top marks
- Students nominate peers for "be kind" shout-outs in the morning announcements""",
        ),
    ),
)

_VISIBILITY = Document(
    artifact_id="visibility",
    filename="visibility-and-feedback-log.pdf",
    title="Visibility schedule, response log and feedback samples",
    header="Middle school (grades 6–8) · principal's visibility and feedback log · fall term",
    accent="#8A5320",
    pages=(
        Page(
            """# Where to find the principal

~ Published to staff on the first day and reposted in the bulletin every Monday

| Time | Monday | Tuesday | Wednesday | Thursday | Friday |
|=2|=3|=3|=3|=3|=3|
| 7:30–8:00 | Office hours (from November) | Front doors | Front doors | Front doors | Front doors |
| 8:15–10:30 | Team meeting rotation | Classroom visits | Leadership team | Classroom visits | Team meeting rotation |
| 11:30–12:30 | Cafeteria | Cafeteria | Cafeteria | Cafeteria | Lunch group (6 students) |
| 3:00–4:00 | District meetings | Hallway dismissal | Office hours, no appointment | Hallway dismissal | Open |

Classroom visits on Tuesday and Thursday mornings are short (10–15 minutes), unannounced and not evaluative. Every teacher is visited at least once every two weeks.""",
        ),
        Page(
            """# Classroom visits logged, weeks 1–12

| Week | Visits | Teachers seen | Visits cancelled | Reason |
|=2|=2|=2|=2|=5|
| 1–2 | 38 | 36 | 0 | |
| 3–4 | 41 | 40 | 2 | Fire drill, district meeting |
| 5–6 | 39 | 38 | 1 | Parent meeting |
| 7–8 | 44 | 42 | 0 | |
| 9–10 | 40 | 39 | 3 | State testing window |
| 11–12 | 42 | 41 | 0 | |

Every teacher was seen at least once in every two-week block except weeks 9–10, when two teachers were missed and were visited first in week 11.""",
        ),
        Page(
            """# Staff question form: response log

~ Form linked from the bulletin; answered by the principal or assistant principal

| Month | Questions received | Answered within two school days | Median reply | Most common topic |
|=2|=2|=3|=2|=3|
| September | 27 | 22 (81%) | 1.5 days | Advisory rooms |
| October | 19 | 18 (95%) | 1 day | Scheduling |
| November | 16 | 16 (100%) | 0.5 days | Duties |

Our promise to staff: every question gets a reply within two school days, even if the reply is "I do not know yet, and here is when I will".

In October scheduling questions were the slowest. From November they go straight to the assistant principal, who answers them the same day.""",
        ),
        Page(
            """# Walkthrough feedback: sample notes

~ Teacher names removed · one note per visit; since February sent within 48 hours

## Note format used since November: glow, grow, question

| | Grade 8 science, Tuesday visit | Grade 6 reading, Thursday visit |
|=1|=5|=5|
| Glow | Every group had a role card and used it; the recorder summarised before the class moved on. | Students chose their own book-club question and defended it with a page reference. |
| Grow | Two groups finished early and waited; an extension question on the board would keep them thinking. | The last five minutes were rushed; consider a one-sentence exit ticket instead of the full summary. |
| Question | How do you decide which group you visit first? | What would you like me to look for next time I visit? |

Teachers reply to the question if they wish. Between November and February 31 of 44 teachers replied at least once, and several asked for a follow-up visit focused on their own question.""",
        ),
    ),
)

_VIDEO = Media(
    artifact_id="meeting-video",
    resource=STAFF_MEETING_VIDEO,
    title="Staff meeting recording, 14 October (excerpt)",
    kind="video",
    media_type="video/webm",
    duration_ms=STAFF_MEETING_DURATION_MS,
)

# --- Part 2 evidence -------------------------------------------------------------------------
_EVIDENCE = (
    Evidence(
        "bir-1.1",
        (
            Citation("advisory", page=3, note="Advisory structure, “14 students per adviser”"),
            Citation("advisory", page=4, note="“Principal's lunch groups”"),
        ),
        "Slide 3 shows the structure we built so that every student is known: “14 students per "
        "adviser”, meeting twice a week with the same adviser for three years. Slide 4 shows "
        "how I come to know students myself: the “Principal's lunch groups” every Friday, with "
        "two standing questions and a promise that answers go back to students through "
        "advisory.",
    ),
    Evidence(
        "bir-1.2",
        (
            Citation(
                "advisory", page=5, note="Expectations matrix, “be present, be kind, be ready”"
            ),
            Citation("advisory", page=6, note="“the first ten days”"),
        ),
        "Slide 5 states our expectations in positive, specific terms for each setting: “be "
        "present, be kind, be ready” in classrooms, hallways and the cafeteria. Slide 6 shows "
        "how they are taught to every student in “the first ten days” and re-taught after "
        "breaks, with staff using the same words; the February student survey (85% know what "
        "is expected in the hallways) suggests it worked.",
    ),
    Evidence(
        "bir-1.3",
        (
            Citation("advisory", page=7, note="“the check-and-connect list”"),
            Citation("advisory", page=8, note="“312 positive postcards”"),
        ),
        "Slide 7 shows how we use information about individual students to follow up: "
        "“the check-and-connect list” flags missing work, absences and referrals each Monday "
        "and advisers check in within two school days. Slide 8 shows the other side, "
        "recognising growth: “312 positive postcards” sent home by November and growth "
        "awards for improvement rather than only for top marks.",
    ),
    Evidence(
        "bir-2.1",
        (
            Citation(
                "visibility",
                page=1,
                note="Weekly schedule, “Classroom visits on Tuesday and Thursday mornings”",
            ),
            Citation(
                "meeting-video",
                start_ms=24_000,
                end_ms=34_000,
                note="Scene 4, “Open office hours — agenda item 4”",
            ),
            Citation("visibility", page=2, note="“Classroom visits logged”"),
        ),
        "Page 1 of the log is the schedule I publish to staff every Monday: “Classroom visits "
        "on Tuesday and Thursday mornings”, front doors each morning and the cafeteria at "
        "lunch. In the meeting recording from 00:24 to 00:34 I announce the same schedule to "
        "the whole staff. Page 2, “Classroom visits logged”, shows that I kept it: about forty "
        "visits every two weeks and every teacher seen in every two-week block but one.",
    ),
    Evidence(
        "bir-2.2",
        (
            Citation("visibility", page=3, note="Response log, “within two school days”"),
            Citation(
                "survey",
                page=2,
                note="Chart, “I can raise a concern with the principal without worry”",
            ),
        ),
        "The response log on page 3 shows the promise I made to staff, a reply “within two "
        "school days”, and how often I kept it (81% in September, 100% by November after "
        "scheduling questions moved to the assistant principal). The staff survey chart shows "
        "the effect: agreement with “I can raise a concern with the principal without worry” "
        "rose from 48% to 71%.",
    ),
    Evidence(
        "bir-2.3",
        (
            Citation("visibility", page=4, note="“glow, grow, question” feedback notes"),
            Citation("survey", page=4, note="Comment themes, “specific and usable”"),
        ),
        "Page 4 of the log shows two feedback notes in the format we adopted in November, "
        "after staff called earlier feedback vague: “glow, grow, question”. The comment themes "
        "in the survey summary show how staff describe the feedback now: “specific and "
        "usable”, with a request that it come sooner, which is why notes have gone out within "
        "48 hours since February.",
    ),
    Evidence(
        "bir-3.1",
        (
            Citation("minutes", page=2, note="Minutes 9 September, “17 draft norms”"),
            Citation(
                "meeting-video",
                start_ms=6_000,
                end_ms=16_000,
                note="Scene 2, “Norms check-in — agenda item 2”",
            ),
            Citation(
                "minutes",
                page=4,
                note="Minutes 14 October, ratings table, “Assume positive intent”",
            ),
        ),
        "The norms were written by staff, not by me: the 9 September minutes record that teams "
        "proposed “17 draft norms” and chose five by dot vote, with the paraprofessionals' "
        "change to norm 5 accepted. The recording from 00:06 to 00:16 shows the six-week "
        "check-in in action, and the 14 October minutes give the team ratings, including the "
        "two yellow ratings for “Assume positive intent” and what we agreed to do about them.",
    ),
    Evidence(
        "bir-3.2",
        (
            Citation(
                "minutes",
                page=7,
                note="Go-round handout, “every person speaks once before anyone speaks twice”",
            ),
            Citation(
                "meeting-video",
                start_ms=16_000,
                end_ms=24_000,
                note="Scene 3, “Grade 7 team share-out — agenda item 3”",
            ),
        ),
        "The go-round handout on page 7 is the protocol we use before any staff decision: "
        "“every person speaks once before anyone speaks twice”, minority views recorded word "
        "for word, and a last call for views not yet heard. In the recording from 00:16 to "
        "00:24 a teacher team, not the principal, presents a proposal that changes my own "
        "advisory design, and it goes to the parking lot so every team can weigh in.",
    ),
    Evidence(
        "bir-3.3",
        (
            Citation("minutes", page=6, note="Minutes 11 November, “You said, we did”"),
            Citation("minutes", page=8, note="“Parking lot log”"),
        ),
        "The 11 November minutes show a decision changed by staff input (the specials team's "
        "nine-week rotation) and the “You said, we did” report on three October suggestions. "
        "The “Parking lot log” on page 8 shows that every idea received a published response, "
        "including the one we did not adopt (hallway duty) and the reason.",
    ),
    Evidence(
        "bir-4.1",
        (
            Citation("plan", page=1, note="“Needs assessment” and goals"),
            Citation(
                "survey", page=3, note="Student chart, “At least one adult at school knows me well”"
            ),
        ),
        "Page 1 of the plan begins with the “Needs assessment”: surveys, exit tickets and "
        "twelve listening conversations, and it derives three goals with strategies for each "
        "from it. The student survey page shows the baseline behind goal 1: 58% agreed that "
        "“At least one adult at school knows me well”, and only 51% in grade 7.",
    ),
    Evidence(
        "bir-4.2",
        (Citation("plan", page=2, note="Timeline table, “Days 31–60”"),),
        "Page 2 sets out the timeline in 30-60-90 day phases and then by term, each with "
        "actions, an owner and a milestone; for example “Days 31–60” brings the first norms "
        "check-in, the check-and-connect list and the response log, owned by the principal "
        "and the instructional coach.",
    ),
    Evidence(
        "bir-4.3",
        (Citation("plan", page=3, note="Evaluation table, “Evaluation method”"),),
        "Page 3 gives each goal a main measure with a numeric target, a supporting measure and "
        "an “Evaluation method” (survey comparisons by grade, monthly log summaries, parking "
        "lot review), and commits to sharing results with staff even when they do not move.",
    ),
    Evidence(
        "bir-4.4",
        (Citation("plan", page=4, note="Monitoring calendar and “Adjustment triggers”"),),
        "Page 4 shows the monitoring calendar (weekly, six-weekly, monthly and twice-yearly "
        "reviews with owners) and the “Adjustment triggers” we agreed in advance. It also "
        "records one trigger that fired in February: the comments on walkthrough feedback, "
        "which led to the 48-hour rule.",
    ),
)

SUBMISSION = Submission(
    submission_id="MC-7K2Q-91PX",
    credential=BIR,
    rubric=BIR_RUBRIC,
    summary="Middle school principal: co-written staff norms, advisory, visibility schedule",
    narratives=(
        NarrativePart(
            "bir-part1",
            (
                NarrativeSection("bir-q1", _Q1),
                NarrativeSection("bir-q2", _Q2),
                NarrativeSection("bir-q3", _Q3),
                NarrativeSection("bir-q4", _Q4),
                NarrativeSection("bir-q5", _Q5),
            ),
        ),
        NarrativePart("bir-part3", (NarrativeSection(None, _REFLECTION),)),
    ),
    documents=(_MEETINGS, _SURVEY, _PLAN, _ADVISORY, _VISIBILITY),
    media=(_VIDEO,),
    evidence=_EVIDENCE,
    created="2026-11-16T14:20:00Z",
    due="2026-12-21",
    features=("video-citations", "part1-above-minimum"),
)
