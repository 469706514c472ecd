"""Demo submission MC-3HDW-48TN: Building Internal Relationships, an elementary assistant
principal.

A weaker submission, on purpose: Part 1 falls short of its 1,000-word minimum, one citation
names page 14 of a nine-page handbook excerpt (the page numbers of the full handbook), and the
monitoring evidence is thin. Assessors should find real reasons for "not yet" here.
"""

# ruff: noqa: E501  (prose and page markup: one paragraph per line)

from __future__ import annotations

from assessor_app.domain.model import Citation, Evidence, NarrativePart, NarrativeSection
from assessor_app.portal.demo_content.credentials import BIR, BIR_RUBRIC
from assessor_app.portal.demo_content.spec import BarChart, Document, Page, Series, Submission

# --- Part 1 (short of the minimum) -----------------------------------------------------------
_Q1 = """In an elementary school, trust starts at the front door. The first structure I put in place when I became assistant principal was a morning greeting: an adult at each entrance greets every student by name, and the same adults are there every day so that children and families see familiar faces. The second was lunch bunch, a small group of four or five students who eat with me twice a week. Students sign up, and teachers can also suggest a child who seems to be on the edges. These are simple routines, but they are predictable, and predictability is what lets a young child, or a new teacher, relax enough to trust the adults around them. For staff, I started with the norms we already had and asked teams whether they still agreed with them. Most did, but the review showed that nobody remembered when the norms had last been discussed, so we now review them at the first staff meeting of every quarter. I would also put a clear, shared set of expectations for students near the top of the list, because children trust adults who respond to the same behavior in the same way."""

_Q2 = """I think the most important thing a leader models is calm. When a child is in crisis or a parent is upset at the counter, everybody watches how the adult in charge responds. I try to lower my voice rather than raise it, to listen first, and to follow up afterwards with the teacher involved so they are not left wondering what happened. I also try to model respect in small ways: knocking before entering a classroom, thanking the custodians and the cafeteria staff by name in the Tuesday memo, and admitting when I have made a mistake. Last fall I changed a duty schedule without asking the teachers affected, and I apologised at the next staff meeting and changed it back until we could talk it through. Several teachers told me afterwards that the apology mattered more to them than the schedule."""

_Q3 = """Our main channel with staff is the Tuesday memo, which replaced several emails a day with one message a week. I also keep an open door on Thursday afternoons, when any staff member can come in without an appointment. For families, teachers send a weekly class note home and we use the school messaging app for reminders. After the listening sessions in September, teachers told us the memo was too long, so it is now one page with the dates at the top. We still have work to do on families who do not read English, which is a goal for next year. I also want information to travel from staff to us, not only from us to staff, which is why the listening sessions asked what gets in the way of good work."""

_Q4 = """I grow through my principal, who meets with me every week, and through a book study with two other assistant principals in the district. This year we read about trust in schools, and it gave me language for things I had felt but could not explain, such as the difference between being liked and being trusted. For school improvement, I lead our behavior team, which looks at referral data each month and decides where to focus. When hallway referrals went up in October, we re-taught the expectations in every class and added an adult to the busiest hallway, and the referrals came down by November. I try to treat my own practice the same way: I keep notes on what I tried, and I ask my principal to observe me leading a meeting at least once a semester."""

_Q5 = """Relationships affect every decision because people will only tell you the truth if they trust you. When we planned the listening sessions, some staff were worried that what they said would be held against them, so we let them write their comments anonymously before speaking. Once they saw that their comments led to actual changes, such as the shorter memo and the revised arrival procedure, more people started speaking up in staff meetings. One teacher who had not spoken in a staff meeting all year raised a concern about the lunch schedule in November, and the change we made came from her suggestion. I believe a school improves when the people in it feel safe enough to say what is not working, and that only happens when the relationships are strong. My goal for the rest of the year is to keep building those relationships so that our improvement work is shared by everyone and not only by the leadership team."""

