"""/v1/certificates: a signed certificate for a completed course, and checking one."""

from __future__ import annotations

from fastapi import APIRouter, Request

from store import certificates
from store.api.deps import Ctx, CurrentAuth, Db
from sync.protocol import CertificateCheck, CertificateRequest, SignedCertificate

router = APIRouter(tags=["certificates"])


@router.post("/certificates")
def issue_certificate(body: CertificateRequest, request: Request, auth: CurrentAuth,
                      session: Db, ctx: Ctx) -> SignedCertificate:
    """A certificate for a course the caller owns and completed (every lesson and quiz,
    from the learning events synced so far); 409 `not-complete` lists what is missing."""
    name = str(request.base_url).rstrip("/")
    return certificates.issue(session, ctx, auth, body.course_id, name)


@router.post("/certificates/verify")
def verify_certificate(body: SignedCertificate, ctx: Ctx) -> CertificateCheck:
    """Anyone may check a certificate: is it signed by this store's key, unaltered?"""
    return certificates.check(ctx, body)
