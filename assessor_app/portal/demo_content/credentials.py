"""Three demo micro-credentials, written for this project and modelled on how leadership
micro-credential programs are organised: an overview, four or five essential outcomes with
two to four details each, and a list of parts with word minimums.

Two use the usual three parts (overview questions, portfolio with self-analysis, reflection);
the third is a pilot version with four parts and minimums of its own, to show that the list of
parts is data carried by the bundle and not something the workstation assumes.
"""

from __future__ import annotations

from assessor_app.domain.model import (
    Credential,
    Detail,
    Level,
    Outcome,
    Part,
    PartKind,
    Prompt,
    Rubric,
)

LEVELS = (
    Level(
        "P",
        "Proficient",
        True,
        "The cited evidence and its explanation clearly and convincingly show this detail.",
    ),
    Level(
        "N",
        "Not yet proficient",
        False,
        "The evidence is missing, hard to find, or does not yet show this detail; the feedback "
        "says what would.",
    ),
)

_PORTFOLIO_INSTRUCTIONS = (
    "Upload the artifacts that show your work. For every detail of every essential outcome, "
    "point the assessor to the exact place in an artifact (a page or page range of a document, "
    "a start and end time in a recording) and explain how that evidence shows the detail. "
    "Every detail must be shown for the credential to be earned."
)


def _standard_parts(prefix: str, prompts: tuple[Prompt, ...], topic: str) -> tuple[Part, ...]:
    return (
        Part(
            f"{prefix}-part1",
            "Part 1 – Overview questions",
            PartKind.NARRATIVE,
            "Write one narrative that answers all five guiding questions, drawing on your own "
            "practice and on what you have read. At least 1,000 words in total.",
            1000,
            prompts,
        ),
        Part(
            f"{prefix}-part2",
            "Part 2 – Skill demonstration with self-analysis",
            PartKind.PORTFOLIO,
            _PORTFOLIO_INSTRUCTIONS,
        ),
        Part(
            f"{prefix}-part3",
            "Part 3 – Reflection and application",
            PartKind.NARRATIVE,
            f"Summarise your experience of {topic} with specific examples of how you applied "
            "each essential outcome, what it changed in your practice, and how you will keep "
            "using it. At least 500 words.",
            500,
        ),
    )


# --- Building Internal Relationships ---------------------------------------------------------
BIR = Credential(
    id="mc-building-internal-relationships",
    title="Building Internal Relationships",
    version="2025.2",
    stack="School Culture",
    overview=(
        "This micro-credential documents a school leader's skill in building the working "
        "relationships a school runs on. The leader puts structures in place to know students "
        "and hold them to high expectations for conduct and learning; stays visible and easy "
        "to reach so that dealings with staff are positive and professional; builds a climate "
        "in which different ideas and opinions are voiced and treated with respect; and plans, "
        "times, evaluates and monitors the work so that it lasts."
    ),
)

BIR_RUBRIC = Rubric(
    levels=LEVELS,
    parts=_standard_parts(
        "bir",
        (
            Prompt(
                "bir-q1",
                "Which structures and routines would you put in place first so that staff and "
                "students share norms that build trust in one another? Why those first?",
            ),
            Prompt(
                "bir-q2",
                "What does a leader have to do, visibly and consistently, for a school to feel "
                "safe and respectful to the people in it?",
            ),
            Prompt(
                "bir-q3",
                "How do you make sure information and concerns travel easily in every "
                "direction among staff, students and families?",
            ),
            Prompt(
                "bir-q4",
                "How do you keep learning as a leader while also leading the improvement of "
                "the school? Give examples of practices you rely on.",
            ),
            Prompt(
                "bir-q5",
                "How do the relationships in a building affect the way decisions get made and "
                "the way a school improves over time?",
            ),
        ),
        "building internal relationships",
    ),
    outcomes=(
        Outcome(
            "bir-eo1",
            "Builds rapport with students and sets high expectations for behavior and learning",
            (
                Detail(
                    "bir-1.1",
                    "Uses planned, recurring structures (advisory, student voice groups, "
                    "check-ins) through which the leader comes to know students and students "
                    "come to know the leader.",
                ),
                Detail(
                    "bir-1.2",
                    "States expectations for behavior and learning in specific, positive terms "
                    "and teaches them to students and staff alike.",
                ),
                Detail(
                    "bir-1.3",
                    "Uses information about individual students to recognise growth and to "
                    "follow up with students who are not yet meeting expectations.",
                ),
            ),
        ),
        Outcome(
            "bir-eo2",
            "Is visible, accessible and approachable so that interactions with staff stay "
            "positive and professional",
            (
                Detail(
                    "bir-2.1",
                    "Keeps a predictable, published pattern of presence in classrooms, "
                    "hallways and team meetings.",
                ),
                Detail(
                    "bir-2.2",
                    "Offers low-barrier ways for staff to raise questions and concerns and "
                    "responds within a stated time.",
                ),
                Detail(
                    "bir-2.3",
                    "Gives staff timely, specific and respectful feedback that they describe "
                    "as useful.",
                ),
            ),
        ),
        Outcome(
            "bir-eo3",
            "Creates an environment in which diverse ideas and opinions are shared, valued "
            "and respected",
            (
                Detail(
                    "bir-3.1",
                    "Develops meeting norms together with staff and revisits them on a schedule.",
                ),
                Detail(
                    "bir-3.2",
                    "Uses protocols that give every voice a turn, including dissenting and "
                    "minority views.",
                ),
                Detail(
                    "bir-3.3",
                    "Shows staff how their input changed a decision, or explains openly why it "
                    "did not.",
                ),
            ),
        ),
        Outcome(
            "bir-eo4",
            "Provides a plan with strategies, timelines, evaluation and monitoring for "
            "internal relationship building",
            (
                Detail(
                    "bir-4.1",
                    "Sets goals and strategies that follow from an assessment of the current "
                    "state of relationships in the school.",
                ),
                Detail(
                    "bir-4.2",
                    "Lays out an implementation timeline with named roles and milestones.",
                ),
                Detail(
                    "bir-4.3",
                    "Defines, for each goal, the measures and the method used to evaluate it.",
                ),
                Detail(
                    "bir-4.4",
                    "Describes how progress is monitored during the year and what would cause "
                    "the plan to be adjusted.",
                ),
            ),
        ),
    ),
)