# --- Part 3 ----------------------------------------------------------------------------------
_REFLECTION = """Working on this micro-credential helped me see relationship building as a set of structures and not only as a personality trait. Before this year I would have said that I am good with people. Now I can point to the routines that make relationships more likely, whether or not the adult in charge is having a good day.

With students, the morning greeting and lunch bunch made the biggest difference. By January more than 150 students had eaten lunch with me at least once, and teachers started suggesting children who rarely speak in class. One second grader who had been sent to the office almost every week in September now comes by at lunch to show me his reading log. The schoolwide expectations were already in place, but we had never taught them in the same words in every classroom, and the re-teaching in October showed me how much consistency matters for young children.

With staff, the listening sessions were the turning point of the year, and they are the part of this work I would recommend first to another assistant principal. I was nervous about them, because I expected complaints, and there were complaints. But there were also clear, fixable requests: a shorter memo, a different arrival procedure, more notice before schedule changes. When we acted on those quickly and said so in the memo, the tone of staff meetings changed. Teachers who had been quiet started asking questions, and the January pulse survey showed more staff agreeing that they can raise a concern with administration.

The part I found hardest was the plan. I am better at doing things than at writing down how I will know whether they worked. Our action plan has goals and a timeline, but the monitoring section is mostly our pulse survey twice a year. Writing this reflection made me realise that we need checkpoints in between, so that we notice when something is slipping before the survey tells us.

Looking at the evidence I collected, I also notice that most of it describes what we set up rather than what changed because of it. The lunch bunch numbers and the pulse survey are a start, but I would like better ways to know whether the students who need an adult most are the ones we are reaching. This spring the counselor and I will compare the lunch bunch sign-ups with the list of students who have had more than two referrals.

Going forward, I will keep the greeting and lunch bunch, and I want to add a student leadership group in grades four and five so that older students help welcome new families. With staff, I will ask our team leaders to co-facilitate the listening sessions next fall so that staff do not only talk to administrators. I also want to learn more about protocols that make sure every voice is heard in meetings, because right now we rely too much on who is willing to speak first. This work has changed how I think about my role: my job is not only to solve problems, but to build the conditions in which people bring problems to me early."""

