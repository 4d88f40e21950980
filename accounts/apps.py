from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Tài khoản và đơn vị hành chính")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import remember_sign_in
        from .workflow import register_state_labels

        # A side effect that decides nothing: the session remembers, from sign-in on, when the user
        # was last seen and whether they have a second factor (so pages do not query it).
        user_logged_in.connect(remember_sign_in, dispatch_uid="accounts.remember_sign_in")
        register_state_labels({"outbox_requeued": _("Gửi lại việc chờ gửi (outbox)")})
