"""Demo users (password `ocop-demo-2021`, demo only). Idempotent: matched by username."""

from .models import AdministrativeUnit, User
from .roles import Role
from .services import role_assign

DEMO_PASSWORD = "ocop-demo-2021"

# username, full name, role, unit code (None: no unit)
DEMO_USERS = [
    ("admin", "Quản trị hệ thống", Role.ADMIN, None),
    ("xa.huyenson", "Cán bộ xã Huyền Sơn", Role.COMMUNE_OFFICER, "218-11"),
    ("xa.baoson", "Cán bộ xã Bảo Sơn", Role.COMMUNE_OFFICER, "218-03"),
    ("xa.truongson", "Cán bộ xã Trường Sơn", Role.COMMUNE_OFFICER, "218-21"),
    ("xa.donghung", "Cán bộ xã Đông Hưng", Role.COMMUNE_OFFICER, "218-09"),
    ("tt.doingo", "Cán bộ thị trấn Đồi Ngô", Role.COMMUNE_OFFICER, "218-00"),
    ("phongnn", "Phòng Nông nghiệp và PTNT", Role.AGRICULTURE_OFFICE, "218"),
    ("hoidong.chutich", "Chủ tịch Hội đồng OCOP huyện", Role.COUNCIL_MEMBER, "218"),
    ("hoidong.tv1", "Ủy viên Hội đồng 1", Role.COUNCIL_MEMBER, "218"),
    ("hoidong.tv2", "Ủy viên Hội đồng 2", Role.COUNCIL_MEMBER, "218"),
    ("thuky", "Thư ký Hội đồng", Role.COUNCIL_SECRETARY, "218"),
    ("taichinh", "Phòng Tài chính - Kế hoạch", Role.FINANCE_OFFICE, "218"),
    ("tinh", "Sở Nông nghiệp và PTNT Bắc Giang", Role.PROVINCE, "24"),
    # The other bodies of the plan's section III (their tasks, support cases and inspections).
    ("kinhte", "Phòng Kinh tế - Hạ tầng", Role.ECONOMY_OFFICE, "218"),
    ("yte", "Phòng Y tế", Role.HEALTH_OFFICE, "218"),
    ("vanhoa", "Phòng Văn hóa - Thông tin", Role.CULTURE_OFFICE, "218"),
    ("ttvh", "Trung tâm Văn hóa - Thông tin và Thể thao", Role.CULTURE_CENTRE, "218"),
    ("tnmt", "Phòng Tài nguyên và Môi trường", Role.ENVIRONMENT_OFFICE, "218"),
    ("mttq", "Ủy ban MTTQ huyện (giám sát)", Role.SUPERVISION, "218"),
    # The 2026 flow under 1489/QĐ-TTg (no district): a post-2025 commune of the new Bắc Ninh province,
    # the province's agriculture department (its inbox receives the communes' proposals), its council.
    ("xa.baodai", "Cán bộ xã Bảo Đài (Bắc Ninh, demo 2026)", Role.COMMUNE_OFFICER, "BN25-03"),
    ("so.nnmt", "Sở Nông nghiệp và Môi trường Bắc Ninh (demo 2026)", Role.AGRICULTURE_OFFICE, "BN-2025"),
    ("tinh.hoidong.chutich", "Chủ tịch Hội đồng OCOP tỉnh Bắc Ninh (demo)", Role.COUNCIL_MEMBER, "BN-2025"),
    ("tinh.hoidong.tv1", "Ủy viên Hội đồng OCOP tỉnh 1 (demo)", Role.COUNCIL_MEMBER, "BN-2025"),
    ("tinh.hoidong.tv2", "Ủy viên Hội đồng OCOP tỉnh 2 (demo)", Role.COUNCIL_MEMBER, "BN-2025"),
    ("tinh.thuky", "Thư ký Hội đồng OCOP tỉnh Bắc Ninh (demo)", Role.COUNCIL_SECRETARY, "BN-2025"),
    ("tinh.bacninh", "UBND tỉnh Bắc Ninh (demo 2026)", Role.PROVINCE, "BN-2025"),
    # National, read-only but for the centre's stage: records the 5★ decisions of products forwarded to the centre.
    ("bo.nnmt", "Bộ Nông nghiệp và Môi trường (demo)", Role.MINISTRY, None),
]


def seed() -> dict:
    created = 0
    for username, full_name, role, unit_code in DEMO_USERS:
        user, was_created = User.objects.get_or_create(
            username=username, defaults={"full_name": full_name, "email": f"{username}@ocop.invalid"}
        )
        if was_created:
            user.set_password(DEMO_PASSWORD)
            if role == Role.ADMIN:
                user.is_staff = user.is_superuser = True
            user.save()
            created += 1
        unit = AdministrativeUnit.objects.get(code=unit_code) if unit_code else None
        role_assign(user=user, role=role, unit=unit, actor=None)
    return {"users_created": created}