# --- documents -------------------------------------------------------------------------------
_HANDBOOK = Document(
    artifact_id="handbook",
    filename="relationships-routines-handbook-excerpt.pdf",
    title="Relationships and routines handbook (excerpt)",
    header="Elementary school (K–5) · staff and family handbook · excerpt of the relationships and routines sections",
    accent="#0F5E6E",
    pages=(
        Page(
            """# Relationships and routines

~ Excerpt from the staff and family handbook · sections 3 and 4 of the full handbook

This excerpt gathers the parts of our handbook that describe how we greet, know and support students, and how staff communicate and make decisions together. Page numbers in this excerpt differ from the full handbook.

## Contents

| Section | Page |
|=6|=1|
| Morning arrival and greeting | 2 |
| Lunch bunch | 3 |
| Schoolwide expectations | 4 |
| Recognition | 5 |
| Staff communication | 6 |
| Staff meeting norms | 7 |
| Team problem-solving protocol | 8 |
| Who to contact | 9 |""",
        ),
        Page(
            """# Morning arrival and greeting

## Greeting at the door

From 8:05 to 8:20 an adult stands at each of the three entrances. Every student is greeted by name. The same adults greet at the same door every day so that students and families see a familiar face.

## Arrival procedure (revised in October)

After staff feedback in the September listening sessions, the arrival procedure was changed:

- Buses unload at the north door only; car riders use the main entrance.
- Kindergarten families may walk children to the classroom door until the end of September, then say goodbye at the entrance.
- Teachers are in their classrooms from 8:10 instead of on duty outside, except for the three greeters.
- Breakfast is served in classrooms instead of the cafeteria, so students do not cross the building.

> The change freed fourteen teachers from outdoor duty and cut late arrivals to class by about half in October.""",
        ),
        Page(
            """# Lunch bunch

Lunch bunch groups are small groups of four or five students who eat lunch with the assistant principal on Tuesdays and Thursdays.

- Students sign up on the sheet outside the office; each child may come once a month.
- Teachers may suggest a student who seems isolated or who would benefit from time with an adult.
- Conversation starters are chosen by the students; there is no agenda.
- The assistant principal notes any concerns and passes them to the counselor the same day.

By the end of January, 153 students had taken part at least once.""",
        ),
        Page(
            """# Schoolwide expectations

We use three expectations everywhere: Safe, Respectful, Responsible. Every classroom teaches them in the same words during the first week and again after winter break.

| | Classroom | Hallway | Cafeteria | Playground |
|=2|=3|=3|=3|=3|
| Safe | Keep hands and feet to yourself | Walk on the right | Stay seated while eating | Use equipment the right way |
| Respectful | Listen when others speak | Use a quiet voice | Say please and thank you | Include others in games |
| Responsible | Have your materials ready | Go directly where you are going | Clean up your space | Line up when the whistle blows |

When referrals in a location rise, the behavior team asks teachers to re-teach that column.""",
        ),
        Page(
            """# Recognition

## Caught being kind

Any adult can give a "Caught being kind" ticket to a student who shows one of the expectations without being asked. Tickets go into a box in the office, and on Friday afternoon ten are drawn and announced. Students whose tickets are drawn choose a small prize or a lunch with a staff member.

## Positive phone calls

Each teacher makes two positive phone calls home per week. The office keeps a tally by class so that we can see whether every family has received at least one positive call by the end of the first quarter.

## Monthly assembly

Each month one class leads a short assembly to celebrate what the school has achieved, such as the attendance goal or the reading challenge.""",
        ),
        Page(
            """# Staff communication

## Tuesday memo

All routine information comes in one memo, sent on Tuesday mornings. Since October the memo is one page, with the dates for the week at the top.

## Open door Thursdays

The assistant principal's door is open on Thursdays from 2:45 to 3:45 for any staff member, without an appointment.

## Walk-through rounds

The principal and assistant principal do walk-through rounds on Monday and Wednesday mornings. Each visit is about ten minutes. After the visit the administrator leaves a positive sticky note on the teacher's desk naming one thing that went well.

## Questions and concerns

Staff may also email the assistant principal at any time. We aim to reply within one school day.""",
        ),
        Page(
            """# Staff meeting norms

Our staff meeting norms were written by the staff in 2023 and are reviewed each quarter at the first staff meeting of the quarter.

1. Be present: devices away unless we are using them for the meeting.
2. Listen to understand.
3. Everyone has a voice.
4. Keep students at the center of every decision.
5. What is said here is discussed here.

## Quarterly review

At the review each team reads the norms and marks any norm they think we are not keeping. The facilitator shares the results at the same meeting, and the staff decides whether to change a norm or how to keep it better. In October the staff added "What is said here is discussed here" after concerns about conversations in the parking lot.""",
        ),
        Page(
            """# Team problem-solving protocol

Grade-level teams use this protocol when they need to solve a problem together, for example a student who is struggling in several areas or a schedule conflict.

1. The presenter describes the problem in two minutes without interruption.
2. Clarifying questions only, answered briefly.
3. Round robin: each member shares one idea without interruption. Members may pass once.
4. The presenter chooses one or two ideas to try and says why.
5. The team agrees when it will check back.

The protocol takes about twenty minutes. Team leaders keep a copy in their team binder and record the agreed check-back date.""",
        ),
        Page(
            """# Who to contact

| Question about | Contact | How |
|=4|=3|=4|
| Attendance and late arrival | Front office | Phone extension 100 |
| Student behavior or safety | Assistant principal | Extension 104 or the office |
| Social and emotional needs | School counselor | Extension 112 |
| Health and medication | School nurse | Extension 108 |
| Curriculum and instruction | Principal | Extension 101 |
| Transportation | District transportation office | Phone line on the school website |

For urgent matters during the school day, call the front office first.""",
        ),
    ),
)

