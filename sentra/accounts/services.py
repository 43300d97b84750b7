"""Writes of the accounts app: lockout, personal-data access log, owner claims and change requests."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sentra.accounts.models import BusinessClaim, ChangeRequest, Decision, LoginFailure, PersonalDataAccess, User
from sentra.registry.models import Business, Permit
from sentra.registry.selectors import owners_by_nik
from sentra.registry.services import RegistryError, business_save
from sentra.registry.validators import normalize_nib, normalize_nik

INVITE_SALT = "sentra.accounts.invite"
INVITE_MAX_AGE = 14 * 24 * 3600


class AccountError(Exception):
    """A rule of accounts was broken; the message is Indonesian and meant for the user."""


# --- lockout -------------------------------------------------------------------------------------------


def _window_start():
    return timezone.now() - timedelta(minutes=settings.SENTRA_LOCKOUT_MINUTES)


def login_wait(*, username: str, ip: str | None) -> tuple[str, int]:
    """Whether a sign-in attempt may go ahead: ("", 0) yes; ("locked", minutes) when this address guessed
    this account (or many accounts) too often; ("delay", seconds) while the account's progressive delay runs.

    Counted three ways within SENTRA_LOCKOUT_MINUTES, so that neither side can be used against the other:
    - one address and one account: SENTRA_LOCKOUT_ATTEMPTS failures lock that pair (the guesser, not the user
      at another address);
    - one address over all accounts: four times as many lock that address (an office shares one) — one
      anonymous client cannot lock every account, it locks itself;
    - one account over all addresses: from SENTRA_LOCKOUT_ATTEMPTS failures on, each attempt waits 1, 2, 4 …
      seconds (at most SENTRA_LOCKOUT_MAX_DELAY) after the last failure — a spread-out guesser is slowed, the
      account's owner is delayed by seconds, never locked out."""
    recent = LoginFailure.objects.filter(created_at__gte=_window_start())
    limit = settings.SENTRA_LOCKOUT_ATTEMPTS
    minutes = settings.SENTRA_LOCKOUT_MINUTES
    if ip:
        if recent.filter(ip=ip).count() >= limit * 4:
            return "locked", minutes
        if username and recent.filter(ip=ip, username__iexact=username).count() >= limit:
            return "locked", minutes
    if username:
        failures = recent.filter(username__iexact=username)
        count = failures.count()
        if count >= limit:
            delay = min(2 ** (count - limit), settings.SENTRA_LOCKOUT_MAX_DELAY)
            last = failures.order_by("-created_at").values_list("created_at", flat=True).first()
            left = (last + timedelta(seconds=delay) - timezone.now()).total_seconds()
            if left > 0:
                return "delay", max(1, round(left))
    return "", 0


def login_is_locked(*, username: str, ip: str | None) -> bool:
    return login_wait(username=username, ip=ip)[0] != ""


def login_failed(*, username: str, ip: str | None) -> None:
    LoginFailure.objects.create(username=(username or "")[:150], ip=ip or None)
    # Rows older than a day count for nothing; keep the table small (guessed usernames never succeed).
    LoginFailure.objects.filter(created_at__lt=timezone.now() - timedelta(days=1)).delete()


def login_succeeded(*, username: str, ip: str | None = None) -> None:
    """The account's own failures are forgotten; those of the address stay (they count other accounts too)."""
    LoginFailure.objects.filter(username__iexact=username).delete()


# --- personal data access log --------------------------------------------------------------------------


def personal_data_logged(*, user, kind: str, what: str, object_id="", rows: int = 1) -> PersonalDataAccess:
    """Call on every reveal of a personal value and every export that carries personal columns."""
    return PersonalDataAccess.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        kind=kind,
        what=what[:255],
        object_id=str(object_id),
        rows=rows,
    )


# --- owner claims ---------------------------------------------------------------------------------------


