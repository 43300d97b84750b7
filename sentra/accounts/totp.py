"""Optional second factor (TOTP) for admin and staff, with pyotp."""

import datetime as dt

import pyotp

from sentra.accounts.models import TotpDevice

ISSUER = "Sentra"


def device_for(user) -> TotpDevice | None:
    return TotpDevice.objects.filter(user=user).first() if user and user.pk else None


def device_start(user) -> TotpDevice:
    device, _ = TotpDevice.objects.update_or_create(
        user=user, defaults={"secret": pyotp.random_base32(), "confirmed": False, "last_counter": 0}
    )
    return device


def provisioning_uri(device: TotpDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(name=device.user.username, issuer_name=ISSUER)


def _accept(device: TotpDevice, code: str) -> bool:
    """A valid code (±1 step) not used before: a code cannot be replayed."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return False
    totp = pyotp.TOTP(device.secret)
    now = totp.timecode(dt.datetime.now())
    for counter in (now - 1, now, now + 1):
        if counter > device.last_counter and totp.generate_otp(counter) == code:
            device.last_counter = counter
            device.save(update_fields=["last_counter"])
            return True
    return False


def device_confirm(device: TotpDevice, code: str) -> bool:
    if _accept(device, code):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return True
    return False


def verify_for_login(user, code: str) -> bool:
    device = device_for(user)
    if device is None or not device.confirmed:
        return True
    return _accept(device, code)