_LISTENING = Document(
    artifact_id="listening",
    filename="staff-listening-sessions-summary.pdf",
    title="Staff listening sessions: summary of themes",
    header="Elementary school (K–5) · staff listening sessions · September",
    accent="#0F5E6E",
    pages=(
        Page(
            """# Staff listening sessions

## How the sessions worked

In September the assistant principal held three listening sessions after school, each with a different mix of grade levels and support staff. 23 of 31 staff took part.

Each session used the same three questions:

1. What helps you do your best work here?
2. What gets in the way?
3. If you could change one thing about how we communicate, what would it be?

Staff first wrote their answers on cards without names, then discussed them in the group. The cards and notes were grouped into themes by the assistant principal and checked with two team leaders.""",
        ),
        Page(
            """# Themes

| Theme | Cards | Example |
|=4|=1|=6|
| Too many emails and messages | 17 | "I get ten emails a day and miss the important one." |
| Arrival duty takes time from class preparation | 12 | "I start every day already behind." |
| Schedule changes without notice | 9 | "Assemblies appear on the calendar the day before." |
| Feeling appreciated by administration | 8 | "The sticky notes after walk-throughs are nice." |
| Not sure decisions are final | 6 | "We decide something and it changes in the parking lot." |
| Support with behavior | 11 | "I need someone to come quickly when a child is unsafe." |""",
        ),
        Page(
            """# What we changed

| Theme | What we did | When |
|=4|=6|=2|
| Too many emails | One-page Tuesday memo with dates at the top | October |
| Arrival duty | Revised arrival procedure: teachers in classrooms from 8:10 | October |
| Schedule changes | Events added to the calendar at least two weeks ahead | November |
| Decisions not final | New norm: "What is said here is discussed here" | October |
| Support with behavior | Assistant principal carries the radio during the first and last hour | October |

These changes were announced in the Tuesday memo with a note saying which listening-session theme each one came from.""",
        ),
        Page(
            """# Pulse survey""",
            chart=BarChart(
                "Staff who agree (pulse survey)",
                (
                    "I can raise a concern with administration",
                    "I get the information I need on time",
                    "My ideas are taken seriously",
                ),
                (Series("October", (55, 48, 52)), Series("January", (74, 77, 65))),
            ),
            after="""~ Five-question anonymous pulse survey; 26 responses in October, 28 in January.""",
        ),
    ),
)

_PLAN = Document(
    artifact_id="action-plan",
    filename="relationship-action-plan.pdf",
    title="Relationship action plan",
    header="Elementary school (K–5) · relationship action plan · current school year",
    accent="#0F5E6E",
    pages=(
        Page(
            """# Relationship action plan

## Where this plan comes from

The goals below come from the September listening sessions with staff and from what the behavior team saw in the first month of referral data.

## Goals

| Goal | Strategies |
|=4|=6|
| 1. Every student feels known by an adult at school | Morning greeting by name; lunch bunch; positive phone calls |
| 2. Staff receive clear information and feel heard | One-page Tuesday memo; open door Thursdays; act on listening-session themes |
| 3. Behavior expectations are the same in every classroom | Re-teach Safe, Respectful, Responsible in October and January; behavior team reviews data monthly |""",
        ),
        Page(
            """# Timeline

| When | Action | Who |
|=2|=6|=3|
| September | Listening sessions; start lunch bunch | Assistant principal |
| October | Revised arrival procedure; new memo format; re-teach expectations | Assistant principal, teachers |
| November | Calendar two weeks ahead | Office manager |
| January | Re-teach expectations after winter break; pulse survey | Teachers, assistant principal |
| April | Second round of listening sessions | Assistant principal, team leaders |
| June | Review the plan with the leadership team | Leadership team |""",
        ),
        Page(
            """# Evaluation and monitoring

## How we will know

- Pulse survey in October and January: share of staff who agree they can raise a concern and get information on time.
- Number of students who have attended lunch bunch.
- Monthly referral data reviewed by the behavior team.

## Monitoring

We will look at the pulse survey results at the staff meeting after each survey and decide together whether anything needs to change. The behavior team will keep looking at referrals each month.""",
        ),
    ),
)