def business_find_for_claim(*, identifier: str) -> tuple[Business | None, str]:
    """Match a typed NIB (13 digits) or NIK (16 digits). Returns (business, 'nib'|'nik')."""
    digits = "".join(ch for ch in identifier if ch.isdigit())
    if len(digits) == 13:
        nib = normalize_nib(digits)
        permit = Permit.objects.filter(kind=Permit.Kind.NIB, number=nib).select_related("business").first()
        return (permit.business if permit else None), "nib"
    if len(digits) == 16:
        nik = normalize_nik(digits)
        owner = owners_by_nik([nik]).get(nik)
        return (owner.businesses.order_by("pk").first() if owner else None), "nik"
    raise AccountError("Tulis NIB (13 angka) atau NIK pemilik (16 angka).")


CLAIMS_PER_HOUR_PER_ACCOUNT = 5
CLAIMS_PER_HOUR_PER_ADDRESS = 20


def claim_create(*, user: User, identifier: str, ip: str | None = None) -> BusinessClaim | None:
    """Record an owner's claim. The same answer whether or not a business holds the number (a claim that
    matched nothing is kept too, unseen by staff): the claim form is no NIB/NIK oracle. At most
    CLAIMS_PER_HOUR_PER_ACCOUNT per account and CLAIMS_PER_HOUR_PER_ADDRESS per address in an hour."""
    from sentra.registry.pii import nik_hash

    if user.role != User.Role.OWNER:
        raise AccountError("Hanya akun pemilik usaha yang dapat mengklaim IKM.")
    digits = "".join(ch for ch in identifier if ch.isdigit())
    business, matched_on = business_find_for_claim(identifier=identifier)  # format errors say so
    hour_ago = timezone.now() - timedelta(hours=1)
    ip_key = nik_hash(f"claim-ip:{ip}") if ip else ""
    recent = BusinessClaim.objects.filter(created_at__gte=hour_ago)
    if (recent.filter(user=user).count() >= CLAIMS_PER_HOUR_PER_ACCOUNT
            or (ip_key and recent.filter(ip_hash=ip_key).count() >= CLAIMS_PER_HOUR_PER_ADDRESS)):
        raise AccountError("Terlalu banyak klaim dalam satu jam. Coba lagi nanti, atau hubungi staf Dekranasda.")
    key = nik_hash(f"claim:{digits}")
    if BusinessClaim.objects.filter(user=user, identifier_hash=key, status=Decision.PENDING).exists():
        raise AccountError("Klaim Anda dengan nomor itu sudah terkirim dan sedang menunggu konfirmasi staf.")
    if business is not None and business.owner.user_id == user.pk:
        raise AccountError("IKM ini sudah terhubung dengan akun Anda.")
    if business is not None and BusinessClaim.objects.filter(
        user=user, business=business, status=Decision.PENDING
    ).exists():  # the same business by its other number
        business = None
    return BusinessClaim.objects.create(
        user=user, business=business, matched_on=matched_on, identifier_hash=key, ip_hash=ip_key
    )


def _decision_start(actor: User, item, approve: bool):
    """Lock a pending claim/change request and stamp the decision; the caller saves it in the same transaction."""
    if not actor.is_office:
        raise AccountError("Hanya staf yang dapat memutuskan klaim dan usulan perubahan.")
    item = type(item).objects.select_for_update().get(pk=item.pk)
    if item.status != Decision.PENDING:
        raise AccountError("Permintaan ini sudah diputuskan.")
    item.status = Decision.APPROVED if approve else Decision.REJECTED
    item.decided_by, item.decided_at = actor, timezone.now()
    return item


def claim_decide(*, actor: User, item: BusinessClaim, approve: bool, note: str = "") -> BusinessClaim:
    if item.business_id is None:
        raise AccountError("Klaim ini tidak cocok dengan IKM mana pun.")
    with transaction.atomic():
        claim = _decision_start(actor, item, approve)
        claim.save()
        if approve:
            _owner_link(actor=actor, business=claim.business, user=claim.user)
    return claim


