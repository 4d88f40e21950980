import datetime

from accounts.models import AdministrativeUnit
from documents import layout, services


def luc_nam():
    return AdministrativeUnit.objects.get(code="218")


def simple_build(document, paper):
    paper.kind_label = document.get_kind_display()
    paper.title = document.title
    paper.blocks = [layout.p("Nội dung.")]
    paper.signatures = [layout.Signature(title="Chủ tịch", name="Nguyễn Văn A", authority="TM.", on_behalf="Ủy ban nhân dân")]
    paper.recipients = ["Như trên", "Lưu: VT"]
    return paper


def issue(actor, *, unit=None, day=datetime.date(2021, 7, 5), kind="QD", body="ubnd", title="Về việc thử", about=None,
          purpose=""):
    return services.document_issue(unit=unit or luc_nam(), body_code=body, kind=kind, day=day, title=title,
                                   build=simple_build, actor=actor, about=about, purpose=purpose)