# --- Part 2 evidence -------------------------------------------------------------------------
_EVIDENCE = (
    Evidence(
        "bir-1.1",
        (
            Citation("handbook", page=3, note="“Lunch bunch groups”"),
            Citation("handbook", page=2, note="Greeting at the door, “greeted by name”"),
        ),
        "Page 3 describes the “Lunch bunch groups” I hold twice a week, including how teachers "
        "can suggest students who seem isolated. Page 2 shows the morning routine in which "
        "every student is “greeted by name” by the same adults each day.",
    ),
    Evidence(
        "bir-1.2",
        (Citation("handbook", page=4, note="“Safe, Respectful, Responsible”"),),
        "Our expectations are “Safe, Respectful, Responsible”, with examples for each location "
        "on page 4. They are taught in the same words in every classroom.",
    ),
    Evidence(
        "bir-1.3",
        (Citation("handbook", page=5, note="“Caught being kind” tickets"),),
        "Page 5 shows how we recognise students: “Caught being kind” tickets, positive phone "
        "calls and monthly assemblies.",
    ),
    Evidence(
        "bir-2.1",
        (Citation("handbook", page=6, note="“walk-through rounds”"),),
        "The principal and I do “walk-through rounds” on Monday and Wednesday mornings, as "
        "described on page 6.",
    ),
    Evidence(
        "bir-2.2",
        (
            Citation("handbook", page=6, note="“Open door Thursdays”"),
            Citation(
                "listening",
                page=4,
                note="Pulse survey, “I can raise a concern with administration”",
            ),
        ),
        "“Open door Thursdays” (page 6 of the handbook) give staff an hour a week to see me "
        "without an appointment, and we aim to reply to emails within one school day. The "
        "pulse survey shows agreement with “I can raise a concern with administration” going "
        "from 55% in October to 74% in January.",
    ),
    Evidence(
        "bir-2.3",
        (Citation("handbook", page=6, note="“positive sticky note”"),),
        "After each walk-through I leave a “positive sticky note” naming one thing that went "
        "well. Staff mentioned the notes in the listening sessions as something they "
        "appreciate.",
    ),
    Evidence(
        "bir-3.1",
        (Citation("handbook", page=7, note="Norms “reviewed each quarter”"),),
        "Our staff wrote the meeting norms, and they are “reviewed each quarter” as page 7 "
        "explains. In October the staff added a new norm after concerns about decisions being "
        "reopened.",
    ),
    Evidence(
        "bir-3.2",
        (Citation("handbook", page=8, note="Protocol step 3, “Round robin”"),),
        "Teams use the problem-solving protocol on page 8. In the “Round robin” step every "
        "member shares an idea without interruption, so quieter team members are heard.",
    ),
    Evidence(
        "bir-3.3",
        (Citation("handbook", page=14, note="“revised arrival procedure”"),),
        "Page 14 of the handbook shows the “revised arrival procedure”, which we changed "
        "because of what staff said in the listening sessions about arrival duty. Teachers "
        "are now in their classrooms from 8:10.",
    ),
    Evidence(
        "bir-4.1",
        (
            Citation(
                "listening",
                page=2,
                note="Themes table, “Arrival duty takes time from class preparation”",
            ),
            Citation("action-plan", page=1, note="Goals, “listening sessions”"),
        ),
        "The themes from the listening sessions (for example “Arrival duty takes time from "
        "class preparation”, 12 cards) are the starting point of our plan, and page 1 of the "
        "action plan says the goals come from the “listening sessions” and the referral data.",
    ),
    Evidence(
        "bir-4.2",
        (Citation("action-plan", page=2, note="“Timeline”"),),
        "The “Timeline” on page 2 shows what we do each month from September to June and who "
        "is responsible.",
    ),
    Evidence(
        "bir-4.3",
        (Citation("action-plan", page=3, note="“Pulse survey in October and January”"),),
        "We evaluate the plan with the “Pulse survey in October and January”, the number of "
        "students attending lunch bunch and the monthly referral data (page 3).",
    ),
    Evidence(
        "bir-4.4",
        (Citation("action-plan", page=3, note="“Monitoring”"),),
        "The “Monitoring” section on page 3 explains that we review the survey results at the "
        "staff meeting after each survey and decide together whether to change anything.",
    ),
)

SUBMISSION = Submission(
    submission_id="MC-3HDW-48TN",
    credential=BIR,
    rubric=BIR_RUBRIC,
    summary="Elementary assistant principal: greeting, lunch bunch, listening sessions "
    "(Part 1 short; cites p. 14 of a 9-page excerpt)",
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
    documents=(_HANDBOOK, _LISTENING, _PLAN),
    evidence=_EVIDENCE,
    created="2026-11-09T10:05:00Z",
    due="2026-12-14",
    features=("part1-below-minimum", "citation-past-end"),
)
