"""``homeward api_token``: issue, list and revoke API tokens from the server's shell.

    homeward api_token issue --user natalia --name "case export"
    homeward api_token issue --integration registry-bridge --agency "Commissioner's office" \\
        --role caseworker --name "national registry"
    homeward api_token list
    homeward api_token revoke 12

An integration is a service user (no password, so it cannot sign in to the pages) with a role
and an agency like anyone else: its token reaches what that role reaches, by the policy table.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from homeward.accounts.models import Agency, Role, User
from homeward.api import tokens
from homeward.api.models import ApiToken
from homeward.audit.log import record
from homeward.errors import ActionError


class Command(BaseCommand):
    help = "Issue, list and revoke API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        issue = sub.add_parser("issue", help="issue a token (printed once)")
        who = issue.add_mutually_exclusive_group(required=True)
        who.add_argument("--user", help="an existing user's username")
        who.add_argument("--integration", help="a service user's username (created if new)")
        issue.add_argument("--agency", help="the integration's agency (by name)")
        issue.add_argument("--role", choices=Role.values, help="the integration's role")
        issue.add_argument("--name", required=True, help="what the token is for")
        issue.add_argument("--rate", type=int, default=120, help="requests per minute (default 120)")
        sub.add_parser("list", help="list tokens")
        revoke = sub.add_parser("revoke", help="revoke a token by id")
        revoke.add_argument("token_id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"do_{options['what']}")(options)
        except ActionError as exc:
            raise CommandError(exc.message) from exc

    @transaction.atomic
    def do_issue(self, options: dict[str, Any]) -> None:
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"no user {options['user']!r}")
        else:
            user = self.integration(options)
        issued = tokens.issue_token(actor=None, user=user, name=options["name"], rate_per_minute=options["rate"])
        self.stdout.write(f"token {issued.row.pk} for {user.username} ({user.role}, {user.agency}):")
        self.stdout.write(issued.secret)
        self.stdout.write("Store it now: it is not shown again.")

    def integration(self, options: dict[str, Any]) -> User:
        name = options["integration"]
        found = User.objects.filter(username=name).first()
        if found is not None:
            if found.has_usable_password():
                raise CommandError(f"{name!r} is a person's account; use --user")
            return found
        if not options["agency"] or not options["role"]:
            raise CommandError("a new integration needs --agency and --role")
        agency = Agency.objects.filter(name=options["agency"]).first()
        if agency is None:
            raise CommandError(f"no agency {options['agency']!r}")
        user = User(username=name, agency=agency, role=options["role"], first_name="integration")
        user.set_unusable_password()
        user.save()
        record(actor=None, action="accounts.user.integration_created", obj=user,
               data={"username": name, "agency": agency.pk, "role": options["role"]})
        return user

    def do_list(self, options: dict[str, Any]) -> None:
        for row in ApiToken.objects.select_related("user"):
            state = f"revoked {row.revoked_at:%Y-%m-%d}" if row.revoked_at else "live"
            used = f"{row.last_used_at:%Y-%m-%d %H:%M}" if row.last_used_at else "never"
            self.stdout.write(f"{row.pk}\t{row.prefix}…\t{row.user.username}\t{row.name}\t{state}\tused {used}")

    @transaction.atomic
    def do_revoke(self, options: dict[str, Any]) -> None:
        row = ApiToken.objects.filter(pk=options["token_id"]).first()
        if row is None:
            raise CommandError(f"no token {options['token_id']}")
        tokens.revoke_token(actor=None, token=row)
        self.stdout.write(f"token {row.pk} revoked")