# --- Communication Standards -----------------------------------------------------------------
CS = Credential(
    id="mc-communication-standards",
    title="Communication Standards",
    version="2025.1",
    stack="Leadership Communications",
    overview=(
        "This micro-credential documents a leader's skill in setting the standard for how a "
        "school communicates. The leader works with students, families and staff to agree on "
        "communication norms, makes room for every group's voice, uses several forms and "
        "channels to get information where it needs to go, equips people with protocols for "
        "hard conversations, pays attention to what is said without words, and plans, "
        "evaluates and monitors the work as part of school improvement."
    ),
)

CS_RUBRIC = Rubric(
    levels=LEVELS,
    parts=_standard_parts(
        "cs",
        (
            Prompt(
                "cs-q1",
                "What makes communication in a school effective, and who decides what "
                "'effective' means in your setting?",
            ),
            Prompt(
                "cs-q2",
                "How do you make sure that students, families and staff who are rarely heard "
                "have real ways to be heard?",
            ),
            Prompt(
                "cs-q3",
                "Which protocols or routines help people in your school handle difficult "
                "conversations, and how did people learn to use them?",
            ),
            Prompt(
                "cs-q4",
                "What do you pay attention to beyond the words: tone, timing, setting, body "
                "language? Give an example where this mattered.",
            ),
            Prompt(
                "cs-q5",
                "How do you connect communication standards to the school's improvement plan "
                "and know whether they are working?",
            ),
        ),
        "setting communication standards",
    ),
    outcomes=(
        Outcome(
            "cs-eo1",
            "Works with stakeholders to develop and practise communication norms and skills",
            (
                Detail(
                    "cs-1.1",
                    "Involves students, families and staff in drafting the communication norms.",
                ),
                Detail(
                    "cs-1.2",
                    "Teaches the norms and the skills behind them, and revisits them on a "
                    "schedule.",
                ),
                Detail(
                    "cs-1.3",
                    "Makes expectations for channels and response times visible to everyone.",
                ),
            ),
        ),
        Outcome(
            "cs-eo2",
            "Engages all stakeholders in two-way communication that states needs and shares "
            "accomplishments",
            (
                Detail(
                    "cs-2.1",
                    "Uses several channels and the families' home languages so that every "
                    "group is reached.",
                ),
                Detail(
                    "cs-2.2",
                    "Invites stakeholder input and reports back what was done with it.",
                ),
                Detail(
                    "cs-2.3",
                    "Shares accomplishments and needs in terms of the improvement plan.",
                ),
            ),
        ),
        Outcome(
            "cs-eo3",
            "Gives stakeholders evidence-based, systematic protocols for difficult conversations",
            (
                Detail(
                    "cs-3.1",
                    "Selects or adapts a protocol with a clear sequence of steps and trains "
                    "people to use it.",
                ),
                Detail(
                    "cs-3.2",
                    "Supports people before and after difficult conversations (preparation, "
                    "debrief, follow-up).",
                ),
            ),
        ),
        Outcome(
            "cs-eo4",
            "Shows that communication is both verbal and non-verbal, and is approachable to "
            "students, staff and others",
            (
                Detail(
                    "cs-4.1",
                    "Attends deliberately to tone, body language, setting and timing.",
                ),
                Detail(
                    "cs-4.2",
                    "Is easy to reach, and stakeholders report that they feel heard.",
                ),
                Detail(
                    "cs-4.3",
                    "Seeks feedback on their own communication and shows how they adjusted.",
                ),
            ),
        ),
        Outcome(
            "cs-eo5",
            "Provides a plan with strategies, timelines, evaluation and monitoring for "
            "communication standards",
            (
                Detail("cs-5.1", "Draws goals and strategies from communication data."),
                Detail("cs-5.2", "Sets a timeline with responsibilities for each strategy."),
                Detail("cs-5.3", "Names the measures used to evaluate each goal."),
                Detail(
                    "cs-5.4",
                    "Describes a monitoring cycle and how results lead to adjustments.",
                ),
            ),
        ),
    ),
)


