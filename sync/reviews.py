"""Learners' own ratings and reviews: edited offline, sent when online, and the same on
every device of the account.

`push_reviews` sends each review changed here (``PUT``, or ``DELETE`` for one deleted
here). A refusal the learner must know about (the course is not theirs any more, the text is
too long) marks that review "refused" with the store's words and the others still go;
a transient failure (offline, 5xx, 429) stops the step and propagates, so the cycle reports
it and the review stays pending for the next one. `pull_reviews` fetches the account's list
(``GET /v1/me/reviews``) so a review written on another device shows here.

Threading: blocking network calls; the sync worker thread.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sync.client import StoreClient
from sync.errors import ServerError
from sync.ports import ReviewsPort
from sync.protocol import ReviewIn

log = logging.getLogger(__name__)


@dataclass
class ReviewStats:
    sent: int = 0
    refused: int = 0
    received: int = 0


def push_reviews(client: StoreClient, port: ReviewsPort, stats: ReviewStats) -> None:
    for review in port.pending_reviews():
        try:
            if review.rating is None:
                try:
                    client.delete_review(review.course_id)
                except ServerError as exc:
                    if exc.status != 404:  # 404: already gone on the store, which is the goal
                        raise
                port.review_sent(review.course_id, review.revision)
            else:
                out = client.put_review(
                    review.course_id, ReviewIn(rating=review.rating, text=review.text)
                )
                port.review_sent(review.course_id, review.revision, hidden=out.hidden)
            stats.sent += 1
        except ServerError as exc:
            if exc.transient or exc.status == 401:
                raise
            log.info("store refused the review of %s: %s", review.course_id, exc)
            port.review_refused(review.course_id, review.revision, str(exc))
            stats.refused += 1


def pull_reviews(client: StoreClient, port: ReviewsPort, stats: ReviewStats) -> None:
    stats.received += port.apply_remote_reviews(client.my_reviews().items)