def _owner_link(*, actor, business: Business, user: User):
    from sentra.core.audit import record_change
    from sentra.core.models import ChangeLog

    owner = business.owner
    before = owner.user_id
    owner.user = user
    owner.save(update_fields=["user", "updated_at"])
    record_change(instance=owner, action=ChangeLog.Action.UPDATE, actor=actor, changes={"user": [before, user.pk]})


def invite_link_token(*, actor: User, business: Business, email: str = "") -> str:
    if not actor.is_office:
        raise AccountError("Hanya staf yang dapat mengundang pemilik.")
    return signing.dumps({"b": business.pk, "e": email}, salt=INVITE_SALT)


def invite_read(token: str) -> dict:
    try:
        return signing.loads(token, salt=INVITE_SALT, max_age=INVITE_MAX_AGE)
    except signing.SignatureExpired:
        raise AccountError("Tautan undangan sudah kedaluwarsa; minta tautan baru kepada staf.") from None
    except signing.BadSignature:
        raise AccountError("Tautan undangan tidak sah.") from None


def signup_with_invite(*, user: User, token: str) -> Business:
    """An invited owner's new account is linked to the business at once: staff vouched for it."""
    data = invite_read(token)
    business = Business.objects.select_related("owner").filter(pk=data["b"]).first()
    if business is None:
        raise AccountError("IKM pada undangan ini sudah tidak ada.")
    if business.owner.user_id:
        raise AccountError("IKM ini sudah terhubung dengan akun lain.")
    with transaction.atomic():
        _owner_link(actor=user, business=business, user=user)
    return business


# --- owner self-service: identity changes wait for review ------------------------------------------------

IDENTITY_FIELDS = {"name": "Nama usaha", "nib": "NIB", "owner_name": "Nama pemilik"}


def identity_values(business: Business) -> dict:
    return {"name": business.name, "nib": business.nib, "owner_name": business.owner.name}


def change_request_create(*, user: User, business: Business, wanted: dict) -> ChangeRequest | None:
    current = identity_values(business)
    changes = {k: [current[k], v] for k, v in wanted.items() if k in IDENTITY_FIELDS and v != current[k]}
    if not changes:
        return None
    if "nib" in changes and changes["nib"][1]:
        changes["nib"][1] = normalize_nib(changes["nib"][1])
    return ChangeRequest.objects.create(business=business, requested_by=user, changes=changes)


def change_request_decide(*, actor: User, item: ChangeRequest, approve: bool, note: str = "") -> ChangeRequest:
    with transaction.atomic():
        cr = _decision_start(actor, item, approve)
        if approve:
            _apply_identity(actor=actor, business=cr.business, changes=cr.changes)
        cr.note = note[:255]
        cr.save()
    return cr


def _apply_identity(*, actor, business: Business, changes: dict):
    business = Business.objects.select_related("owner").prefetch_related("permits").get(pk=business.pk)
    data = {}
    if "name" in changes:
        data["name"] = changes["name"][1]
    owner_data = None
    if "owner_name" in changes:
        owner_data = {"name": changes["owner_name"][1]}
    permits = None
    if "nib" in changes:
        existing = next((p for p in business.permits.all() if p.kind == Permit.Kind.NIB), None)
        new = changes["nib"][1]
        if new:
            permits = [{"id": existing, "kind": Permit.Kind.NIB, "number": new}]
        elif existing:
            permits = [{"id": existing, "DELETE": True}]
    try:
        business_save(
            actor=actor,
            business=business,
            business_data=data,
            owner_data=owner_data,
            permits=permits,
            source="tinjauan",
        )
    except RegistryError as exc:
        raise AccountError(str(exc)) from exc


def pending_reviews():
    return {
        "claims": BusinessClaim.objects.filter(status=Decision.PENDING, business__isnull=False).select_related(
            "user", "business", "business__district"
        ),
        "changes": ChangeRequest.objects.filter(status=Decision.PENDING).select_related(
            "requested_by", "business", "business__district"
        ),
    }


