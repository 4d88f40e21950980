"""Django's password validators with their messages in Vietnamese.

Django's Vietnamese catalogue lacks some of these messages (the minimum length one comes out in
English), so the rules stay Django's and only the words are ours.
"""

from django.contrib.auth import password_validation as base
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def _vietnamese(validator_call, message: str, code: str):
    try:
        validator_call()
    except ValidationError as exc:
        raise ValidationError(message, code=code) from exc


class MinimumLengthValidator(base.MinimumLengthValidator):
    def validate(self, password, user=None):
        _vietnamese(
            lambda: super(MinimumLengthValidator, self).validate(password, user),
            _("Mật khẩu quá ngắn: cần ít nhất %(n)d ký tự.") % {"n": self.min_length},
            "password_too_short",
        )

    def get_help_text(self):
        return _("Mật khẩu có ít nhất %(n)d ký tự.") % {"n": self.min_length}


class CommonPasswordValidator(base.CommonPasswordValidator):
    def validate(self, password, user=None):
        _vietnamese(
            lambda: super(CommonPasswordValidator, self).validate(password, user),
            _("Mật khẩu này quá phổ biến, dễ bị đoán."),
            "password_too_common",
        )

    def get_help_text(self):
        return _("Mật khẩu không được là mật khẩu phổ biến.")


class NumericPasswordValidator(base.NumericPasswordValidator):
    def validate(self, password, user=None):
        _vietnamese(
            lambda: super(NumericPasswordValidator, self).validate(password, user),
            _("Mật khẩu không được chỉ gồm chữ số."),
            "password_entirely_numeric",
        )

    def get_help_text(self):
        return _("Mật khẩu không được chỉ gồm chữ số.")


class UserAttributeSimilarityValidator(base.UserAttributeSimilarityValidator):
    def validate(self, password, user=None):
        _vietnamese(
            lambda: super(UserAttributeSimilarityValidator, self).validate(password, user),
            _("Mật khẩu quá giống thông tin tài khoản (tên đăng nhập, họ tên, e-mail)."),
            "password_too_similar",
        )

    def get_help_text(self):
        return _("Mật khẩu không được giống thông tin cá nhân của bạn.")
