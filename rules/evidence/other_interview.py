"""Press, research studies, events, appointments, admissions: "interviews" that are no job interview.

Such words outnumbering the hiring words are strong evidence; a few among more hiring words are weak,
and a hiring-side subject that names the meeting as practice (a "Mock Interview" booked), as mentoring
("Northbridge mentoring - let's get started!") or as a programme's admission ("Executive MBA (Intake 2027)")
vetoes it.
Words that describe many real jobs too (a nurse's "patients", a teacher's "students", a relocation's
"visa") count half, and alone, however many, they are weak evidence: a nurse's interview can mention
patients, an appointment and visa sponsorship all at once.
"""

from __future__ import annotations

from rules import phrases
from rules.evidence.base import VETO, Evidence, Facts

NAME = "other_interview"
OUTNUMBERED, PER_EXTRA_WORD = -5.0, -2.0
PER_WORD_AMONG_JOB_WORDS, LEAST = -0.5, -1.5
SHARED_WORD = 0.5  # how much a word shared with real jobs counts


def rule(facts: Facts) -> Evidence | None:
    strong = list(dict.fromkeys(w.lower() for w in phrases.hits("not_job_interview", facts.text)))
    shared = list(dict.fromkeys(w.lower() for w in phrases.hits("not_job_interview", facts.text, "weak_patterns")))
    named = [hit for m in facts.hiring for hit in phrases.hits("not_job_interview", m.subject, "subject_patterns")]
    if named:  # the hiring side's subject calls it a mock interview or mentoring: that is what the thread arranges
        return Evidence(NAME, VETO, "not a job interview: the hiring side's subject names interview practice, "
                                    "mentoring or a programme's admission", named[0])
    surveys = [m for m in facts.hiring if phrases.hits("not_job_interview", m.subject, "survey_subjects")]
    if surveys and len(surveys) == len(facts.hiring):
        # an ATS asking how an interview went, and nothing else: "Thank you for interviewing with ..." in a
        # survey is no process the user is in (a real one has its own mail, whatever the survey says)
        return Evidence(NAME, VETO, "not a job interview: only a survey about an interview experience",
                        surveys[0].subject[:80])
    if not strong and not shared:
        return None
    other = len(strong) + SHARED_WORD * len(shared)
    job = len(phrases.hits("job", facts.text))
    if strong and other >= 2 and other > job:
        weight = OUTNUMBERED + PER_EXTRA_WORD * (other - job)
    else:
        weight = max(PER_WORD_AMONG_JOB_WORDS * (len(strong) + len(shared)), LEAST)
    return Evidence(NAME, weight, "not a job interview: press, research, event or appointment language",
                    ", ".join((strong + shared)[:3]))
