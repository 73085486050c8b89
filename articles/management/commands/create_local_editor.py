import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Create the local editor account once, keep its password in a git-ignored file, and "
        "print how to sign in. For development machines only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument(
            "--credentials-file",
            default=str(Path(settings.BASE_DIR) / ".local-editor"),
            help="Where the generated password is kept (default: .local-editor in the project).",
        )

    def handle(self, *, username, credentials_file, **options):
        if not settings.ALLOW_LOCAL_EDITOR:
            raise CommandError("create_local_editor is for development; use createsuperuser in production.")
        users = get_user_model()
        credentials = Path(credentials_file)
        user = users.objects.filter(username=username).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            user = users.objects.create_superuser(username=username, email="", password=password)
            editors = Group.objects.filter(name="Editors").first()
            if editors:
                user.groups.add(editors)
            credentials.write_text(f"{username}\n{password}\n", encoding="utf-8")
            credentials.chmod(0o600)
            self.stdout.write(f"Created the local editor account (password kept in {credentials}).")
        else:
            saved = credentials.read_text(encoding="utf-8").split() if credentials.exists() else []
            password = saved[1] if len(saved) == 2 and saved[0] == username else None
            if password is None or not user.check_password(password):
                self.stdout.write(
                    f"The account {username!r} exists but its password is not the one saved in {credentials}; "
                    f"set a new one with: python manage.py changepassword {username}"
                )
                return
        self.stdout.write(f"Sign in at http://127.0.0.1:8000/admin/ as {username} with password {password}")
