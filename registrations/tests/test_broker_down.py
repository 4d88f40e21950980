"""Issue 9 item 12: with the broker unreachable (a closed port, not eager), a forwarding is created
(no 500), its ZIP job waits in the outbox and is built once the broker is back; a stuck job can be
restarted; a returned dossier's e-mail waits too instead of being lost."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import AdministrativeUnit, Job, OutboxMessage
from accounts.outbox import outbox_redispatch
from accounts.tests.broker import CLOSED_BROKER, broker_at
from registrations.models import Forwarding, Registration
from registrations.tests.factories import ProducerFactory, RegistrationFactory, score_in_closed_round

pytestmark = pytest.mark.django_db


def test_forwarding_succeeds_with_the_broker_down_and_its_package_is_built_later(
        demo_2021, client_as, django_capture_on_commit_callbacks):
    office = client_as("phongnn")
    registration = Registration.objects.get(year=2021, product__name="Dứa Bảo Sơn")
    score_in_closed_round([registration])  # only products scored >= the threshold may be forwarded
    with broker_at(CLOSED_BROKER), django_capture_on_commit_callbacks(execute=True):
        response = office.post("/ho-so/gui-tinh/tao/?year=2021", {
            "letter_number": "45/UBND-NN", "letter_date": "2021-07-12", "signer": "Hoàng Văn Toán",
            "ids": [registration.pk], "confirm_missing": "on",
        })
    assert response.status_code == 302
    forwarding = Forwarding.objects.get()
    assert forwarding.package_job.status == Job.Status.PENDING
    row = OutboxMessage.objects.get(task="accounts.run_job")
    assert row.status == OutboxMessage.Status.PENDING and row.args == [str(forwarding.package_job_id)]
    # The broker is back: the beat task hands the row over and the package is built.
    assert outbox_redispatch() == 1
    forwarding.refresh_from_db()
    assert forwarding.package_job.status == Job.Status.DONE
    assert OutboxMessage.objects.get(pk=row.pk).status == OutboxMessage.Status.DONE


def test_a_job_stuck_past_its_timeout_can_be_restarted(demo_2021, client_as, settings,
                                                      django_capture_on_commit_callbacks):
    registration = Registration.objects.get(year=2021, product__name="Dứa Bảo Sơn")
    score_in_closed_round([registration])  # only products scored >= the threshold may be forwarded
    office = client_as("phongnn")
    with broker_at(CLOSED_BROKER), django_capture_on_commit_callbacks(execute=True):
        office.post("/ho-so/gui-tinh/tao/?year=2021", {
            "letter_number": "45/UBND-NN", "letter_date": "2021-07-12", "signer": "Hoàng Văn Toán",
            "ids": [registration.pk], "confirm_missing": "on"})
    forwarding = Forwarding.objects.get()
    Job.objects.filter(pk=forwarding.package_job_id).update(status=Job.Status.RUNNING)
    # Within the timeout the refusal stands ("already being built").
    response = office.post(f"/ho-so/gui-tinh/{forwarding.pk}/tao-lai-goi/", follow=True)
    assert "không cần tạo lại" in response.content.decode() and Job.objects.count() == 1
    Job.objects.filter(pk=forwarding.package_job_id).update(created_at=timezone.now() - timedelta(
        seconds=settings.OCOP_JOB_TIMEOUT + 60))
    assert 'id="package-rebuild"' in office.get(f"/ho-so/gui-tinh/{forwarding.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert office.post(f"/ho-so/gui-tinh/{forwarding.pk}/tao-lai-goi/").status_code == 302
    forwarding.refresh_from_db()
    assert Job.objects.count() == 2 and forwarding.package_job.status == Job.Status.DONE


def test_returned_dossier_mail_waits_for_the_broker(demo_users, period_2021, client_as,
                                                    django_capture_on_commit_callbacks):
    producer = ProducerFactory(commune=AdministrativeUnit.objects.get(code="218-11"))
    registration = RegistrationFactory(status=Registration.Status.SUBMITTED, product__producer=producer,
                                       product__name="Rau má")
    with broker_at(CLOSED_BROKER), django_capture_on_commit_callbacks(execute=True):
        response = client_as("phongnn").post(f"/ho-so/{registration.pk}/xet/",
                                             {"action": "return", "reason": "Thiếu nhãn"})
    assert response.status_code == 302 and mail.outbox == []
    assert OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).exists()
    outbox_redispatch()
    assert [m.to for m in mail.outbox] == [[demo_users["xa.huyenson"].email]]
    assert "Rau má" in mail.outbox[0].body and "Thiếu nhãn" in mail.outbox[0].body