def users_search(q: str = ""):
    qs = User.objects.prefetch_related("districts").order_by("username")
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(first_name__icontains=q) | Q(email__icontains=q))
    return qs


def user_save(*, actor: User, form) -> User:
    """Save the admin's user form and record role, scope and status changes."""
    from sentra.core.audit import diff, record_change
    from sentra.core.models import ChangeLog

    def state(u):
        return {
            "role": u.role,
            "is_active": u.is_active,
            "districts": sorted(u.districts.values_list("pk", flat=True)) if u.pk else [],
        }

    with transaction.atomic():
        before = state(User.objects.get(pk=form.instance.pk))
        user = form.save()
        record_change(instance=user, action=ChangeLog.Action.UPDATE, actor=actor, changes=diff(before, state(user)))
    return user


def invite_send(*, email: str, business: Business, link: str) -> None:
    from django.core.mail import send_mail

    transaction.on_commit(
        lambda: send_mail(
            "Undangan Sentra: kelola data usaha Anda",
            f"Anda diundang mengelola data IKM “{business.name}” di Sentra.\n\n"
            f"Buat akun melalui tautan ini (berlaku 14 hari):\n{link}\n",
            None,
            [email],
        )
    )


def user_create(*, actor: User, form, request) -> User:
    """Create the user from the admin's form without a password and e-mail a link to set one."""
    from django.contrib.auth.forms import PasswordResetForm

    from sentra.core.audit import record_change, snapshot
    from sentra.core.models import ChangeLog

    with transaction.atomic():
        user = form.save(commit=False)
        user.set_unusable_password()
        user.save()
        form.save_m2m()
        record_change(
            instance=user,
            action=ChangeLog.Action.CREATE,
            actor=actor,
            changes={k: [None, v] for k, v in snapshot(user, ["username", "role", "is_active"]).items()},
        )
    reset = PasswordResetForm({"email": user.email})
    if reset.is_valid():
        reset.get_users = lambda email: [user]  # the default skips unusable passwords: exactly this case
        transaction.on_commit(
            lambda: reset.save(
                request=request,
                use_https=request.is_secure(),
                subject_template_name="accounts/password_reset_subject.txt",
                email_template_name="accounts/password_reset_email.txt",
            )
        )
    return user


# --- API tokens and sessions of one's own account --------------------------------------------------------


def tokens_of(user):
    from sentra.accounts.models import ApiToken

    return ApiToken.objects.filter(user=user).order_by("-created_at")


def token_revoke(*, user, token_id) -> bool:
    """Revoke one of `user`'s own tokens; another user's token is not found."""
    return tokens_of(user).filter(pk=token_id).delete()[0] > 0


def sign_out_everywhere(*, user) -> int:
    """End every session of `user` (the epoch in the session hash changes) and revoke all their API tokens.
    Returns the number of tokens revoked."""
    from django.db.models import F

    from sentra.accounts.models import ApiToken

    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
        revoked = ApiToken.objects.filter(user=user).delete()[0]
    user.refresh_from_db(fields=["session_epoch"])
    return revoked
def user_password_reset(*, actor: User, user: User) -> str:
    """An admin resets a user's password: a new temporary password (returned, to be handed over once), the
    sign-in lockout lifted, and the reset recorded (not the password)."""
    import secrets

    from sentra.core.audit import record_change
    from sentra.core.models import ChangeLog

    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # no look-alikes (l/1, o/0) for reading aloud
    temporary = "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3))
    with transaction.atomic():
        user.set_password(temporary)
        user.save(update_fields=["password"])
        LoginFailure.objects.filter(username__iexact=user.username).delete()
        record_change(
            instance=user, action=ChangeLog.Action.UPDATE, actor=actor, changes={"kata sandi": ["•••", "•••"]}
        )
    return temporary
