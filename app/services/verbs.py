"""xAPI verbs of the learning events Satchel records (full IRIs, as xAPI expects)."""

from __future__ import annotations

XAPI = "http://adlnet.gov/expapi/verbs/"
LAUNCHED = XAPI + "launched"  # a lesson was opened
PROGRESSED = XAPI + "progressed"  # study time: result.duration_s (+ reached_end, played)
COMPLETED = XAPI + "completed"  # a lesson or quiz met its completion rule
ANSWERED = XAPI + "answered"  # one quiz question: result.success, result.response
ATTEMPTED = XAPI + "attempted"  # a quiz run finished: result.score (0..1), result.success
# The learner undid a completion ("Mark as not done"): the item is open again and what was
# done on it before no longer counts towards its rule. xAPI has no verb for this.
REOPENED = "urn:satchel:xapi:verb:reopened"

OBJECT_LESSON = "lesson"
OBJECT_QUIZ = "quiz"
OBJECT_QUESTION = "question"
