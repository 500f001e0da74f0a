"""Password rules beyond Django's: character classes, the user's own attributes, published passwords."""

import re

from django.contrib.auth import password_validation as django_rules
from django.core.exceptions import ValidationError

# The demo region's shared password is printed in the README and on every `liangfa run`.
DEMO_PASSWORD = "liangfa-demo-2026"
PUBLISHED_WORDS = ("liangfa", "demo")


def is_published_password(password: str) -> bool:
    return password == DEMO_PASSWORD


class CharacterClassesValidator:
    """At least three of: lower-case letters, upper-case letters, digits, other characters."""

    CLASSES = (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^a-zA-Z0-9]")

    def validate(self, password, user=None):
        if sum(bool(re.search(pattern, password)) for pattern in self.CLASSES) < 3:
            raise ValidationError("密码须包含小写字母、大写字母、数字、符号中的至少三类。", code="password_classes")

    def get_help_text(self):
        return "密码须包含小写字母、大写字母、数字、符号中的至少三类。"


class UserAttributeContainedValidator:
    """Refuses a password that contains the user name or full name (e.g. 'secuser10-2026' for secuser10),
    which Django's similarity check lets through once enough is appended."""

    def validate(self, password, user=None):
        lowered = password.lower()
        for value in (getattr(user, "username", ""), getattr(user, "full_name", "")):
            if value and len(value) >= 3 and value.lower() in lowered:
                raise ValidationError("密码不能包含用户名或姓名。", code="password_contains_user")

    def get_help_text(self):
        return "密码不能包含用户名或姓名。"


class PublishedPasswordValidator:
    """The demo password and the platform's own name are known to everyone."""

    def validate(self, password, user=None):
        lowered = password.lower()
        if is_published_password(password) or any(word in lowered for word in PUBLISHED_WORDS):
            raise ValidationError("密码不能是公开的演示密码，也不能包含平台名称。", code="password_published")

    def get_help_text(self):
        return "密码不能是公开的演示密码，也不能包含平台名称。"


# Django's own rules, with their messages in Chinese (its zh-hans catalogue lacks the 5.x wording).
class MinimumLengthValidator(django_rules.MinimumLengthValidator):
    def get_error_message(self):
        return f"密码太短：至少包含 {self.min_length} 个字符。"

    def get_help_text(self):
        return f"密码至少包含 {self.min_length} 个字符。"


class UserAttributeSimilarityValidator(django_rules.UserAttributeSimilarityValidator):
    def get_error_message(self):
        return "密码与%(verbose_name)s太相似。"

    def get_help_text(self):
        return "密码不能与用户名、姓名等个人信息相似。"


class CommonPasswordValidator(django_rules.CommonPasswordValidator):
    def get_error_message(self):
        return "密码过于常见，容易被猜中。"

    def get_help_text(self):
        return "密码不能是常见密码。"


class NumericPasswordValidator(django_rules.NumericPasswordValidator):
    def get_error_message(self):
        return "密码不能全是数字。"

    def get_help_text(self):
        return "密码不能全是数字。"
