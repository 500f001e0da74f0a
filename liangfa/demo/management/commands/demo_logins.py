from django.core.management.base import BaseCommand

from liangfa.demo.builder import DEMO_PASSWORD, logins


class Command(BaseCommand):
    help = "打印演示账号"

    def handle(self, *args, **opts):
        rows = logins()
        if not rows:
            return
        self.stdout.write(f"\n演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, who, where in rows:
            self.stdout.write(f"  {username:<12} {who:<24} {where}")
        self.stdout.write("")