# --- Data-Informed Decision Making (pilot, four parts) ---------------------------------------
DIDM = Credential(
    id="mc-data-informed-decision-making",
    title="Data-Informed Decision Making",
    version="2025.1-pilot",
    stack="Data Literacy",
    overview=(
        "Pilot version. This micro-credential documents a leader's skill in making decisions "
        "with data and in helping others do the same: looking at several kinds of data on a "
        "regular cycle, coaching teams to question and act on what they see, expecting results "
        "without turning data into blame, and planning, evaluating and monitoring the school's "
        "use of data over a year."
    ),
)

DIDM_RUBRIC = Rubric(
    levels=LEVELS,
    parts=(
        Part(
            "didm-narrative",
            "Responsive narrative",
            PartKind.NARRATIVE,
            "Answer the four guiding questions in one narrative. At least 800 words.",
            800,
            (
                Prompt(
                    "didm-q1",
                    "Which data do you look at routinely, how often, and with whom?",
                ),
                Prompt(
                    "didm-q2",
                    "Describe a decision that changed because of what the data showed.",
                ),
                Prompt(
                    "didm-q3",
                    "How do you help teachers and teams become confident, critical users of data?",
                ),
                Prompt(
                    "didm-q4",
                    "How do you keep expectations high while keeping data conversations safe?",
                ),
            ),
        ),
        Part(
            "didm-portfolio",
            "Portfolio of sample documents",
            PartKind.PORTFOLIO,
            "Upload sample documents from your own practice and cite, for every detail, the "
            "page or time where the evidence is, with a short explanation.",
        ),
        Part(
            "didm-analysis",
            "Written analysis of the portfolio",
            PartKind.NARRATIVE,
            "Analyse your portfolio as a whole: what it shows about your practice, where it is "
            "strongest, and what it leaves out. At least 750 words.",
            750,
        ),
        Part(
            "didm-reflection",
            "Reflection and dissemination plan",
            PartKind.NARRATIVE,
            "Reflect on how your skill developed and set out how you will share what you "
            "learned with colleagues beyond your own school. At least 400 words.",
            400,
        ),
    ),
    outcomes=(
        Outcome(
            "didm-eo1",
            "Investigates and analyses data regularly to inform decisions",
            (
                Detail(
                    "didm-1.1",
                    "Uses more than one kind of data (achievement, attendance, perception, "
                    "program) rather than a single measure.",
                ),
                Detail(
                    "didm-1.2",
                    "Analyses data with teams using a structured protocol.",
                ),
                Detail(
                    "didm-1.3",
                    "Records decisions together with the data that supported them.",
                ),
            ),
        ),
        Outcome(
            "didm-eo2",
            "Coaches stakeholders to use data to make effective decisions",
            (
                Detail(
                    "didm-2.1",
                    "Builds staff skill in reading and questioning data displays.",
                ),
                Detail(
                    "didm-2.2",
                    "Models an inquiry cycle: question, evidence, action, check.",
                ),
                Detail(
                    "didm-2.3",
                    "Gives teams time and tools to act on their own data.",
                ),
            ),
        ),
        Outcome(
            "didm-eo3",
            "Creates a culture of high expectations for results informed by data",
            (
                Detail(
                    "didm-3.1",
                    "Sets measurable targets with teams and makes them public.",
                ),
                Detail(
                    "didm-3.2",
                    "Treats data as information for improvement, never as a tool for blame.",
                ),
                Detail(
                    "didm-3.3",
                    "Celebrates progress and examines shortfalls openly.",
                ),
            ),
        ),
        Outcome(
            "didm-eo4",
            "Provides a plan with strategies, timelines, evaluation and monitoring for the use "
            "of data",
            (
                Detail("didm-4.1", "Links each strategy to a need the data identified."),
                Detail("didm-4.2", "Sets a timeline with owners for each strategy."),
                Detail(
                    "didm-4.3",
                    "Defines checkpoints, measures and the rule for adjusting the plan.",
                ),
            ),
        ),
    ),
)

CREDENTIALS: tuple[tuple[Credential, Rubric], ...] = (
    (BIR, BIR_RUBRIC),
    (CS, CS_RUBRIC),
    (DIDM, DIDM_RUBRIC),
)
