"""Read queries of the producer's pages: everything is reached through the user's active
representations (registrations.ProducerRepresentative), so another producer's id is a 404."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.permissions import communes_of, has_role, is_admin
from accounts.roles import Role
from documents.models import Document
from evaluations.models import Recognition, Round, RoundEntry
from registrations.models import (
    PRODUCER_STAGES,
    DossierDocument,
    ProducerInvitation,
    ProducerRepresentative,
    Registration,
)
from subsidies.models import Entitlement, SubsidyPayment


def represented_producer_ids(user) -> list[int]:
    if not getattr(user, "is_authenticated", False) or not has_role(user, Role.PRODUCER):
        return []
    return list(ProducerRepresentative.objects.filter(user=user, active=True).values_list("producer_id", flat=True))


def representations(user) -> QuerySet:
    return ProducerRepresentative.objects.filter(user=user, active=True).select_related("producer", "producer__commune")


def registrations_of(user) -> QuerySet:
    """The registrations of the user's producers, every state, with their best recognised stars."""
    return (
        Registration.objects.filter(producer_id__in=represented_producer_ids(user))
        .select_related("product", "producer", "commune")
        .annotate(recognised_stars=Max("recognitions__stars",
                                       filter=Q(recognitions__status=Recognition.Status.RECOGNISED)))
        .order_by("-year", "product__name", "pk")
    )


def registration_of(user, pk) -> Registration:
    """One registration of the user's producers with its documents; DoesNotExist outside."""
    return registrations_of(user).select_related("commune__parent", "category").prefetch_related(
        Prefetch("documents", queryset=DossierDocument.objects.order_by("doc_type", "uploaded_at"))).get(pk=pk)


def follow_up(registration: Registration) -> dict:
    """What happened to the dossier after the district: published round results (scores and stars
    once the round's results are published), recognition decisions, entitlements and payments."""
    entries = list(RoundEntry.objects.filter(registration=registration, round__status=Round.Status.PUBLISHED)
                   .select_related("round"))
    recognitions = list(Recognition.objects.filter(registration=registration).order_by("decision_date", "pk"))
    attach_papers(recognitions)
    for rec in recognitions:
        rec.printable = rec.status != Recognition.Status.NOT_RECOGNISED
    entitlements = list(
        Entitlement.objects.filter(recognition__registration=registration).select_related("policy").prefetch_related(
            Prefetch("payments", queryset=SubsidyPayment.objects.order_by("paid_on", "pk"))))
    return {"entries": entries, "recognitions": recognitions, "entitlements": entitlements}


def document_of(user, pk) -> DossierDocument:
    return DossierDocument.objects.select_related("registration").get(
        pk=pk, registration__producer_id__in=represented_producer_ids(user))


def recognition_of(user, pk) -> Recognition:
    return Recognition.objects.select_related(
        "product", "registration", "registration__producer", "registration__commune",
        "registration__commune__parent").get(pk=pk, registration__producer_id__in=represented_producer_ids(user),
                                             status__in=(Recognition.Status.RECOGNISED, Recognition.Status.REVOKED,
                                                         Recognition.Status.CANCELLED))


# --- the recognition's papers in the document register ------------------------------------------

# The papers of a recognition a producer downloads, as the register holds them (documents app, issued
# through evaluations.papers): (register purpose, label). None is ever drawn up here.
PAPER_PURPOSES = {
    "recognition_decision": _("Quyết định công nhận"),
    "certificate": _("Giấy chứng nhận sản phẩm OCOP"),
    "revocation": _("Quyết định thu hồi giấy chứng nhận"),
}


@dataclass(frozen=True)
class Paper:
    purpose: str
    label: str
    document: Document | None  # None: not issued in the register (yet)

    @property
    def transcribed(self) -> bool:
        """Issued outside the portal and entered in the register: its PDF is the portal's transcription."""
        return self.document is not None and self.document.origin == Document.Origin.RECORDED


def attach_papers(recognitions) -> list:
    """Each recognition with ``papers``: its decision and certificate (and a revocation decision where
    one was issued) from the document register, one query for all."""
    recognitions = list(recognitions)
    rows = Document.objects.filter(about_type=ContentType.objects.get_for_model(Recognition),
                                   about_id__in=[r.pk for r in recognitions], purpose__in=list(PAPER_PURPOSES))
    found = {(d.about_id, d.purpose): d for d in rows.order_by("pk")}
    for rec in recognitions:
        rec.papers = [Paper(code, label, found.get((rec.pk, code))) for code, label in PAPER_PURPOSES.items()
                      if code != "revocation" or (rec.pk, code) in found]
    return recognitions


def paper_of(user, pk: int, purpose: str) -> Document:
    """The register's document of one of the user's producers' recognitions; DoesNotExist when the
    recognition is not theirs or no such paper was issued."""
    if purpose not in PAPER_PURPOSES:
        raise Document.DoesNotExist
    recognition = recognition_of(user, pk)
    document = Document.objects.filter(about_type=ContentType.objects.get_for_model(Recognition),
                                       about_id=recognition.pk, purpose=purpose).order_by("pk").first()
    if document is None:
        raise Document.DoesNotExist
    return document


# --- the commune's side -------------------------------------------------------------------------

def _commune_filter(user, path: str) -> Q:
    if is_admin(user):
        return Q()
    return Q(**{f"{path}__in": [c.pk for c in communes_of(user)]})


def representatives_for(user) -> QuerySet:
    return ProducerRepresentative.objects.filter(_commune_filter(user, "producer__commune_id")).select_related(
        "user", "producer", "invited_by", "revoked_by").order_by("producer__name", "-active", "created_at")


def invitations_for(user) -> QuerySet:
    return ProducerInvitation.objects.filter(_commune_filter(user, "producer__commune_id")).select_related(
        "producer", "created_by", "used_by")


def intake_for(user) -> QuerySet:
    """Dossiers producers sent to the user's communes, waiting for the commune."""
    return Registration.objects.filter(_commune_filter(user, "commune_id"), status__in=PRODUCER_STAGES).select_related(
        "product", "producer", "commune").order_by("status", "updated_at", "pk")


REASON_STATES = (Registration.Status.PRODUCER_RETURNED, Registration.Status.RETURNED, Registration.Status.REJECTED)


def with_reasons(registrations):
    """Each registration with `reason_note`: the reason of its return or refusal while it holds."""
    rows = list(registrations)
    for r in rows:
        r.reason_note = r.review_reason if r.status in REASON_STATES else ""
    return rows
